/**
 * Decodes BuildKit progress. `POST /build` with `version: '2'` sends progress as
 * `{"id":"moby.buildkit.trace","aux":"<base64>"}` lines, each a protobuf `moby.buildkit.v1.StatusResponse`.
 * The schema below is the part of BuildKit's `control.proto` docker-diet reads; only the field numbers
 * have to match the engine's (checked 2026-11 against the trace of Docker Engine 20.10:
 * vertexes=1, statuses=2, logs=3, warnings=4).
 */
import protobuf from 'protobufjs';

/**
 * The inlined schema. `Timestamp` is declared here (wire-identical to `google.protobuf.Timestamp`) so
 * nothing has to be loaded from disk, which keeps the ncc bundle self-contained.
 */
export const STATUS_RESPONSE_PROTO = `
syntax = "proto3";
package moby.buildkit.v1;

message Timestamp { int64 seconds = 1; int32 nanos = 2; }

message ProgressGroup { string id = 1; string name = 2; bool weak = 3; }

message Vertex {
  string digest = 1;
  repeated string inputs = 2;
  string name = 3;
  bool cached = 4;
  Timestamp started = 5;
  Timestamp completed = 6;
  string error = 7;
  ProgressGroup progressGroup = 8;
}

message VertexStatus {
  string ID = 1;
  string vertex = 2;
  string name = 3;
  int64 current = 4;
  int64 total = 5;
  Timestamp timestamp = 6;
  Timestamp started = 7;
  Timestamp completed = 8;
}

message VertexLog {
  string vertex = 1;
  Timestamp timestamp = 2;
  int64 stream = 3;
  bytes msg = 4;
}

message VertexWarning {
  string vertex = 1;
  int64 level = 2;
  bytes short = 3;
  repeated bytes detail = 4;
  string url = 5;
}

message StatusResponse {
  repeated Vertex vertexes = 1;
  repeated VertexStatus statuses = 2;
  repeated VertexLog logs = 3;
  repeated VertexWarning warnings = 4;
}
`;

/** One step of the build graph (`[2/4] RUN make`, `[internal] load build context`, …). */
export interface TraceVertex {
  /** Content digest: the vertex's identity across repeated messages. */
  digest: string;
  inputs: string[];
  /** Empty for vertexes BuildKit does not name. */
  name: string;
  cached: boolean;
  /** Milliseconds since the epoch; absent until the vertex starts. */
  started?: number;
  /** Milliseconds since the epoch; absent until the vertex ends. */
  completed?: number;
  /** Set when the vertex failed (`context canceled` for steps stopped by another failure). */
  error?: string;
}

/** Progress of one task inside a vertex (a layer being exported, bytes transferred). */
export interface TraceStatus {
  id: string;
  vertex: string;
  name: string;
  current: number;
  total: number;
  timestamp?: number;
  started?: number;
  completed?: number;
}

/** Output of a vertex: stdout (1) or stderr (2) of a RUN, as raw bytes. */
export interface TraceLog {
  vertex: string;
  timestamp?: number;
  stream: number;
  data: Buffer;
}

/** A warning BuildKit attached to a vertex. */
export interface TraceWarning {
  vertex: string;
  level: number;
  short: string;
  detail: string[];
  url?: string;
}

/** One decoded `StatusResponse`. */
export interface BuildTrace {
  vertexes: TraceVertex[];
  statuses: TraceStatus[];
  logs: TraceLog[];
  warnings: TraceWarning[];
}

let statusResponse: protobuf.Type | undefined;

/** The `StatusResponse` message type built from the inlined schema (parsed once). */
export function statusResponseType(): protobuf.Type {
  statusResponse ??= protobuf
    .parse(STATUS_RESPONSE_PROTO, { keepCase: true })
    .root.lookupType('moby.buildkit.v1.StatusResponse');
  return statusResponse;
}

/**
 * Decodes one trace payload (the base64-decoded `aux`). Throws an Error with a short message when the
 * bytes are not a StatusResponse; callers treat that as a message to skip, not as a failed build.
 */
export function decodeBuildTrace(data: Uint8Array): BuildTrace {
  const type = statusResponseType();
  let object: RawResponse;
  try {
    object = type.toObject(type.decode(data), { longs: Number, arrays: true }) as RawResponse;
  } catch (error) {
    throw new Error(`not a BuildKit status message: ${(error as Error).message}`, { cause: error });
  }
  return {
    vertexes: object.vertexes.map((v) => ({
      digest: v.digest ?? '',
      inputs: v.inputs ?? [],
      name: v.name ?? '',
      cached: v.cached ?? false,
      ...optional('started', toMillis(v.started)),
      ...optional('completed', toMillis(v.completed)),
      ...optional('error', v.error || undefined),
    })),
    statuses: object.statuses.map((s) => ({
      id: s.ID ?? '',
      vertex: s.vertex ?? '',
      name: s.name ?? '',
      current: s.current ?? 0,
      total: s.total ?? 0,
      ...optional('timestamp', toMillis(s.timestamp)),
      ...optional('started', toMillis(s.started)),
      ...optional('completed', toMillis(s.completed)),
    })),
    logs: object.logs.map((l) => ({
      vertex: l.vertex ?? '',
      ...optional('timestamp', toMillis(l.timestamp)),
      stream: l.stream ?? 0,
      data: Buffer.from(l.msg ?? []),
    })),
    warnings: object.warnings.map((w) => ({
      vertex: w.vertex ?? '',
      level: w.level ?? 0,
      short: Buffer.from(w.short ?? []).toString('utf8'),
      detail: (w.detail ?? []).map((d) => Buffer.from(d).toString('utf8')),
      ...optional('url', w.url || undefined),
    })),
  };
}

interface RawTimestamp {
  seconds?: number;
  nanos?: number;
}

/** What protobufjs's `toObject` returns for the schema above (unset scalars are absent). */
interface RawResponse {
  vertexes: {
    digest?: string;
    inputs?: string[];
    name?: string;
    cached?: boolean;
    started?: RawTimestamp;
    completed?: RawTimestamp;
    error?: string;
  }[];
  statuses: {
    ID?: string;
    vertex?: string;
    name?: string;
    current?: number;
    total?: number;
    timestamp?: RawTimestamp;
    started?: RawTimestamp;
    completed?: RawTimestamp;
  }[];
  logs: { vertex?: string; timestamp?: RawTimestamp; stream?: number; msg?: Uint8Array }[];
  warnings: { vertex?: string; level?: number; short?: Uint8Array; detail?: Uint8Array[]; url?: string }[];
}

function toMillis(timestamp: RawTimestamp | undefined): number | undefined {
  if (!timestamp) return undefined;
  return (timestamp.seconds ?? 0) * 1000 + (timestamp.nanos ?? 0) / 1e6;
}

/** `{ key: value }` when value is defined, else `{}`: keeps absent fields absent (exactOptional-friendly). */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]: V });
}
