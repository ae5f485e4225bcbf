/**
 * BuildKit's own build checks as findings. Newer engines run them during the build (`FromAsCasing`,
 * `JSONArgsRecommended`, …) and send them as warnings; they join docker-diet's findings, named by the
 * check, marked with their source, and left out where a docker-diet rule that stands for the same check
 * (its id or an alias) already reports that line.
 */
import type { BuildCheckWarning } from '../docker/build-warnings.js';
import type { Finding } from '../report/model.js';

/** The findings for `warnings` of a build of `file` that `existing` does not already hold. */
export function buildCheckFindings(
  warnings: readonly BuildCheckWarning[],
  file: string,
  existing: readonly Finding[],
): Finding[] {
  const covered = new Set(
    existing
      .filter((f) => f.file === file)
      .flatMap((f) => [f.rule, ...f.aliases].map((name) => `${name.toLowerCase()}\0${f.line}`)),
  );
  const findings: Finding[] = [];
  for (const warning of warnings) {
    const line = warning.line ?? 1;
    const key = `${warning.check.toLowerCase()}\0${line}`;
    if (covered.has(key)) continue;
    covered.add(key);
    findings.push({
      rule: warning.check,
      aliases: [],
      severity: 'warning',
      file,
      line,
      endLine: line,
      column: 1,
      message: warning.message,
      source: 'buildkit',
      ...(warning.url ? { helpUri: warning.url } : {}),
    });
  }
  return findings;
}
