import { describe, expect, it } from '@jest/globals';
import { BuildProgress, LOG_TAIL_LINES, MAX_LOG_LINES } from '../../src/docker/build-progress.js';
import { encodeTrace, fixtureTraces, loadFixture, timestamp } from './trace-fixtures.js';

const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);
const FROM = 'sha256:aaaa';
const RUN = 'sha256:bbbb';
const COPY = 'sha256:cccc';

/** Feeds hand-made messages, encoded as the engine would send them. */
function feed(progress: BuildProgress, ...messages: Record<string, unknown>[]) {
  return messages.map((m) => {
    const update = progress.addTrace(encodeTrace(m));
    if (!update) throw new Error('message did not decode');
    return update;
  });
}

const log = (vertex: string, stream: number, text: string, at = T0) => ({
  vertex,
  stream,
  msg: Buffer.from(text),
  timestamp: timestamp(at),
});

describe('BuildProgress', () => {
  it('keeps the first start, the last completion and the last cached flag of a repeated vertex', () => {
    const progress = new BuildProgress();
    feed(
      progress,
      { vertexes: [{ digest: RUN, name: '[2/2] RUN make' }] },
      { vertexes: [{ digest: RUN, name: '[2/2] RUN make', started: timestamp(T0) }] },
      // A resend with a later start must not move the start.
      { vertexes: [{ digest: RUN, name: '[2/2] RUN make', started: timestamp(T0 + 400) }] },
      {
        vertexes: [
          {
            digest: RUN,
            name: '[2/2] RUN make',
            started: timestamp(T0 + 400),
            completed: timestamp(T0 + 900),
          },
        ],
      },
      {
        vertexes: [
          {
            digest: RUN,
            name: '[2/2] RUN make',
            cached: true,
            started: timestamp(T0 + 400),
            completed: timestamp(T0 + 1250),
          },
        ],
      },
    );
    expect(progress.steps()).toEqual([{ name: '[2/2] RUN make', cached: true, seconds: 1.25 }]);
    expect(progress.vertexes()).toHaveLength(1);
  });

  it('reports a step that never completed with null seconds and leaves unnamed vertexes out', () => {
    const progress = new BuildProgress();
    feed(progress, {
      vertexes: [
        { digest: 'sha256:unnamed', started: timestamp(T0), completed: timestamp(T0 + 5) },
        { digest: RUN, name: '[2/2] RUN sleep 100', started: timestamp(T0) },
      ],
    });
    expect(progress.steps()).toEqual([{ name: '[2/2] RUN sleep 100', cached: false, seconds: null }]);
  });

  it('numbers new vertexes after their inputs, whatever order the message lists them in', () => {
    const progress = new BuildProgress();
    feed(progress, {
      vertexes: [
        { digest: COPY, inputs: [RUN], name: '[3/3] COPY a /a' },
        { digest: RUN, inputs: [FROM], name: '[2/3] RUN make' },
        { digest: FROM, name: '[1/3] FROM busybox' },
      ],
    });
    expect(progress.vertexes().map((v) => [v.number, v.name])).toEqual([
      [1, '[1/3] FROM busybox'],
      [2, '[2/3] RUN make'],
      [3, '[3/3] COPY a /a'],
    ]);
  });

  it('joins output split across messages into lines, per stream, and flushes a last partial line', () => {
    const progress = new BuildProgress();
    const [first, second] = feed(
      progress,
      {
        vertexes: [{ digest: RUN, name: '[2/2] RUN make', started: timestamp(T0) }],
        logs: [log(RUN, 2, '/bin/sh: '), log(RUN, 1, 'out one\nout '), log(RUN, 2, 'divide by zero')],
      },
      { logs: [log(RUN, 2, '\n'), log(RUN, 1, 'two\nno newline')] },
    );
    expect(first?.lines.map((l) => [l.stream, l.text])).toEqual([[1, 'out one']]);
    expect(second?.lines.map((l) => [l.stream, l.text])).toEqual([
      [2, '/bin/sh: divide by zero'],
      [1, 'out two'],
    ]);
    expect(progress.finish().map((l) => l.text)).toEqual(['no newline']);
    expect(progress.vertexes()[0]?.logs).toEqual([
      'out one',
      '/bin/sh: divide by zero',
      'out two',
      'no newline',
    ]);
  });

  it('flushes a partial line when its step completes', () => {
    const progress = new BuildProgress();
    const [, done] = feed(
      progress,
      {
        vertexes: [{ digest: RUN, name: '[2/2] RUN printf x', started: timestamp(T0) }],
        logs: [log(RUN, 1, 'x')],
      },
      {
        vertexes: [
          { digest: RUN, name: '[2/2] RUN printf x', started: timestamp(T0), completed: timestamp(T0) },
        ],
      },
    );
    expect(done?.lines.map((l) => l.text)).toEqual(['x']);
    expect(progress.finish()).toEqual([]);
  });

  it('keeps what a progress bar drew last and drops Windows line endings', () => {
    const progress = new BuildProgress();
    feed(progress, { logs: [log(RUN, 1, ' 10%\r 50%\r100%\nline\r\n')] });
    expect(progress.vertexes()[0]?.logs).toEqual(['100%', 'line']);
  });

  it(`keeps only the last ${MAX_LOG_LINES} lines of a chatty step`, () => {
    const progress = new BuildProgress();
    const text = Array.from({ length: MAX_LOG_LINES + 50 }, (_, i) => `line ${i}\n`).join('');
    feed(progress, { vertexes: [{ digest: RUN, name: '[2/2] RUN seq 250' }], logs: [log(RUN, 1, text)] });
    const logs = progress.vertexes()[0]?.logs ?? [];
    expect(logs).toHaveLength(MAX_LOG_LINES);
    expect(logs[0]).toBe('line 50');
    expect(logs.at(-1)).toBe(`line ${MAX_LOG_LINES + 49}`);
  });

  it('names the failed step, not the ones BuildKit canceled because of it', () => {
    const progress = new BuildProgress();
    const lines = Array.from({ length: 30 }, (_, i) => `compile ${i}\n`).join('');
    feed(
      progress,
      {
        vertexes: [
          { digest: COPY, name: '[other 2/2] RUN sleep 10', started: timestamp(T0) },
          { digest: RUN, name: '[build 2/2] RUN make', started: timestamp(T0) },
        ],
        logs: [log(RUN, 1, lines)],
      },
      {
        vertexes: [
          {
            digest: COPY,
            name: '[other 2/2] RUN sleep 10',
            completed: timestamp(T0 + 10),
            error: 'context canceled',
          },
          { digest: RUN, name: '[build 2/2] RUN make', completed: timestamp(T0 + 10), error: 'exit code: 2' },
        ],
      },
    );
    const failure = progress.failure();
    expect(failure?.name).toBe('[build 2/2] RUN make');
    expect(failure?.error).toBe('exit code: 2');
    expect(failure?.logTail).toHaveLength(LOG_TAIL_LINES);
    expect(failure?.logTail.at(-1)).toBe('compile 29');
    expect(progress.steps().map((s) => s.error)).toEqual(['context canceled', 'exit code: 2']);
  });

  it('has no failure when no step failed', () => {
    const progress = new BuildProgress();
    feed(progress, { vertexes: [{ digest: RUN, name: '[1/1] FROM x', completed: timestamp(T0) }] });
    expect(progress.failure()).toBeUndefined();
  });

  it('skips a payload that does not decode and counts it', () => {
    const progress = new BuildProgress();
    expect(progress.addTrace(Buffer.from([0x0a, 0xc8, 0x01, 0x41]))).toBeUndefined();
    expect(progress.undecodable).toBe(1);
    expect(progress.steps()).toEqual([]);
  });

  it('summarises a real uncached build, in build order, with output per step', () => {
    const progress = new BuildProgress();
    for (const data of fixtureTraces(loadFixture('success'))) progress.addTrace(data);
    progress.finish();
    const steps = progress.steps();
    const names = steps.map((s) => s.name);
    expect(names.indexOf('[build 1/4] FROM docker.io/docker-diet-base/busybox:1')).toBeLessThan(
      names.indexOf('[build 3/4] WORKDIR /app'),
    );
    expect(names.at(-1)).toBe('[stage-1 3/3] RUN cat /greeting.txt');
    // BuildKit's own vertexes are not build steps.
    expect(names.filter((n) => n.startsWith('[internal]') || n === 'exporting to image')).toEqual([]);
    const run = steps.find((s) => s.name.startsWith('[build 2/4] RUN'));
    expect(run).toMatchObject({ cached: false });
    expect(run?.seconds).toBeGreaterThan(0);
    const runVertex = progress.vertexes().find((v) => v.name.startsWith('[build 2/4] RUN'));
    expect(runVertex?.logs).toEqual(['howdy from the build stage', 'to stderr', 'no newline at the end']);
    expect(steps.every((s) => s.seconds !== null && s.error === undefined)).toBe(true);
    expect(progress.undecodable).toBe(0);
  });

  it('reports the RUN, WORKDIR and COPY steps of a real rebuild as cached', () => {
    const progress = new BuildProgress();
    for (const data of fixtureTraces(loadFixture('cached'))) progress.addTrace(data);
    const instructions = progress.steps().filter((s) => /^\[\S+ \d+\/\d+\] (RUN|COPY|WORKDIR)/.test(s.name));
    expect(instructions).toHaveLength(5);
    expect(instructions.every((s) => s.cached)).toBe(true);
  });
});
