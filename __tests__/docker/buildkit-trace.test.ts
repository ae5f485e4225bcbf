import { describe, expect, it } from '@jest/globals';
import { decodeBuildTrace } from '../../src/docker/buildkit-trace.js';
import { encodeTrace, fixtureTraces, loadFixture, timestamp } from './trace-fixtures.js';

const RUN = 'sha256:1111111111111111111111111111111111111111111111111111111111111111';
const FROM = 'sha256:2222222222222222222222222222222222222222222222222222222222222222';

describe('decodeBuildTrace', () => {
  it('decodes vertexes, statuses, logs and warnings into plain objects', () => {
    const started = Date.UTC(2026, 10, 23, 8, 0, 0, 250);
    const data = encodeTrace({
      vertexes: [
        {
          digest: RUN,
          inputs: [FROM],
          name: '[build 2/4] RUN make',
          cached: false,
          started: timestamp(started),
          completed: timestamp(started + 1500),
          error: 'process "/bin/sh -c make" did not complete successfully: exit code: 2',
        },
        { digest: FROM, name: '[build 1/4] FROM docker.io/library/golang:1.22', cached: true },
      ],
      statuses: [
        {
          ID: 'exporting layers',
          vertex: RUN,
          name: 'exporting layers',
          current: 5_000_000_000,
          total: 6_000_000_000,
          timestamp: timestamp(started + 10),
          started: timestamp(started),
          completed: timestamp(started + 20),
        },
      ],
      logs: [
        {
          vertex: RUN,
          timestamp: timestamp(started + 5),
          stream: 2,
          msg: Buffer.from('make: *** [all] Error 2\n'),
        },
      ],
      warnings: [
        {
          vertex: RUN,
          level: 1,
          short: Buffer.from('FromAsCasing'),
          detail: [Buffer.from('line one'), Buffer.from('line two')],
          url: 'https://docs.docker.com/go/dockerfile/rule/from-as-casing/',
        },
      ],
    });

    const trace = decodeBuildTrace(data);

    expect(trace.vertexes).toEqual([
      {
        digest: RUN,
        inputs: [FROM],
        name: '[build 2/4] RUN make',
        cached: false,
        started,
        completed: started + 1500,
        error: 'process "/bin/sh -c make" did not complete successfully: exit code: 2',
      },
      // Unset timestamps and errors stay absent rather than becoming 0 / ''.
      { digest: FROM, inputs: [], name: '[build 1/4] FROM docker.io/library/golang:1.22', cached: true },
    ]);
    // int64 counters beyond 2^32 come out as plain numbers.
    expect(trace.statuses).toEqual([
      {
        id: 'exporting layers',
        vertex: RUN,
        name: 'exporting layers',
        current: 5_000_000_000,
        total: 6_000_000_000,
        timestamp: started + 10,
        started,
        completed: started + 20,
      },
    ]);
    expect(trace.logs).toHaveLength(1);
    expect(trace.logs[0]).toMatchObject({ vertex: RUN, stream: 2, timestamp: started + 5 });
    expect(trace.logs[0]?.data.toString()).toBe('make: *** [all] Error 2\n');
    expect(trace.warnings).toEqual([
      {
        vertex: RUN,
        level: 1,
        short: 'FromAsCasing',
        detail: ['line one', 'line two'],
        url: 'https://docs.docker.com/go/dockerfile/rule/from-as-casing/',
      },
    ]);
  });

  it('keeps sub-millisecond precision of timestamps', () => {
    const trace = decodeBuildTrace(
      encodeTrace({ vertexes: [{ digest: RUN, started: { seconds: 1_800_000_000, nanos: 123_456_789 } }] }),
    );
    expect((trace.vertexes[0]?.started ?? 0) - 1_800_000_000_000).toBeCloseTo(123.456789, 3);
  });

  it('decodes an empty message to empty lists', () => {
    expect(decodeBuildTrace(new Uint8Array())).toEqual({
      vertexes: [],
      statuses: [],
      logs: [],
      warnings: [],
    });
  });

  it('rejects bytes that are not a StatusResponse with a short message', () => {
    // Field 1 declared as a length-delimited string of 200 bytes, but only 2 follow.
    expect(() => decodeBuildTrace(Buffer.from([0x0a, 0xc8, 0x01, 0x41, 0x42]))).toThrow(
      /^not a BuildKit status message: /,
    );
  });

  it('decodes every payload the real engine sent for a multi-stage build', () => {
    const traces = fixtureTraces(loadFixture('success')).map(decodeBuildTrace);
    expect(traces.length).toBeGreaterThan(10);
    const names = new Set(traces.flatMap((t) => t.vertexes.map((v) => v.name)));
    expect(names).toContain('[build 3/4] WORKDIR /app');
    expect(names).toContain('[stage-1 3/3] RUN cat /greeting.txt');
    expect(names).toContain('exporting to image');

    const output = traces.flatMap((t) => t.logs).map((l) => `${l.stream}:${l.data.toString()}`);
    expect(output).toEqual(
      expect.arrayContaining([
        '1:howdy from the build stage\n',
        '2:to stderr\n',
        '1:no newline at the end',
        '1:greetings from the context\n',
      ]),
    );
    // Timestamps are real wall-clock times (after 2020) and completion never precedes the start.
    for (const v of traces.flatMap((t) => t.vertexes)) {
      if (v.started !== undefined) expect(v.started).toBeGreaterThan(Date.UTC(2020, 0, 1));
      if (v.started !== undefined && v.completed !== undefined) {
        expect(v.completed).toBeGreaterThanOrEqual(v.started);
      }
    }
  });

  it('finds the step error in the real trace of a failing RUN', () => {
    const traces = fixtureTraces(loadFixture('run-fails')).map(decodeBuildTrace);
    const failed = traces.flatMap((t) => t.vertexes).filter((v) => v.error);
    expect(failed.map((v) => v.name)).toContain(
      '[build 3/3] RUN echo "compiling" &&     echo "error: missing semicolon" >&2 &&     exit 3',
    );
    expect(failed[0]?.error).toMatch(/exit code: 3$/);
  });
});
