/**
 * Reads `docker buildx build --progress=rawjson`: one JSON object a line on stderr, each the same
 * BuildKit `SolveStatus` the Engine API's `moby.buildkit.trace` messages carry as protobuf, written by
 * Go's encoding/json: timestamps as RFC 3339 strings, byte fields (log data, warning texts) as base64,
 * unset fields left out. Checked 2026-12 with buildx 0.29.1 against Docker 20.10.24 and 28.5.2.
 * Lines that are not JSON (buildx prints its final `ERROR: …` and the Dockerfile excerpt as text) are
 * the builder's own messages.
 */
import type { BuildTrace } from './buildkit-trace.js';

/** One line of buildx's stderr: a status object, or a text line. */
export type BuildxLine = { type: 'trace'; trace: BuildTrace } | { type: 'text'; text: string };

/** Decodes one line; blank lines are undefined. */
export function parseBuildxLine(line: string): BuildxLine | undefined {
  if (line.trim() === '') return undefined;
  if (!line.startsWith('{')) return { type: 'text', text: line };
  let object: RawStatus;
  try {
    object = JSON.parse(line) as RawStatus;
  } catch {
    return { type: 'text', text: line };
  }
  if (typeof object !== 'object' || object === null) return { type: 'text', text: line };
  return { type: 'trace', trace: statusToTrace(object) };
}

/** The JSON form of a status object, as the `BuildTrace` the protobuf decoder gives. */
export function statusToTrace(object: RawStatus): BuildTrace {
  return {
    vertexes: (object.vertexes ?? []).map((v) => ({
      digest: v.digest ?? '',
      inputs: v.inputs ?? [],
      name: v.name ?? '',
      cached: v.cached ?? false,
      ...optional('started', millis(v.started)),
      ...optional('completed', millis(v.completed)),
      ...optional('error', v.error || undefined),
    })),
    statuses: (object.statuses ?? []).map((s) => ({
      id: s.id ?? '',
      vertex: s.vertex ?? '',
      name: s.name ?? '',
      current: s.current ?? 0,
      total: s.total ?? 0,
      ...optional('timestamp', millis(s.timestamp)),
      ...optional('started', millis(s.started)),
      ...optional('completed', millis(s.completed)),
    })),
    logs: (object.logs ?? []).map((l) => ({
      vertex: l.vertex ?? '',
      ...optional('timestamp', millis(l.timestamp)),
      stream: l.stream ?? 0,
      data: Buffer.from(l.data ?? '', 'base64'),
    })),
    warnings: (object.warnings ?? []).map((w) => ({
      vertex: w.vertex ?? '',
      level: w.level ?? 0,
      short: Buffer.from(w.short ?? '', 'base64').toString('utf8'),
      detail: (w.detail ?? []).map((d) => Buffer.from(d, 'base64').toString('utf8')),
      ...optional('url', w.url || undefined),
    })),
  };
}

/** A status object as buildx writes it (only the fields docker-diet reads). */
export interface RawStatus {
  vertexes?: {
    digest?: string;
    inputs?: string[];
    name?: string;
    cached?: boolean;
    started?: string;
    completed?: string;
    error?: string;
  }[];
  statuses?: {
    id?: string;
    vertex?: string;
    name?: string;
    current?: number;
    total?: number;
    timestamp?: string;
    started?: string;
    completed?: string;
  }[];
  logs?: { vertex?: string; stream?: number; data?: string; timestamp?: string }[];
  warnings?: { vertex?: string; level?: number; short?: string; detail?: string[]; url?: string }[];
}

/** RFC 3339 (nanoseconds allowed) to milliseconds since the epoch; Go's zero time is "unset". */
function millis(text: string | undefined): number | undefined {
  if (!text || text.startsWith('0001-01-01')) return undefined;
  const value = Date.parse(text);
  return Number.isNaN(value) ? undefined : value;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]: V });
}
