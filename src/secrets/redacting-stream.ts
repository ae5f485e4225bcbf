/**
 * A stream whose every written string passes through the redactor first: the CLI's stdout and stderr
 * (report, progress display, log lines, errors) all go through one of these.
 */
import type { Redactor } from './redactor.js';

/** `stream`, with `write` redacting strings; everything else (isTTY, columns, rows) is the stream's. */
export function redactingStream<S extends NodeJS.WritableStream>(stream: S, redactor: Redactor): S {
  const write = (chunk: unknown, ...rest: unknown[]): boolean =>
    (stream.write as (...args: unknown[]) => boolean)(
      typeof chunk === 'string' ? redactor.text(chunk) : chunk,
      ...rest,
    );
  return new Proxy(stream, {
    get(target, property) {
      if (property === 'write') return write;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
