/**
 * The rules for BuildKit's stage, FROM and casing checks, through the engine: suppressed by their id,
 * their hadolint code or their BuildKit name, and replacing BuildKit's own warning on the same line.
 */
import { describe, expect, it } from '@jest/globals';
import { parseBuildCheckWarning } from '../../src/docker/build-warnings.js';
import { buildCheckFindings } from '../../src/lint/build-checks.js';
import { lintDockerfile } from '../../src/lint/engine.js';

const rulesAt = (text: string): string[] =>
  lintDockerfile('Dockerfile', text).map((f) => `${f.line} ${f.rule}`);

describe('stage and FROM rules through the engine', () => {
  const duplicate =
    'FROM node:20 AS build\nRUN npm ci\n{{comment}}FROM node:20-slim AS build\nRUN npm test\n';

  it('reports them with the other rules', () => {
    expect(rulesAt(duplicate.replace('{{comment}}', ''))).toContain('3 duplicate-stage-name');
  });

  it.each([
    '# docker-diet ignore=duplicate-stage-name\n',
    '# hadolint ignore=DL3024\n',
    '# docker-diet ignore=DuplicateStageName\n',
  ])('are suppressed by %s', (comment) => {
    expect(rulesAt(duplicate.replace('{{comment}}', comment))).not.toContain('3 duplicate-stage-name');
  });

  it('a lower-case file raises no casing finding; an upper-case AS in it does', () => {
    expect(
      rulesAt('from alpine:3.20 as build\nrun echo hi\nfrom scratch\ncopy --from=build /a /a\n'),
    ).toEqual([]);
    expect(rulesAt('from alpine:3.20 AS build\nrun echo hi\n')).toEqual(['1 from-as-casing']);
  });

  it("stand in for BuildKit's warnings at the same line", () => {
    const text = 'FROM alpine:3.20 as Build\nRUN echo hi\n';
    const own = lintDockerfile('Dockerfile', text);
    expect(own.map((f) => f.rule)).toEqual(['from-as-casing', 'stage-name-casing']);
    const warnings = [
      "FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 1)",
      "StageNameCasing: Stage name 'Build' should be lowercase (line 1)",
    ].map((short) => parseBuildCheckWarning({ vertex: 'v', level: 1, short, detail: [], url: '' })!);
    expect(buildCheckFindings(warnings, 'Dockerfile', own)).toEqual([]);
  });
});

describe("BuildKit's `# check=skip=` directive", () => {
  const text = 'FROM alpine:3.20 as Build\nRUN echo hi\n';

  it('silences the rules of the skipped checks, and only those', () => {
    expect(rulesAt(`# check=skip=StageNameCasing\n${text}`)).toEqual(['2 from-as-casing']);
    expect(
      rulesAt(`# syntax=docker/dockerfile:1\n# check=skip=FromAsCasing,StageNameCasing;error=true\n${text}`),
    ).toEqual([]);
  });

  it('skip=all silences every rule with a BuildKit check name, not the others', () => {
    expect(rulesAt(`# check=skip=all\n${text}`)).toEqual([]);
    expect(rulesAt('# check=skip=all\nFROM debian:12\nRUN apt-get install curl\n')).toContain(
      '3 apt-get-missing-y',
    );
  });

  it('is only a directive at the top of the file', () => {
    expect(rulesAt(`${text}# check=skip=StageNameCasing\n`)).toContain('1 stage-name-casing');
  });
});
