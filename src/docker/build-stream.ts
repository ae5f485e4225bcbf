/**
 * Reads the JSON-lines stream of `POST /build`. A failed build still answers HTTP 200, so success is
 * decided here: a `moby.image.id` aux message and no `error` line.
 */
import { createInterface } from 'node:readline';

/** One decoded line of the build stream. */
export type BuildStreamEvent =
  | { type: 'image-id'; id: string }
  | { type: 'error'; message: string }
  | { type: 'trace'; data: Buffer }
  | { type: 'log'; text: string };

/** What the stream said, once it ended. */
export interface BuildStreamResult {
  imageId?: string;
  error?: string;
}

/** Turns one JSON line into an event; lines it does not know are dropped. */
export function parseBuildLine(line: string): BuildStreamEvent | undefined {
  if (line.trim() === '') return undefined;
  let message: Record<string, unknown>;
  try {
    message = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return { type: 'log', text: line };
  }
  if (typeof message.error === 'string' || message.errorDetail) {
    const detail = message.errorDetail as { message?: string } | undefined;
    return { type: 'error', message: String(message.error ?? detail?.message ?? 'build failed') };
  }
  if (message.id === 'moby.image.id') {
    const aux = message.aux as { ID?: string } | undefined;
    if (aux?.ID) return { type: 'image-id', id: aux.ID };
  }
  if (message.id === 'moby.buildkit.trace' && typeof message.aux === 'string') {
    return { type: 'trace', data: Buffer.from(message.aux, 'base64') };
  }
  if (typeof message.stream === 'string') return { type: 'log', text: message.stream };
  // Legacy builder: `{"aux":{"ID":"sha256:…"}}` without an id field.
  const aux = message.aux as { ID?: string } | undefined;
  if (aux && typeof aux === 'object' && typeof aux.ID === 'string') return { type: 'image-id', id: aux.ID };
  return undefined;
}

/** Consumes the whole stream, passing each event to `onEvent`, and returns the outcome. */
export async function readBuildStream(
  stream: NodeJS.ReadableStream,
  onEvent: (event: BuildStreamEvent) => void = () => undefined,
): Promise<BuildStreamResult> {
  const result: BuildStreamResult = {};
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  for await (const line of lines) {
    const event = parseBuildLine(line);
    if (!event) continue;
    if (event.type === 'image-id') result.imageId = event.id;
    if (event.type === 'error') result.error = event.message;
    onEvent(event);
  }
  return result;
}
