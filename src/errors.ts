/**
 * Errors that reach the user as one clear line (never a stack trace). Anything else that escapes is
 * a bug and is reported as one. The stack (and causes) of any error is shown only when asked for:
 * `--debug` on the CLI (printed to stderr), step debug logging (`ACTIONS_STEP_DEBUG`) in the action
 * (written as a debug line, which the runner shows only then).
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

/** True for a thrown value that is not a DietError: a bug of docker-diet, not the user's problem. */
export function isBug(error: unknown): boolean {
  return !(error instanceof DietError);
}

/** The line that follows a bug's message, saying how to get the details for a report. */
export function bugNote(howToDebug: string): string {
  return `this is a bug; ${howToDebug} for details and report it.`;
}

/** The details debug mode shows: the stack, and the stack of each `cause` in turn. */
export function errorDetails(error: unknown): string {
  const parts: string[] = [];
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current !== undefined && !seen.has(current)) {
    if (seen.size > 0) parts.push('Caused by:');
    seen.add(current);
    parts.push(current instanceof Error ? (current.stack ?? String(current)) : String(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join('\n');
}

/** The message to show for any thrown value: the DietError text, or the error's own message. */
export function describeError(error: unknown): string {
  if (error instanceof DietError) return error.hint ? `${error.message}\n${error.hint}` : error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
