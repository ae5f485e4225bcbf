/**
 * How stages talk to the person watching. The action maps this onto `@actions/core` (log groups,
 * annotations); the CLI onto stderr. Stages never print directly.
 */
export interface Logger {
  info(message: string): void;
  warning(message: string): void;
  /** Runs `fn` inside a collapsible section titled `title`. */
  group<T>(title: string, fn: () => Promise<T>): Promise<T>;
}

/** A logger that writes plain lines to a stream (stderr for the CLI, so stdout stays the report). */
export function createStreamLogger(stream: NodeJS.WritableStream = process.stderr, quiet = false): Logger {
  return {
    info: (message) => {
      if (!quiet) stream.write(`${message}\n`);
    },
    warning: (message) => stream.write(`warning: ${message}\n`),
    group: async (title, fn) => {
      if (!quiet) stream.write(`── ${title}\n`);
      return fn();
    },
  };
}
