import { describe, expect, it } from '@jest/globals';
import { BuildProgress } from '../../src/docker/build-progress.js';
import {
  plainProgressPrinter,
  ttyProgressDisplay,
  type ProgressDisplay,
  type TerminalStream,
} from '../../src/docker/build-progress-display.js';
import { encodeTrace, fixtureTraces, loadFixture, timestamp } from './trace-fixtures.js';

const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);
const FROM = 'sha256:aaaa';
const RUN = 'sha256:bbbb';
const EXPORT = 'sha256:cccc';

/** Runs messages through a fresh BuildProgress into `display`, as the client does. */
function play(display: ProgressDisplay, messages: (Record<string, unknown> | Buffer)[]): BuildProgress {
  const progress = new BuildProgress();
  for (const message of messages) {
    const update = progress.addTrace(Buffer.isBuffer(message) ? message : encodeTrace(message));
    if (update) display.onProgress(update, progress);
  }
  const lines = progress.finish();
  if (lines.length > 0) display.onProgress({ vertexes: [], lines, statuses: [], warnings: [] }, progress);
  display.onEnd(progress);
  return progress;
}

const vertex = (digest: string, name: string, fields: Record<string, unknown> = {}) => ({
  digest,
  name,
  ...fields,
});
const at = (ms: number) => timestamp(T0 + ms);

/** A build: a cached FROM, a RUN that prints and fails, an export with a status. */
const FAILING_BUILD = [
  {
    vertexes: [
      vertex(FROM, '[1/2] FROM docker.io/library/busybox'),
      vertex(RUN, '[2/2] RUN make', { inputs: [FROM] }),
    ],
  },
  {
    vertexes: [
      vertex(FROM, '[1/2] FROM docker.io/library/busybox', {
        cached: true,
        started: at(0),
        completed: at(0),
      }),
    ],
  },
  {
    vertexes: [vertex(RUN, '[2/2] RUN make', { started: at(100) })],
    logs: [{ vertex: RUN, stream: 1, timestamp: at(412), msg: Buffer.from('cc -o app main.c\n') }],
  },
  {
    logs: [
      { vertex: RUN, stream: 2, timestamp: at(1300), msg: Buffer.from('main.c:3: error: expected ;\n') },
    ],
    warnings: [{ vertex: RUN, level: 1, short: Buffer.from('legacy syntax') }],
  },
  {
    vertexes: [
      vertex(RUN, '[2/2] RUN make', {
        started: at(100),
        completed: at(1400),
        error: 'process "/bin/sh -c make" did not complete successfully: exit code: 2',
      }),
    ],
  },
];

describe('plainProgressPrinter', () => {
  it('prints like docker build --progress=plain', () => {
    const out: string[] = [];
    play(
      plainProgressPrinter((line) => out.push(line)),
      FAILING_BUILD,
    );
    expect(out).toEqual([
      '#1 [1/2] FROM docker.io/library/busybox',
      '#1 CACHED',
      '',
      '#2 [2/2] RUN make',
      '#2 0.312 cc -o app main.c',
      '#2 1.200 main.c:3: error: expected ;',
      '#2 WARNING: legacy syntax',
      '#2 ERROR: process "/bin/sh -c make" did not complete successfully: exit code: 2',
    ]);
  });

  it('repeats the header when output switches between steps, and prints finished statuses', () => {
    const out: string[] = [];
    play(
      plainProgressPrinter((line) => out.push(line)),
      [
        {
          vertexes: [
            vertex(FROM, '[a 2/2] RUN one', { started: at(0) }),
            vertex(RUN, '[b 2/2] RUN two', { started: at(0) }),
          ],
        },
        { logs: [{ vertex: FROM, stream: 1, timestamp: at(10), msg: Buffer.from('from one\n') }] },
        { logs: [{ vertex: RUN, stream: 1, timestamp: at(20), msg: Buffer.from('from two\n') }] },
        { vertexes: [vertex(FROM, '[a 2/2] RUN one', { started: at(0), completed: at(2000) })] },
        {
          vertexes: [vertex(EXPORT, 'exporting to image', { started: at(2000) })],
          statuses: [
            {
              ID: 'exporting layers',
              vertex: EXPORT,
              name: 'exporting layers',
              started: at(2000),
              completed: at(2100),
            },
            { ID: 'sending tarball', vertex: EXPORT, name: 'sending tarball', current: 1500, total: 3000 },
          ],
        },
        // Resent unchanged after another step printed: no empty block.
        { vertexes: [vertex(FROM, '[a 2/2] RUN one', { started: at(0), completed: at(2000) })] },
      ],
    );
    expect(out).toEqual([
      '#1 [a 2/2] RUN one',
      '',
      '#2 [b 2/2] RUN two',
      '',
      '#1 [a 2/2] RUN one',
      '#1 0.010 from one',
      '',
      '#2 [b 2/2] RUN two',
      '#2 0.020 from two',
      '',
      '#1 [a 2/2] RUN one',
      '#1 DONE 2.0s',
      '',
      '#3 exporting to image',
      '#3 exporting layers 0.1s done',
    ]);
  });

  it('prints the output of a real failing build with the error last', () => {
    const out: string[] = [];
    play(
      plainProgressPrinter((line) => out.push(line)),
      fixtureTraces(loadFixture('run-fails')),
    );
    const header = out.find((line) => line.includes('[build 3/3] RUN echo "compiling"'));
    const number = header?.split(' ')[0];
    expect(number).toMatch(/^#\d+$/);
    const own = out.filter((line) => line.startsWith(`${number} `));
    expect(own.map((line) => line.replace(/^#\d+ \d+\.\d{3} /, 'LOG '))).toEqual([
      header,
      'LOG compiling',
      'LOG error: missing semicolon',
      `${number} ERROR: executor failed running [/bin/sh -c echo "compiling" &&     echo "error: missing semicolon" >&2 &&     exit 3]: exit code: 3`,
    ]);
  });
});

/** A terminal that records what was written. */
function terminal(columns = 60): TerminalStream & { chunks: string[] } {
  const chunks: string[] = [];
  return { isTTY: true, columns, rows: 20, chunks, write: (chunk: string) => chunks.push(chunk) };
}

describe('ttyProgressDisplay', () => {
  it('draws running steps with their last output and redraws them in place', async () => {
    const stream = terminal();
    let now = T0;
    const display = ttyProgressDisplay(stream, { now: () => now, intervalMs: 20, logLines: 2 });
    const progress = new BuildProgress();
    const send = (message: Record<string, unknown>) => {
      const update = progress.addTrace(encodeTrace(message));
      if (update) display.onProgress(update, progress);
    };
    send({
      vertexes: [vertex(FROM, '[1/2] FROM busybox', { cached: true, started: at(0), completed: at(0) })],
    });
    now = T0 + 1500;
    send({
      vertexes: [vertex(RUN, '[2/2] RUN make', { started: at(500) })],
      logs: [{ vertex: RUN, stream: 1, msg: Buffer.from('one\ntwo\n\x1b[31mthree\x1b[0m\n') }],
    });
    // Messages between redraws are folded in, not drawn: one draw so far, where the finished step is
    // printed for good above the live headline.
    expect(stream.chunks).toEqual([
      ` => CACHED [1/2] FROM busybox${' '.repeat(59 - 29 - 4)}0.0s\n[+] Building 0.0s (1/1)\n`,
    ]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(stream.chunks.length).toBeGreaterThan(1);
    const redraw = stream.chunks[1] ?? '';
    // The first draw left 1 live line (the headline): the redraw moves up over it and clears.
    expect(redraw.startsWith('\x1b[1F\x1b[J')).toBe(true);
    const lines = redraw.slice('\x1b[1F\x1b[J'.length).split('\n');
    expect(lines).toEqual([
      '[+] Building 1.5s (1/2)',
      ' => [2/2] RUN make' + ' '.repeat(59 - 18 - 4) + '1.0s',
      ' => => # two',
      ' => => # three',
      '',
    ]);
    expect(lines.every((line) => line.length <= 59)).toBe(true);

    send({ vertexes: [vertex(RUN, '[2/2] RUN make', { started: at(500), completed: at(2500) })] });
    now = T0 + 3000;
    display.onEnd(progress);
    const last = stream.chunks.at(-1) ?? '';
    expect(last.startsWith('\x1b[4F\x1b[J')).toBe(true);
    expect(last).toContain(' => [2/2] RUN make');
    expect(last.endsWith('[+] Building 3.0s (2/2) FINISHED\n')).toBe(true);
    const count = stream.chunks.length;
    await new Promise((resolve) => setTimeout(resolve, 60));
    // Nothing is drawn after the end.
    expect(stream.chunks).toHaveLength(count);
  });

  it('cuts long step names to the terminal width', () => {
    const stream = terminal(40);
    play(ttyProgressDisplay(stream, { now: () => T0 }), [
      { vertexes: [vertex(RUN, `[2/2] RUN ${'x'.repeat(100)}`, { started: at(0), completed: at(200) })] },
    ]);
    const ESC = String.fromCharCode(27);
    const lines = stream.chunks
      .join('')
      .replace(new RegExp(`${ESC}\\[\\d+F${ESC}\\[J`, 'g'), '')
      .split('\n')
      .filter(Boolean);
    expect(lines.every((line) => line.length <= 39)).toBe(true);
    expect(lines.some((line) => line.includes('…') && line.endsWith('0.2s'))).toBe(true);
  });

  it('ends a failed build with ERROR', () => {
    const stream = terminal();
    play(ttyProgressDisplay(stream, { now: () => T0 }), FAILING_BUILD);
    const text = stream.chunks.join('');
    expect(text).toContain(' => ERROR [2/2] RUN make');
    expect(text.endsWith('ERROR\n')).toBe(true);
  });

  it('falls back to the plain printer when the stream is not a terminal', () => {
    const chunks: string[] = [];
    play(ttyProgressDisplay({ write: (chunk: string) => chunks.push(chunk) }), FAILING_BUILD);
    expect(chunks.join('')).toContain('#2 0.312 cc -o app main.c\n');
    expect(chunks.join('')).not.toContain('\x1b[');
  });
});
