import { describe, expect, it } from '@jest/globals';
import { parseDockerfile } from '../../src/dockerfile/model.js';
import { isSuppressed, parseSuppressions } from '../../src/lint/suppress.js';
import type { RuleMeta } from '../../src/lint/types.js';

const apt: RuleMeta = {
  id: 'apt-lists-not-removed',
  severity: 'warning',
  category: 'size',
  aliases: ['DL3009'],
  description: 'apt lists left behind',
  messages: {},
};
const pip: RuleMeta = { ...apt, id: 'pip-no-cache-dir', aliases: ['DL3042'] };
const metas = [apt, pip];

/** Which instructions (1-based start lines) would have a finding of `meta` suppressed. */
function suppressedLines(code: string, meta: RuleMeta): number[] {
  const model = parseDockerfile('Dockerfile', code);
  const suppressions = parseSuppressions(model, metas);
  return model.instructions
    .filter((i) => isSuppressed(suppressions, model, meta, i.range))
    .map((i) => i.range.start.line + 1);
}

describe('suppression comments', () => {
  it('an ignore comment applies to the instruction right below only', () => {
    const code = [
      'FROM debian:12',
      '# docker-diet ignore=apt-lists-not-removed',
      'RUN apt-get update && apt-get install -y curl',
      'RUN apt-get update && apt-get install -y git',
    ].join('\n');
    expect(suppressedLines(code, apt)).toEqual([3]);
    expect(suppressedLines(code, pip)).toEqual([]);
  });

  it('a blank line between comment and instruction breaks the link', () => {
    expect(suppressedLines('FROM a\n# docker-diet ignore=apt-lists-not-removed\n\nRUN x', apt)).toEqual([]);
  });

  it('a block of comment lines may carry several directives, with reasons after the ids', () => {
    const code = [
      'FROM a',
      '# hadolint ignore=DL3042',
      '# docker-diet ignore=apt-lists-not-removed -- the lists are needed at runtime',
      '# (an ordinary comment)',
      'RUN x',
    ].join('\n');
    expect(suppressedLines(code, apt)).toEqual([5]);
    expect(suppressedLines(code, pip)).toEqual([5]);
  });

  it('lists several ids, any case, with spaces around commas', () => {
    const code = 'FROM a\n#Docker-Diet IGNORE = DL3009 , pip-no-cache-dir\nRUN x';
    expect(suppressedLines(code, apt)).toEqual([3]);
    expect(suppressedLines(code, pip)).toEqual([3]);
  });

  it('hadolint codes match through aliases; a hadolint comment above applies like ours', () => {
    expect(suppressedLines('FROM a\n# hadolint ignore=DL3009,DL3015\nRUN x\nRUN y', apt)).toEqual([3]);
    expect(suppressedLines('FROM a\n# hadolint ignore=DL3015\nRUN x', apt)).toEqual([]);
  });

  it('global ignores apply anywhere in the file, wherever the comment sits', () => {
    const code = 'FROM a\nRUN x\n# docker-diet global ignore=apt-lists-not-removed\nRUN y';
    expect(suppressedLines(code, apt)).toEqual([1, 2, 4]);
    expect(suppressedLines('# hadolint global ignore=DL3042\nFROM a\nRUN x', pip)).toEqual([2, 3]);
  });

  it('a comment inside a continued RUN or a heredoc body is script, not a directive', () => {
    const continued = [
      'FROM a',
      'RUN apt-get update \\',
      '# docker-diet global ignore=apt-lists-not-removed',
      '  && apt-get install -y curl',
      'RUN y',
    ].join('\n');
    expect(suppressedLines(continued, apt)).toEqual([]);
    const heredoc = 'FROM a\nRUN <<EOF\n# docker-diet ignore=apt-lists-not-removed\nEOF\nRUN y';
    expect(suppressedLines(heredoc, apt)).toEqual([]);
  });

  it('a finding in the middle of a multi-line instruction is suppressed by the comment above it', () => {
    const model = parseDockerfile(
      'Dockerfile',
      'FROM a\n# docker-diet ignore=apt-lists-not-removed\nRUN a \\\n  && b',
    );
    const range = { start: { line: 3, character: 2 }, end: { line: 3, character: 6 } };
    expect(isSuppressed(parseSuppressions(model, metas), model, apt, range)).toBe(true);
  });

  it('reports docker-diet ids that name no rule, but not unknown hadolint codes', () => {
    const model = parseDockerfile(
      'Dockerfile',
      'FROM a\n# docker-diet ignore=apt-lists-not-removd,DL3009\n# hadolint ignore=SC2086\nRUN x',
    );
    expect(parseSuppressions(model, metas).unknown).toEqual([{ id: 'apt-lists-not-removd', line: 1 }]);
  });

  it('ignores comments that only look similar', () => {
    const code = 'FROM a\n# docker-diet: ignore this line\n# ignore=apt-lists-not-removed\nRUN x';
    expect(suppressedLines(code, apt)).toEqual([]);
  });
});

describe('suppressing the BuildKit-check rules', () => {
  it('by hadolint code, BuildKit check name or docker-diet id', async () => {
    const { lintDockerfile } = await import('../../src/lint/engine.js');
    const { RULES } = await import('../../src/lint/rules/index.js');
    const code = [
      'FROM node:22-slim',
      '# hadolint ignore=DL3000',
      'WORKDIR app',
      '# docker-diet ignore=SecretsUsedInArgOrEnv',
      'ARG NPM_TOKEN',
      '# hadolint ignore=DL4000',
      'MAINTAINER ops@e.x',
      '# docker-diet ignore=json-args-recommended',
      'CMD node server.js',
      'EXPOSE 80/TCP',
    ].join('\n');
    const found = lintDockerfile('Dockerfile', code, { rules: RULES }).map((f) => `${f.line} ${f.rule}`);
    expect(found).toEqual(['10 expose-proto-casing']);
  });
});
