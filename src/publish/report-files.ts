/**
 * Reading the JSON reports `mode: publish` posts. They come from other jobs' artifacts, which code
 * of a pull request may have written, so each file is checked before anything of it is used: a
 * regular file (no symlink to a runner file), at most `MAX_REPORT_BYTES`, JSON, and valid against
 * the report schema. A file that fails is refused with one line naming it and its first problem;
 * nothing of its content is quoted back.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { environmentError } from '../errors.js';
import type { Report } from '../report/model.js';
import { MAX_REPORT_BYTES, reportProblem } from '../report/validate.js';
import { formatBytes } from '../units/size.js';

/** A report that passed the checks, with the path it was read from (relative to the workspace). */
export interface LoadedReport {
  file: string;
  report: Report;
}

/** What was read: the valid reports in file order, and one line per refused file. */
export interface LoadedReports {
  reports: LoadedReport[];
  refused: string[];
}

/** Folders a glob walks at most, so a glob like `**` over a big workspace ends. */
const MAX_WALKED = 10_000;

/**
 * Reads every file the patterns name (paths or globs relative to `workspace`). Throws when no file
 * matches at all: then there is nothing to publish and the workflow is likely wrong.
 */
export async function loadReports(patterns: readonly string[], workspace: string): Promise<LoadedReports> {
  if (patterns.length === 0)
    throw environmentError(
      'mode: publish needs `report`: the JSON report files to publish, e.g. `reports/*.json`.',
    );
  const files = new Set<string>();
  for (const pattern of patterns) for (const file of await expand(pattern, workspace)) files.add(file);
  if (files.size === 0)
    throw environmentError(
      `report: no file matches ${patterns.join(', ')} under ${workspace}.`,
      'Download the artifact of the check jobs first (actions/download-artifact) into that folder.',
    );
  const result: LoadedReports = { reports: [], refused: [] };
  for (const file of [...files].sort()) {
    const shown = path.relative(workspace, file) || file;
    const problem = await readReport(file);
    if (typeof problem === 'string')
      result.refused.push(`docker-diet refused the report ${shown}: ${problem}.`);
    else result.reports.push({ file: shown, report: problem });
  }
  return result;
}

/** The report in `file`, or the reason it is refused. */
async function readReport(file: string): Promise<Report | string> {
  const stat = await fs.lstat(file);
  if (!stat.isFile()) return 'it is not a regular file';
  if (stat.size > MAX_REPORT_BYTES)
    return `it is ${formatBytes(stat.size)}, over the ${formatBytes(MAX_REPORT_BYTES)} a report may be`;
  let value: unknown;
  try {
    value = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch {
    // JSON.parse's message quotes the text, which may not be a report at all: not repeated here.
    return 'it is not valid JSON';
  }
  return reportProblem(value) ?? (value as Report);
}

/** The files a path or glob names, absolute; a plain path that does not exist names none. */
async function expand(pattern: string, workspace: string): Promise<string[]> {
  const absolute = path.resolve(workspace, pattern);
  const scan = picomatch.scan(absolute);
  if (!scan.isGlob) {
    const exists = await fs.lstat(absolute).then(
      () => true,
      () => false,
    );
    return exists ? [absolute] : [];
  }
  const isMatch = picomatch(absolute, { dot: false });
  const found: string[] = [];
  const pending = [scan.base || '/'];
  let walked = 0;
  while (pending.length > 0 && walked++ < MAX_WALKED) {
    const dir = pending.shift()!;
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) pending.push(full);
      else if (isMatch(full)) found.push(full);
    }
  }
  return found;
}
