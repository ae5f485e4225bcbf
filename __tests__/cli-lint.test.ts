import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import type { Report } from '../src/report/model.js';
import { runCli, workspace } from './lint/cli-harness.js';

// numeric-stage-reference (info) is registered from the start, so these tests do not depend on
// which other rules have been registered since.
const NUMERIC = 'FROM alpine:3.20 AS build\nRUN echo hi > /x\nFROM alpine:3.20\nCOPY --from=0 /x /x\n';
const CLEAN = 'FROM alpine:3.20\nCOPY app /app\nCMD ["/app"]\n';

describe('docker-diet lint', () => {
  it('exits 0 when nothing is at or over --fail-on (default error), and prints the findings', async () => {
    const root = workspace({ Dockerfile: NUMERIC });
    const run = await runCli(['lint'], root);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Dockerfile:4:1 info numeric-stage-reference --from=0 refers to stage 0');
    expect(run.stderr).toContain('Linted 1 Dockerfile: 1 finding');
  });

  it('exits 1 when findings reach --fail-on, and says why on stderr', async () => {
    const root = workspace({ Dockerfile: NUMERIC });
    const run = await runCli(['lint', '--fail-on', 'info'], root);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('docker-diet: 1 lint finding at or above fail-on "info".');
  });

  it('exits 1 on a syntax error at the default --fail-on', async () => {
    const root = workspace({ 'svc/Dockerfile': 'RUN echo\nFROM alpine:3.20\n' });
    const run = await runCli(['lint'], root);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'svc/Dockerfile:1:1 error dockerfile-syntax RUN comes before the first FROM',
    );
  });

  it('writes the JSON report beside markdown with --json, with the same exit code', async () => {
    const root = workspace({ Dockerfile: NUMERIC });
    const run = await runCli(
      ['lint', '--format', 'markdown', '--json', 'out/diet.json', '--fail-on', 'info'],
      root,
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('numeric-stage-reference');
    const report = JSON.parse(readFileSync(path.join(root, 'out/diet.json'), 'utf8')) as Report;
    expect(report.schemaVersion).toBe(1);
    expect(report.findings.map((f) => f.rule)).toEqual(['numeric-stage-reference']);
  });

  it('lints only the paths and globs given', async () => {
    const root = workspace({ 'a/Dockerfile': NUMERIC, 'b/Dockerfile': NUMERIC, 'c/Dockerfile': CLEAN });
    const run = await runCli(['lint', '--format', 'json', 'a/Dockerfile', 'c/*'], root);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.findings.map((f) => `${f.file}:${f.line} ${f.rule}`)).toEqual([
      'a/Dockerfile:4 numeric-stage-reference',
    ]);
    expect(report.images).toEqual([]);
    expect(run.stderr).toContain('Linted 2 Dockerfiles');
  });

  it('honours the config file: a rule turned off, a severity raised, ignore-paths', async () => {
    const root = workspace({
      Dockerfile: NUMERIC,
      'legacy/Dockerfile': 'RUN x\n',
      '.docker-diet.yml': 'rules:\n  numeric-stage-reference: error\nignore-paths: [legacy/**]\n',
    });
    const raised = await runCli(['lint'], root);
    expect(raised.code).toBe(1);
    expect(raised.stdout).toContain('Dockerfile:4:1 error numeric-stage-reference');
    expect(raised.stdout).not.toContain('legacy/');

    writeFileSync(path.join(root, '.docker-diet.yml'), 'rules:\n  numeric-stage-reference: off\n');
    const off = await runCli(['lint', '--fail-on', 'info', 'Dockerfile'], root);
    expect(off.stdout).toBe('No lint findings.\n');
    expect(off.code).toBe(0);
  });

  it('exits 2 with one clear line for a bad config, a missing --config or a missing path', async () => {
    const root = workspace({
      Dockerfile: CLEAN,
      '.docker-diet.yml': 'rules:\n  numeric-stage-refrence: off\n',
    });
    const bad = await runCli(['lint'], root);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      'docker-diet: .docker-diet.yml: rules.numeric-stage-refrence: unknown rule (did you mean numeric-stage-reference?)',
    );
    expect(bad.stderr).not.toMatch(/\n\s+at /); // no stack trace

    const missingConfig = await runCli(['lint', '--config', 'ci/diet.yml'], workspace({ Dockerfile: CLEAN }));
    expect(missingConfig.code).toBe(2);
    expect(missingConfig.stderr).toContain('docker-diet: config: "ci/diet.yml" does not exist');

    const missingPath = await runCli(['lint', 'nope/Dockerfile'], workspace({ Dockerfile: CLEAN }));
    expect(missingPath.code).toBe(2);
    expect(missingPath.stderr).toContain('docker-diet: lint: "nope/Dockerfile" does not exist');
  });

  it('colours text on a terminal unless NO_COLOR is set', async () => {
    const root = workspace({ Dockerfile: NUMERIC });
    expect((await runCli(['lint'], root, { tty: true })).stdout).toContain('\u001b[36minfo\u001b[0m');
    expect((await runCli(['lint'], root, { tty: true, env: { NO_COLOR: '1' } })).stdout).not.toContain(
      '\u001b[',
    );
    expect((await runCli(['lint'], root)).stdout).not.toContain('\u001b[');
  });

  it('warns about a glob that matches nothing', async () => {
    const run = await runCli(['lint', 'servics/**/Dockerfile'], workspace({ Dockerfile: CLEAN }));
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('warning: lint: "servics/**/Dockerfile" matched no file');
  });
});
