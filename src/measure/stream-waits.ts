/**
 * Waiting on the streams of an archive read: for a writable side to take more bytes, and for a
 * readable side to be read to its end when its bytes are not needed.
 */

/** The part of a (streamx or Node) stream `drainedOrClosed` listens to. */
interface DrainingStream {
  readonly destroyed: boolean;
  on(event: 'drain' | 'close', listener: () => void): unknown;
  off(event: 'drain' | 'close', listener: () => void): unknown;
}

/** Resolves when `stream` wants more bytes, or has closed (then what is written to it is dropped). */
export function drainedOrClosed(stream: DrainingStream): Promise<void> {
  if (stream.destroyed) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = (): void => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}

/** Reads `source` to its end, dropping the bytes (an archive member that is not needed). */
export async function consume(source: AsyncIterable<unknown>): Promise<void> {
  for await (const _chunk of source) void _chunk;
}
