import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeBuildFailure } from '../../src/docker/build-error.js';
import { BuildProgress } from '../../src/docker/build-progress.js';
import { parseBuildCheckWarning } from '../../src/docker/build-warnings.js';
import { parseBuildxLine } from '../../src/docker/buildx-status.js';
import { parseDockerfile } from '../../src/dockerfile/model.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/buildx-rawjson');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

/** Folds a captured stderr the way the buildx client does; returns the progress and the text lines. */
function replay(name: string): { progress: BuildProgress; text: string[]; output: string[] } {
  const progress = new BuildProgress();
  const text: string[] = [];
  const output: string[] = [];
  for (const line of fixture(name).split('\n')) {
    const parsed = parseBuildxLine(line);
    if (parsed?.type === 'text') text.push(parsed.text);
    if (parsed?.type === 'trace')
      output.push(...progress.add(parsed.trace).lines.map((l) => `${l.stream}:${l.text}`));
  }
  output.push(...progress.finish().map((l) => `${l.stream}:${l.text}`));
  return { progress, text, output };
}

describe('buildx --progress=rawjson', () => {
  it('gives the same steps, output and timings as the Engine API trace', () => {
    const { progress, text, output } = replay('success.jsonl');
    expect(text).toEqual([]);
    expect(progress.steps().map((s) => [s.name, s.cached])).toEqual([
      [expect.stringMatching(/^\[1\/3\] FROM docker\.io\/docker-diet-base\/busybox:1@sha256:/), false],
      ['[2/3] RUN echo out && echo err >&2', false],
      ['[3/3] RUN printf "no newline"', false],
    ]);
    expect(progress.steps().every((s) => typeof s.seconds === 'number' && s.seconds >= 0)).toBe(true);
    expect(output).toEqual(['1:out', '2:err', '1:no newline']);
  });

  it("reads BuildKit's build-check warnings", () => {
    const { progress } = replay('success.jsonl');
    const warnings = progress.warnings().flatMap((w) => parseBuildCheckWarning(w) ?? []);
    expect(warnings).toEqual([
      expect.objectContaining({
        check: 'FromAsCasing',
        message: "'as' and 'FROM' keywords' casing do not match",
        line: 1,
        url: 'https://docs.docker.com/go/dockerfile/rule/from-as-casing/',
      }),
    ]);
  });

  it('maps a failed step to its Dockerfile line with its last output', () => {
    const { progress, text } = replay('run-fails.jsonl');
    const errorLine = text.find((line) => line.startsWith('ERROR:'));
    expect(errorLine).toMatch(/^ERROR: failed to build: failed to solve: process .* exit code: 3$/);
    const error = describeBuildFailure({
      engineMessage: errorLine ?? '',
      failure: progress.failure(),
      model: parseDockerfile('Dockerfile', fixture('run-fails.Dockerfile')),
      steps: progress.steps(),
      builder: 'buildx',
    });
    expect(error.instruction?.line).toBe(2);
    expect(error.message.split('\n')).toEqual([
      'Build failed at Dockerfile:2 (RUN echo start && echo failing >&2 && exit 3): process "/bin/sh -c echo start &&     echo failing >&2 && exit 3" did not complete successfully: exit code: 3',
      '  > start',
      '  > failing',
    ]);
  });

  it('takes text and unparsable lines as text, and skips blank ones', () => {
    expect(parseBuildxLine('')).toBeUndefined();
    expect(parseBuildxLine('ERROR: x')).toEqual({ type: 'text', text: 'ERROR: x' });
    expect(parseBuildxLine('{not json')).toEqual({ type: 'text', text: '{not json' });
    expect(parseBuildxLine('{"vertexes":[{"digest":"d","started":"0001-01-01T00:00:00Z"}]}')).toEqual({
      type: 'trace',
      trace: {
        vertexes: [{ digest: 'd', inputs: [], name: '', cached: false }],
        statuses: [],
        logs: [],
        warnings: [],
      },
    });
  });
});
