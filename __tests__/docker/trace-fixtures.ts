/**
 * Test helpers for BuildKit traces: the captured real streams in __tests__/fixtures/buildkit-trace/,
 * and an encoder for hand-made StatusResponse messages using the same schema as the decoder.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseBuildLine, type BuildStreamEvent } from '../../src/docker/build-stream.js';
import { statusResponseType } from '../../src/docker/buildkit-trace.js';

/** One captured build, as stored in `<name>.json` (see the fixtures' README). */
export interface TraceFixture {
  description: string;
  engine: string;
  dockerfile: string;
  buildArgs?: Record<string, string>;
  target?: string;
  /** The stream's JSON lines, in order. */
  lines: string[];
}

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'buildkit-trace');

/** Reads a captured build. */
export function loadFixture(name: string): TraceFixture {
  return JSON.parse(readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')) as TraceFixture;
}

/** The fixture's stream, decoded line by line as the client does. */
export function fixtureEvents(fixture: TraceFixture): BuildStreamEvent[] {
  return fixture.lines.map(parseBuildLine).filter((e): e is BuildStreamEvent => e !== undefined);
}

/** The fixture's trace payloads (base64-decoded `aux`). */
export function fixtureTraces(fixture: TraceFixture): Buffer[] {
  return fixtureEvents(fixture).flatMap((e) => (e.type === 'trace' ? [e.data] : []));
}

/** A protobuf Timestamp for `ms` milliseconds since the epoch. */
export function timestamp(ms: number): { seconds: number; nanos: number } {
  return { seconds: Math.floor(ms / 1000), nanos: Math.round((ms % 1000) * 1e6) };
}

/** Encodes a StatusResponse given as a plain object (protobufjs `fromObject` shape). */
export function encodeTrace(message: Record<string, unknown>): Buffer {
  const type = statusResponseType();
  return Buffer.from(type.encode(type.fromObject(message)).finish());
}
