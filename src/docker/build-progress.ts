/**
 * Folds BuildKit trace messages into per-step state. BuildKit sends the same vertex many times (queued,
 * started, completed, cached); this keeps the first start, the last completion and the last cached
 * flag, collects each step's output as lines, and answers "which steps ran" and "which step failed".
 * Displays (build-progress-display.ts) render the updates this returns.
 */
import type { BuildStep } from '../report/model.js';
import { decodeBuildTrace, type BuildTrace, type TraceStatus, type TraceWarning } from './buildkit-trace.js';

/** Output lines kept per step: enough for a failure report, bounded for chatty steps. */
export const MAX_LOG_LINES = 200;
/** A "line" longer than this (no newline in sight) is cut into pieces so memory stays bounded. */
const MAX_PARTIAL_LINE = 64 * 1024;

/** What is known about one vertex (build step) so far. */
export interface VertexProgress {
  /** 1-based number in order of first appearance, as `docker build --progress=plain` shows it (`#5`). */
  readonly number: number;
  readonly digest: string;
  /** Empty until a message names it (BuildKit leaves some internal vertexes unnamed). */
  name: string;
  cached: boolean;
  /** Milliseconds since the epoch of the first start seen. */
  started?: number;
  /** Milliseconds since the epoch of the last completion seen. */
  completed?: number;
  error?: string;
  /** The last MAX_LOG_LINES complete output lines (stdout and stderr interleaved as received). */
  logs: string[];
}

/** One complete output line. */
export interface LogLine {
  vertex: VertexProgress;
  /** 1 stdout, 2 stderr. */
  stream: number;
  text: string;
  /** Milliseconds since the epoch, when BuildKit stamped it. */
  timestamp?: number;
}

/** What one trace message changed, for displays. */
export interface ProgressUpdate {
  /** Vertexes the message mentioned, each once, in message order, with their state after folding. */
  vertexes: VertexProgress[];
  /** Output lines completed by this message. */
  lines: LogLine[];
  statuses: TraceStatus[];
  warnings: TraceWarning[];
}

/** The step that broke the build. */
export interface FailedStep {
  name: string;
  error: string;
  /** The step's last output lines. */
  logTail: string[];
}

/** A vertex named after a Dockerfile step: `[2/4] RUN …`, `[build 1/3] FROM …`, `[stage-1 3/3] COPY …`. */
const DOCKERFILE_STEP = /^\[[^\]]*\b\d+\/\d+\]\s/;

/** Per-build aggregator: feed it every trace, then ask for `steps()` and `failure()`. */
export class BuildProgress {
  private readonly byDigest = new Map<string, VertexProgress>();
  /** Unfinished output line per vertex and stream (`digest\0stream`). */
  private readonly partial = new Map<string, { text: string; timestamp?: number }>();
  /** Trace messages that could not be decoded (skipped; a corrupt message must not fail the build). */
  undecodable = 0;
  /** BuildKit's warnings so far, each once (the engine may send one again with a later message). */
  private readonly warningsSeen = new Map<string, TraceWarning>();

  /** Decodes and folds one `moby.buildkit.trace` payload; undefined when it cannot be decoded. */
  addTrace(data: Uint8Array): ProgressUpdate | undefined {
    let trace: BuildTrace;
    try {
      trace = decodeBuildTrace(data);
    } catch {
      this.undecodable += 1;
      return undefined;
    }
    return this.add(trace);
  }

  /** Folds one decoded message. */
  add(trace: BuildTrace): ProgressUpdate {
    const touched = new Map<string, VertexProgress>();
    const lines: LogLine[] = [];
    this.register(trace);
    for (const warning of trace.warnings) {
      const key = `${warning.short}\0${warning.detail.join('\n')}`;
      if (!this.warningsSeen.has(key)) this.warningsSeen.set(key, warning);
    }
    for (const v of trace.vertexes) {
      const state = this.vertex(v.digest);
      if (v.name) state.name = v.name;
      state.started ??= v.started;
      if (v.completed !== undefined) state.completed = v.completed;
      state.cached = v.cached;
      if (v.error) state.error = v.error;
      touched.set(v.digest, state);
    }
    for (const status of trace.statuses) touched.set(status.vertex, this.vertex(status.vertex));
    for (const log of trace.logs) {
      const state = this.vertex(log.vertex);
      touched.set(log.vertex, state);
      lines.push(...this.appendOutput(state, log.stream, log.data.toString('utf8'), log.timestamp));
    }
    // A finished step writes no more output: flush what it left without a final newline.
    for (const state of touched.values()) {
      if (state.completed !== undefined) lines.push(...this.flush(state));
    }
    return { vertexes: [...touched.values()], lines, statuses: trace.statuses, warnings: trace.warnings };
  }

  /** BuildKit's warnings (build checks such as `FromAsCasing` on newer engines), in arrival order. */
  warnings(): TraceWarning[] {
    return [...this.warningsSeen.values()];
  }

  /** Flushes unfinished output lines of every step; call once when the stream ends. */
  finish(): LogLine[] {
    return [...this.byDigest.values()].flatMap((state) => this.flush(state));
  }

  /** Every vertex seen, in order of first appearance. */
  vertexes(): VertexProgress[] {
    return [...this.byDigest.values()];
  }

  /** The build's steps in order of first appearance; vertexes BuildKit never named are left out. */
  steps(): BuildStep[] {
    // Only the Dockerfile's own steps (`[build 2/4] RUN …`): BuildKit's internal vertexes (loading the
    // Dockerfile and context, metadata lookups, exporting) are not what a reader counts as the build.
    return this.vertexes()
      .filter((v) => DOCKERFILE_STEP.test(v.name))
      .map((v) => ({
        name: v.name,
        cached: v.cached,
        seconds: stepSeconds(v),
        ...(v.error ? { error: v.error } : {}),
      }));
  }

  /**
   * The step that failed. When one step fails BuildKit cancels the others, which then report
   * `context canceled`: the first error that is not a cancellation is the cause.
   */
  failure(): FailedStep | undefined {
    const failed = this.vertexes().filter((v) => v.error);
    const cause = failed.find((v) => !isCancellation(v.error ?? '')) ?? failed[0];
    if (!cause) return undefined;
    return { name: cause.name, error: cause.error ?? '', logTail: cause.logs.slice(-LOG_TAIL_LINES) };
  }

  /**
   * Numbers the vertexes this message introduces. BuildKit lists a new graph in Go map order (random),
   * so each vertex is numbered after the new vertexes it takes as input: `[1/4] FROM` before `[2/4] RUN`.
   */
  private register(trace: BuildTrace): void {
    const fresh = new Map(
      trace.vertexes.filter((v) => !this.byDigest.has(v.digest)).map((v) => [v.digest, v]),
    );
    const visit = (digest: string, path: Set<string>): void => {
      const v = fresh.get(digest);
      if (!v || this.byDigest.has(digest) || path.has(digest)) return;
      path.add(digest);
      for (const input of v.inputs) visit(input, path);
      this.vertex(digest);
    };
    for (const digest of fresh.keys()) visit(digest, new Set());
  }

  private vertex(digest: string): VertexProgress {
    let state = this.byDigest.get(digest);
    if (!state) {
      state = { number: this.byDigest.size + 1, digest, name: '', cached: false, logs: [] };
      this.byDigest.set(digest, state);
    }
    return state;
  }

  private appendOutput(state: VertexProgress, stream: number, text: string, timestamp?: number): LogLine[] {
    const key = `${state.digest}\0${stream}`;
    const pending = this.partial.get(key);
    let buffered = (pending?.text ?? '') + text;
    const lineTime = pending?.timestamp ?? timestamp;
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    const complete = parts.map((part) => this.keep(state, stream, part, lineTime));
    if (buffered.length > MAX_PARTIAL_LINE) {
      complete.push(this.keep(state, stream, buffered, lineTime));
      buffered = '';
    }
    if (buffered === '') this.partial.delete(key);
    else this.partial.set(key, { text: buffered, timestamp: pending?.timestamp ?? timestamp });
    return complete;
  }

  private flush(state: VertexProgress): LogLine[] {
    const lines: LogLine[] = [];
    for (const stream of [1, 2]) {
      const key = `${state.digest}\0${stream}`;
      const pending = this.partial.get(key);
      if (!pending) continue;
      this.partial.delete(key);
      lines.push(this.keep(state, stream, pending.text, pending.timestamp));
    }
    return lines;
  }

  private keep(state: VertexProgress, stream: number, raw: string, timestamp?: number): LogLine {
    const text = lastRedraw(raw);
    state.logs.push(text);
    if (state.logs.length > MAX_LOG_LINES) state.logs.splice(0, state.logs.length - MAX_LOG_LINES);
    return { vertex: state, stream, text, ...(timestamp === undefined ? {} : { timestamp }) };
  }
}

/** Lines of output a failure report carries. */
export const LOG_TAIL_LINES = 15;

/** Seconds from start to completion, to the millisecond; null when the step never completed. */
export function stepSeconds(v: Pick<VertexProgress, 'started' | 'completed'>): number | null {
  if (v.started === undefined || v.completed === undefined) return null;
  return Math.max(0, Math.round(v.completed - v.started)) / 1000;
}

/** True for the error BuildKit gives steps it stopped because another one failed. */
export function isCancellation(error: string): boolean {
  return /context canceled|canceled: context/i.test(error);
}

/**
 * Progress bars (apt, curl, wget) redraw a line with `\r`; what the user last saw is the text after
 * the last `\r` that is followed by something (a trailing `\r\n` is a Windows line ending).
 */
function lastRedraw(line: string): string {
  const trimmed = line.endsWith('\r') ? line.slice(0, -1) : line;
  const cut = trimmed.lastIndexOf('\r');
  return cut === -1 ? trimmed : trimmed.slice(cut + 1);
}
