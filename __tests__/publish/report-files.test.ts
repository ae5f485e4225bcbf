/**
 * Reading the reports `mode: publish` posts: globs, and the checks made before anything of a file is
 * used (regular file, size, JSON, schema), each failure one line naming the file.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { loadReports } from '../../src/publish/report-files.js';
import { DietError } from '../../src/errors.js';
import { growingPr } from '../report/markdown-fixtures.js';

let workspace: string;
const write = (file: string, text: string): void => {
  mkdirSync(path.dirname(path.join(workspace, file)), { recursive: true });
  writeFileSync(path.join(workspace, file), text);
};
const valid = JSON.stringify(growingPr());

beforeEach(() => {
  workspace = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-reports-'));
});

describe('loadReports', () => {
  it('reads the files a glob names, in path order, and plain paths', async () => {
    write('reports/b.json', valid);
    write('reports/a.json', valid);
    write('reports/nested/c.json', valid);
    write('reports/notes.txt', 'not a report');
    write('other.json', valid);
    const { reports, refused } = await loadReports(['reports/**/*.json', 'other.json'], workspace);
    expect(refused).toEqual([]);
    expect(reports.map((r) => r.file)).toEqual([
      'other.json',
      'reports/a.json',
      'reports/b.json',
      'reports/nested/c.json',
    ]);
    expect(reports[0]!.report).toEqual(JSON.parse(valid));
  });

  it('refuses a symlink, a non-JSON file and an invalid report without quoting them', async () => {
    write('secret.txt', 'root:x:0:0:root:/root:/bin/bash');
    mkdirSync(path.join(workspace, 'reports'));
    symlinkSync(path.join(workspace, 'secret.txt'), path.join(workspace, 'reports/link.json'));
    write('reports/text.json', 'root:x:0:0:root:/root:/bin/bash');
    write('reports/wrong.json', JSON.stringify({ ...growingPr(), extra: 'root:x:0:0' }));
    write('reports/ok.json', valid);
    const { reports, refused } = await loadReports(['reports/*.json'], workspace);
    expect(reports.map((r) => r.file)).toEqual(['reports/ok.json']);
    expect(refused).toEqual([
      'docker-diet refused the report reports/link.json: it is not a regular file.',
      'docker-diet refused the report reports/text.json: it is not valid JSON.',
      'docker-diet refused the report reports/wrong.json: (top level): unknown field "extra".',
    ]);
    expect(refused.join('\n')).not.toContain('root:x');
  });

  it('throws one usage line when nothing matches or nothing is named', async () => {
    await expect(loadReports(['reports/*.json'], workspace)).rejects.toThrow(
      /^report: no file matches reports\/\*\.json under /,
    );
    await expect(loadReports([], workspace)).rejects.toBeInstanceOf(DietError);
  });
});
