/**
 * Errors that reach the user as one clear line (never a stack trace). Anything else that escapes is
 * a bug and is reported as one, with the stack only under `--debug` / `ACTIONS_STEP_DEBUG`.
 */
import { ExitCode } from './constants.js';

/** What kind of problem it is decides the exit code. */
export type ProblemKind = 'usage' | 'environment' | 'build';

/** A problem the user can fix: a bad input, a missing file, no engine, a failed build. */
export class DietError extends Error {
  readonly kind: ProblemKind;
  /** Optional second line: what to do about it. */
  readonly hint?: string;

  constructor(kind: ProblemKind, message: string, hint?: string) {
    super(message);
    this.name = 'DietError';
    this.kind = kind;
    this.hint = hint;
  }

  /** 2 for usage/environment problems, 1 for a build failure (it is the user's code that failed). */
  get exitCode(): number {
    return this.kind === 'build' ? ExitCode.PolicyFailure : ExitCode.UsageOrEnvironment;
  }
}

/** Shorthand for a bad input or flag value. */
export function usageError(message: string, hint?: string): DietError {
  return new DietError('usage', message, hint);
}

/** Shorthand for a missing engine, file or permission. */
export function environmentError(message: string, hint?: string): DietError {
  return new DietError('environment', message, hint);
}

/** The message to show for any thrown value: the DietError text, or the error's own message. */
export function describeError(error: unknown): string {
  if (error instanceof DietError) return error.hint ? `${error.message}\n${error.hint}` : error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
