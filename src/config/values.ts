/**
 * One parser per kind of setting value (size, size-or-percent, a closed list of words, boolean, list,
 * build args, platform, path, text). The inputs, the CLI flags and the config file all read their
 * values through these, so a value is accepted, and rejected with the same words, wherever it is set.
 */
import path from 'node:path';
import { usageError, type DietError } from '../errors.js';
import type { Severity } from '../report/model.js';
import { parseSize, parseSizeOrPercent, type SizeOrPercent } from '../units/size.js';

/** A value that does not parse: what was given, and what was expected instead. */
export class InvalidValue extends Error {
  /** The offending value (a whole input, one line of it, or a YAML value). */
  readonly given: unknown;
  /** What a valid value looks like, as the message ends: `a size; use e.g. …`. */
  readonly expected: string;

  constructor(given: unknown, expected: string) {
    super(`${describeValue(given)} is not ${expected}`);
    this.name = 'InvalidValue';
    this.given = given;
    this.expected = expected;
  }
}

/** What relative paths and bare build args are resolved against. */
export interface ParseScope {
  /** Directory relative paths are resolved against (the workspace). */
  cwd: string;
  /** Environment a bare build arg `KEY` takes its value from. */
  env: NodeJS.ProcessEnv;
}

/** One kind of value: text in (an input, a flag, a config value), typed value out. */
export interface ValueKind<T> {
  /** What a valid value looks like, after "is not": `a size; use e.g. 150MB, 1.2GiB or 150000000`. */
  readonly expected: string;
  /** The words it accepts, for kinds that take a closed list. */
  readonly allowed?: readonly string[];
  /** The value when nothing is given (an empty list); undefined leaves the setting unset. */
  readonly empty?: () => T;
  /** Parses trimmed, non-empty text; throws `InvalidValue`. */
  parse(text: string, scope: ParseScope): T;
}

/** Lowest finding severity that fails a run, or `none`. */
export type FailOn = Severity | 'none';
/** How the baseline is found. */
export type CompareMode = 'auto' | 'stored' | 'build' | 'registry' | 'none';
/** `what-if`: build the Dockerfile with its fixes applied: `auto` decides by the findings and build time. */
export type WhatIfMode = 'auto' | 'on' | 'off';
/** What a run does: `check` builds and measures, `publish` posts reports another job wrote. */
export type RunMode = 'check' | 'publish';
/** What the config file can say about one rule: a severity, `off`, or `on` (its default severity). */
export type RuleSwitch = Severity | 'off' | 'on';

/** Sizes: `150MB` (10^6), `1.2GiB` (2^30), `150000000`. */
export const SIZE: ValueKind<number> = {
  expected: 'a size; use e.g. 150MB, 1.2GiB or 150000000',
  parse(text) {
    const bytes = parseSize(text);
    if (bytes === undefined) throw new InvalidValue(text, SIZE.expected);
    return bytes;
  },
};

/** A size or a percentage of a reference size: `10MB`, `5%`. */
export const SIZE_OR_PERCENT: ValueKind<SizeOrPercent> = {
  expected: 'a size or a percentage; use e.g. 10MB, 1.5MiB or 5%',
  parse(text) {
    const parsed = parseSizeOrPercent(text);
    if (parsed === undefined) throw new InvalidValue(text, SIZE_OR_PERCENT.expected);
    return parsed;
  },
};

/** One word of a closed list, case-insensitive; the value is the lower-case word. */
export function oneOf<T extends string>(allowed: readonly T[]): ValueKind<T> {
  const expected = `one of ${allowed.join(', ')}`;
  return {
    expected,
    allowed,
    parse(text) {
      const lower = text.toLowerCase() as T;
      if (!allowed.includes(lower)) throw new InvalidValue(text, expected);
      return lower;
    },
  };
}

/** `fail-on`: a severity or `none`. */
export const FAIL_ON = oneOf<FailOn>(['error', 'warning', 'info', 'none']);
/** `compare`: how to get a baseline. */
export const COMPARE_MODE = oneOf<CompareMode>(['auto', 'stored', 'build', 'registry', 'none']);
/** `what-if`: `auto`, or a boolean (`true` always builds the fixed Dockerfile, `false` never). */
export const WHAT_IF: ValueKind<WhatIfMode> = {
  expected: 'auto, true or false',
  parse(text, scope) {
    if (/^auto$/i.test(text)) return 'auto';
    try {
      return BOOLEAN.parse(text, scope) ? 'on' : 'off';
    } catch {
      throw new InvalidValue(text, WHAT_IF.expected);
    }
  },
};
/** `mode`: build and measure, or publish reports made elsewhere. */
export const RUN_MODE = oneOf<RunMode>(['check', 'publish']);
/** A rule's setting in the config file. */
export const RULE_SWITCH = oneOf<RuleSwitch>(['off', 'info', 'warning', 'error', 'on']);

/** `true`/`false` (also yes/no, on/off, 1/0), case-insensitive. */
export const BOOLEAN: ValueKind<boolean> = {
  expected: 'a boolean; use true or false',
  parse(text) {
    if (/^(true|yes|on|1)$/i.test(text)) return true;
    if (/^(false|no|off|0)$/i.test(text)) return false;
    throw new InvalidValue(text, BOOLEAN.expected);
  },
};

/** Free text, taken as given. */
export const TEXT: ValueKind<string> = { expected: 'text', parse: (text) => text };

/** A path, resolved against the workspace. */
export const PATH: ValueKind<string> = {
  expected: 'a path',
  parse: (text, scope) => path.resolve(scope.cwd, text),
};

/** `layer-cache`: a folder (resolved against the workspace), or `off` (false) for no cache. */
export const LAYER_CACHE: ValueKind<string | false> = {
  expected: 'a folder or off',
  parse: (text, scope) => (text.toLowerCase() === 'off' ? false : path.resolve(scope.cwd, text)),
};

/** A multi-line or comma-separated list; blanks and `#` comments dropped. */
export const LIST: ValueKind<string[]> = {
  expected: 'a list',
  empty: () => [],
  parse: (text) => splitList(text),
};

/** `build-args`: one `KEY=VALUE` per line; a bare `KEY` takes its value from the environment. */
export const BUILD_ARGS: ValueKind<Record<string, string>> = {
  expected: 'KEY=VALUE; put one build argument per line, e.g. VERSION=1.2.3',
  empty: () => ({}),
  parse: (text, scope) => parseBuildArgs(text, scope.env),
};

/** `os/arch[/variant]`, e.g. `linux/amd64`. */
export const PLATFORM: ValueKind<string> = {
  expected: 'a platform; use os/arch[/variant], e.g. linux/amd64',
  parse(text) {
    if (!/^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/i.test(text)) throw new InvalidValue(text, PLATFORM.expected);
    return text;
  },
};

/** Splits a multi-line or comma-separated list, dropping blanks and `#` comments. */
export function splitList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter((item) => item !== '' && !item.startsWith('#'));
}

/**
 * Parses `build-args`: one `KEY=VALUE` per line. A bare `KEY` takes its value from the environment,
 * as `docker build --build-arg KEY` does. Throws `InvalidValue` quoting the bad line's key, never its value.
 */
export function parseBuildArgs(text: string, env: NodeJS.ProcessEnv): Record<string, string> {
  const args: Record<string, string> = {};
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    const key = eq === -1 ? line : line.slice(0, eq).trim();
    // Quote the key only: the value may be a secret, and a message is logged and reported.
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key))
      throw new InvalidValue(eq === -1 ? line : `${key}=…`, BUILD_ARGS.expected);
    if (eq === -1) {
      const fromEnv = env[key];
      if (fromEnv !== undefined) args[key] = fromEnv;
      continue;
    }
    args[key] = line.slice(eq + 1);
  }
  return args;
}

/**
 * Parses one input or flag value; a bad value becomes the usage error every entry point shows:
 * `max-size: "12 parsecs" is not a size; use e.g. 150MB, 1.2GiB or 150000000`.
 * @param label how the setting is named: `max-size`, `--max-size`, `budgets.api.max-size`
 */
export function parseValue<T>(kind: ValueKind<T>, text: string, label: string, scope: ParseScope): T {
  try {
    return kind.parse(text, scope);
  } catch (error) {
    if (error instanceof InvalidValue) throw invalidValueError(label, error);
    throw error;
  }
}

/**
 * Parses a value read from YAML: strings and numbers go through the kind's parser (so `150000000`
 * and `"150MB"` both work); anything else is rejected with the same message.
 */
export function parseYamlValue<T>(kind: ValueKind<T>, value: unknown, scope: ParseScope): T {
  if (typeof value !== 'string' && typeof value !== 'number') throw new InvalidValue(value, kind.expected);
  return kind.parse(String(value).trim(), scope);
}

/** The usage error for a value that did not parse, named by `label`. */
export function invalidValueError(label: string, error: InvalidValue): DietError {
  return usageError(`${label}: ${error.message}`);
}

/** How a value is quoted in a message: `"12 parsecs"`, `3`, `a list`, `a mapping`, `nothing`. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `"${value}"`;
  return String(value);
}
