import { describe, expect, it } from '@jest/globals';
import { parseDockerfile } from '../../src/dockerfile/model.js';
import type { BuildStep } from '../../src/report/model.js';
import { estimateRerun, firstChangedLine } from '../../src/whatif/rerun.js';

const step = (name: string, seconds: number | null, cached = false): BuildStep => ({ name, cached, seconds });

describe('firstChangedLine', () => {
  it('finds the first line that differs, whatever the line endings', () => {
    expect(firstChangedLine('a\nb\nc\n', 'a\nB\nc\n')).toBe(2);
    expect(firstChangedLine('a\r\nb\r\n', 'a\r\nb\r\nc\r\n')).toBe(3);
    expect(firstChangedLine('a\nb\n', 'a\nb\n')).toBeUndefined();
  });
});

describe('estimateRerun', () => {
  const model = parseDockerfile(
    'Dockerfile',
    [
      'FROM golang:1.22 AS build',
      'RUN go build -o /app .',
      'FROM debian:12',
      'RUN apt-get update && \\',
      '    apt-get install -y curl',
      'COPY --from=build /app /app',
      'RUN echo done',
      '',
    ].join('\n'),
  );
  const steps = [
    step('[internal] load build definition from Dockerfile', 0.1),
    step('[build 1/2] FROM docker.io/library/golang:1.22', 0.2),
    step('[build 2/2] RUN go build -o /app .', 40),
    step('[stage-1 1/4] FROM docker.io/library/debian:12', 0.2),
    step('[stage-1 2/4] RUN apt-get update &&     apt-get install -y curl', 30),
    step('[stage-1 3/4] COPY --from=build /app /app', 0.5),
    step('[stage-1 4/4] RUN echo done', 0.3, true),
    step('exporting to image', 2),
  ];

  it('sums the steps from the instruction holding the changed line, continuation lines included', () => {
    expect(estimateRerun(model, steps.slice(0, 6), 5)).toEqual({ line: 4, seconds: 30.5, untimed: 0 });
  });

  it('counts the steps the head took from the cache as untimed', () => {
    expect(estimateRerun(model, steps, 7)).toEqual({ line: 7, seconds: 0, untimed: 1 });
  });

  it('leaves out earlier stages and the internal steps', () => {
    expect(estimateRerun(model, steps, 6).seconds).toBe(0.5);
    expect(estimateRerun(model, steps, 2).seconds).toBeCloseTo(70.7, 5);
  });
});
