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

/**
 * A logger that holds its lines until `replayTo` writes them to another, in order: for work that runs
 * beside another step and must not print into that step's log group.
 */
export function createHeldLogger(): Logger & { replayTo(log: Logger): void } {
  const held: Array<{ warning: boolean; message: string }> = [];
  return {
    info: (message) => held.push({ warning: false, message }),
    warning: (message) => held.push({ warning: true, message }),
    group: (_title, fn) => fn(),
    replayTo(log) {
      for (const { warning, message } of held.splice(0))
        (warning ? log.warning : log.info).call(log, message);
    },
  };
}
