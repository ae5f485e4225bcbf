/**
 * BuildKit's build-check warnings: parsed from the status stream's short text, kept once each by the
 * build's progress, and turned into findings that do not repeat a docker-diet finding for the same check.
 */
import { describe, expect, it } from '@jest/globals';
import { BuildProgress } from '../../src/docker/build-progress.js';
import { parseBuildCheckWarning } from '../../src/docker/build-warnings.js';
import type { TraceWarning } from '../../src/docker/buildkit-trace.js';
import { buildCheckFindings } from '../../src/lint/build-checks.js';
import type { Finding } from '../../src/report/model.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { createReport } from '../../src/report/model.js';
import { renderSarif } from '../../src/report/sarif.js';

/** As Docker 28.5's BuildKit sends it. */
const FROM_AS: TraceWarning = {
  vertex: 'sha256:866d',
  level: 1,
  short: "FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 1)",
  detail: ["The 'as' keyword should match the case of the 'from' keyword"],
  url: 'https://docs.docker.com/go/dockerfile/rule/from-as-casing/',
};

describe('parseBuildCheckWarning', () => {
  it('takes the check name, the message and the line apart', () => {
    expect(parseBuildCheckWarning(FROM_AS)).toEqual({
      check: 'FromAsCasing',
      message: "'as' and 'FROM' keywords' casing do not match",
      line: 1,
      url: 'https://docs.docker.com/go/dockerfile/rule/from-as-casing/',
    });
  });

  it('keeps a check without a line, and drops text that names no check', () => {
    const noLine = parseBuildCheckWarning({
      ...FROM_AS,
      short: 'UndefinedArgInFrom: FROM argument "X" is not declared',
    });
    expect(noLine?.check).toBe('UndefinedArgInFrom');
    expect(noLine?.line).toBeUndefined();
    expect(parseBuildCheckWarning({ ...FROM_AS, short: 'something happened' })).toBeUndefined();
  });
});

describe('BuildProgress.warnings', () => {
  it('keeps each warning once, in arrival order', () => {
    const progress = new BuildProgress();
    const second = { ...FROM_AS, short: "StageNameCasing: Stage name 'Build' should be lowercase (line 1)" };
    progress.add({ vertexes: [], statuses: [], logs: [], warnings: [FROM_AS] });
    progress.add({ vertexes: [], statuses: [], logs: [], warnings: [FROM_AS, second] });
    expect(progress.warnings().map((w) => w.short)).toEqual([FROM_AS.short, second.short]);
  });
});

describe('buildCheckFindings', () => {
  const warning = parseBuildCheckWarning(FROM_AS)!;
  const own = (rule: string, aliases: string[], line: number): Finding => ({
    rule,
    aliases,
    severity: 'warning',
    file: 'Dockerfile',
    line,
    endLine: line,
    column: 1,
    message: 'x',
  });

  it('makes a finding named by the check, marked as from BuildKit, linking its docs', () => {
    expect(buildCheckFindings([warning], 'app/Dockerfile', [])).toEqual([
      {
        rule: 'FromAsCasing',
        aliases: [],
        severity: 'warning',
        file: 'app/Dockerfile',
        line: 1,
        endLine: 1,
        column: 1,
        message: "'as' and 'FROM' keywords' casing do not match",
        source: 'buildkit',
        helpUri: 'https://docs.docker.com/go/dockerfile/rule/from-as-casing/',
      },
    ]);
  });

  it('says nothing a docker-diet rule for the same check already says on that line, and says it once', () => {
    expect(buildCheckFindings([warning], 'Dockerfile', [own('from-as-casing', ['FromAsCasing'], 1)])).toEqual(
      [],
    );
    expect(
      buildCheckFindings([warning], 'Dockerfile', [own('from-as-casing', ['FromAsCasing'], 2)]),
    ).toHaveLength(1);
    expect(buildCheckFindings([warning], 'Dockerfile', [own('other', [], 1)])).toHaveLength(1);
    expect(buildCheckFindings([warning, warning], 'Dockerfile', [])).toHaveLength(1);
  });

  it('links the check to its own docs in the markdown and SARIF reports', () => {
    const report = createReport('0.0.0');
    report.findings = buildCheckFindings([warning], 'Dockerfile', []);
    expect(renderMarkdown(report)).toContain(`[FromAsCasing](${warning.url})`);
    const sarif = renderSarif(report) as {
      runs: { tool: { driver: { rules: { id: string; helpUri?: string }[] } } }[];
    };
    expect(sarif.runs[0]!.tool.driver.rules.find((r) => r.id === 'FromAsCasing')?.helpUri).toBe(warning.url);
  });
});
