/**
 * Shows build progress to a person: `plainProgressPrinter` writes the log `docker build --progress=plain`
 * writes (for CI logs and pipes); `ttyProgressDisplay` redraws the running steps in place on a terminal.
 * Both only read what `BuildProgress` folded; neither decides anything about the build.
 */
import { formatBytes } from '../units/size.js';
import type { TraceStatus } from './buildkit-trace.js';
import {
  stepSeconds,
  type BuildProgress,
  type ProgressUpdate,
  type VertexProgress,
} from './build-progress.js';

/** Something that watches a build: told after every trace, and once when the stream ends. */
export interface ProgressDisplay {
  onProgress(update: ProgressUpdate, progress: BuildProgress): void;
  onEnd(progress: BuildProgress): void;
}

/**
 * Prints progress like `docker build --progress=plain`: a `#5 [2/3] RUN …` header whenever output
 * switches to another step, `#5 0.312 <line>` for output (seconds since the step started), and
 * `#5 DONE 1.2s` / `#5 CACHED` / `#5 ERROR: …` when it ends. `writeLine` receives one line at a time,
 * without a newline, so it can be `(line) => core.info(line)` as well as a stream write.
 */
export function plainProgressPrinter(writeLine: (line: string) => void): ProgressDisplay {
  let current: number | undefined;
  /** What was printed last as each step's end state, so a later correction (DONE → CACHED) shows. */
  const ended = new Map<number, string>();
  const announced = new Set<number>();

  const header = (v: VertexProgress): void => {
    if (current === v.number) return;
    if (current !== undefined) writeLine('');
    writeLine(`#${v.number} ${v.name}`);
    current = v.number;
  };
  const shown = (v: VertexProgress): boolean =>
    v.name !== '' && (v.started !== undefined || v.completed !== undefined || v.cached || !!v.error);

  return {
    onProgress(update) {
      // Everything about one step is printed together (header, statuses, output, end state), so a
      // message that finishes five cached steps prints five short blocks, not five headers first.
      const order = [...update.vertexes];
      for (const line of update.lines) if (!order.includes(line.vertex)) order.push(line.vertex);
      for (const v of order) {
        if (!v.name) continue;
        // A step is announced once when it starts; a resend that changes nothing prints nothing.
        if (shown(v) && !announced.has(v.number)) header(v);
        if (shown(v)) announced.add(v.number);
        for (const status of update.statuses) {
          if (status.vertex !== v.digest || status.completed === undefined) continue;
          header(v);
          writeLine(`#${v.number} ${describeStatus(status)}`);
        }
        for (const line of update.lines) {
          if (line.vertex !== v) continue;
          header(v);
          const at =
            line.timestamp !== undefined && v.started !== undefined
              ? ` ${(Math.max(0, line.timestamp - v.started) / 1000).toFixed(3)}`
              : '';
          writeLine(`#${v.number}${at} ${line.text}`);
        }
        for (const warning of update.warnings) {
          if (warning.vertex !== v.digest) continue;
          header(v);
          writeLine(`#${v.number} WARNING: ${warning.short}`);
        }
        if (v.completed === undefined && !v.error) continue;
        const end = v.error ? `ERROR: ${v.error}` : v.cached ? 'CACHED' : `DONE ${seconds(stepMillis(v))}`;
        if (ended.get(v.number) === end) continue;
        header(v);
        writeLine(`#${v.number} ${end}`);
        ended.set(v.number, end);
      }
      for (const warning of update.warnings) {
        if (!order.some((v) => v.name && v.digest === warning.vertex)) writeLine(`WARNING: ${warning.short}`);
      }
    },
    onEnd() {
      current = undefined;
    },
  };
}

/** The parts of a terminal stream the live display uses (`process.stderr` has them). */
export interface TerminalStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
  rows?: number;
}

/** Knobs for tests and tuning. */
export interface TtyDisplayOptions {
  /** Clock in milliseconds; `Date.now` by default. */
  now?: () => number;
  /** Minimum time between redraws: 250 ms keeps it at 4 redraws a second. */
  intervalMs?: number;
  /** Output lines shown under each running step. */
  logLines?: number;
}

/**
 * A live display for a terminal: finished steps are printed once (`=> CACHED [1/4] FROM …  0.0s`),
 * while a block at the bottom (header + running steps + their last output lines) is redrawn in place
 * with ANSI cursor movement, at most once per `intervalMs`. Lines are cut to the terminal width so
 * nothing wraps (wrapping would break the cursor arithmetic). Falls back to the plain printer when
 * the stream is not a terminal.
 */
export function ttyProgressDisplay(stream: TerminalStream, options: TtyDisplayOptions = {}): ProgressDisplay {
  if (!stream.isTTY) return plainProgressPrinter((line) => stream.write(`${line}\n`));
  const now = options.now ?? Date.now;
  const intervalMs = options.intervalMs ?? 250;
  const logLines = options.logLines ?? 3;
  const startedAt = now();
  const committed = new Set<number>();
  let liveLines = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  let latest: BuildProgress | undefined;

  const width = (): number => Math.max(20, (stream.columns || 80) - 1);
  const fit = (text: string): string => {
    const w = width();
    return text.length > w ? `${text.slice(0, w - 1)}…` : text;
  };
  const row = (label: string, time: string): string => {
    const w = width();
    const room = w - time.length - 1;
    const left = label.length > room ? `${label.slice(0, Math.max(0, room - 1))}…` : label;
    return `${left}${' '.repeat(Math.max(1, w - left.length - time.length))}${time}`;
  };

  const render = (progress: BuildProgress, final: boolean): void => {
    let out = liveLines > 0 ? `\x1b[${liveLines}F\x1b[J` : '';
    const named = progress.vertexes().filter((v) => v.name !== '');
    for (const v of named) {
      if (committed.has(v.number) || (v.completed === undefined && !v.error)) continue;
      const state = v.error ? 'ERROR ' : v.cached ? 'CACHED ' : '';
      out += `${row(` => ${state}${v.name}`, seconds(stepMillis(v)))}\n`;
      committed.add(v.number);
    }
    const done = named.filter((v) => committed.has(v.number)).length;
    const headline = `[+] Building ${seconds(now() - startedAt)} (${done}/${named.length})`;
    const live: string[] = [];
    if (final) {
      const failed = named.some((v) => v.error);
      out += `${fit(`${headline} ${failed ? 'ERROR' : 'FINISHED'}`)}\n`;
    } else {
      live.push(fit(headline));
      const maxLines = Math.max(2, (stream.rows || 24) - 2);
      for (const v of named.filter((x) => x.started !== undefined && !committed.has(x.number))) {
        if (live.length >= maxLines) break;
        live.push(row(` => ${v.name}`, seconds(now() - (v.started ?? now()))));
        for (const text of v.logs.slice(-logLines)) {
          if (live.length >= maxLines) break;
          live.push(fit(` => => # ${printable(text)}`));
        }
      }
      out += live.map((line) => `${line}\n`).join('');
    }
    liveLines = live.length;
    stream.write(out);
  };

  return {
    onProgress(_update, progress) {
      latest = progress;
      if (timer) return;
      render(progress, false);
      // Redraw on a clock rather than per message: elapsed times keep moving while a step is silent,
      // and a chatty step cannot flood the terminal with redraws.
      timer = setInterval(() => {
        if (latest) render(latest, false);
      }, intervalMs);
      timer.unref();
    },
    onEnd(progress) {
      if (timer) clearInterval(timer);
      timer = undefined;
      render(progress, true);
    },
  };
}

/** `exporting layers 0.1s done`, `transferring context: 2.1 kB / 2.1 kB 0.0s done`. */
function describeStatus(status: TraceStatus): string {
  const amount = status.total
    ? ` ${formatBytes(status.current)} / ${formatBytes(status.total)}`
    : status.current
      ? ` ${formatBytes(status.current)}`
      : '';
  const took =
    status.started === undefined || status.completed === undefined
      ? ''
      : ` ${seconds(status.completed - status.started)}`;
  return `${status.name || status.id}${amount}${took} done`;
}

/** Duration of a step in milliseconds (0 when it never started or ended). */
function stepMillis(v: VertexProgress): number {
  return (stepSeconds(v) ?? 0) * 1000;
}

/** `1.2s`, as docker shows step durations. */
function seconds(millis: number): string {
  return `${(Math.max(0, millis) / 1000).toFixed(1)}s`;
}

/** Drops escape sequences and control characters from build output so it cannot move the cursor. */
function printable(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- matching terminal control sequences is the point
      .replace(/\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-_]/g, '')
      .replace(/\t/g, '  ')
      // eslint-disable-next-line no-control-regex -- the remaining C0 controls and DEL
      .replace(/[\x00-\x1f\x7f]/g, '')
  );
}
