/**
 * Secrets never leave the runner. Every text docker-diet reports or logs that may carry a build-arg
 * value (history `created_by`, BuildKit step names and logs, engine errors, instruction text) passes
 * through one `Redactor`, which replaces the values it was told about with `***`, and the value of
 * every `NAME=value` whose name looks secret, and of every `|N KEY=value` build-arg prefix the engine
 * writes into history, whatever the value.
 */

/** What a hidden value is replaced with (the runner's own mask). */
export const MASK = '***';

/**
 * Values shorter than this are hidden only where they stand as `KEY=value`: searched for in free text,
 * `1` or `dev` would mask ordinary words and numbers all over the report without protecting anything.
 */
export const MIN_SEARCHED_LENGTH = 4;

/** Words that are never secrets and would mask ordinary command text (`|| true`). */
const ORDINARY_VALUES = new Set(['true', 'false', 'yes', 'no', 'none', 'null', 'on', 'off']);

/**
 * Parts of ARG/ENV names whose values are secrets whatever their source (hadolint's DL3064 and
 * BuildKit's SecretsUsedInArgOrEnv look for the same words).
 */
const SECRET_NAME =
  /token|passw|passphrase|pwd|secret|credential|creds|auth(?!ors?\b)|key|cookie|session|signature|dsn/i;

/** True when an ARG/ENV name says its value is a secret (`NPM_TOKEN`, `DB_PASSWORD`, `API_KEY`). */
export function looksSecret(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** `NAME=value` (or `NAME value` after ARG/ENV) with a secret-looking name, value quoted or bare. */
const SECRET_ASSIGNMENT =
  /\b([A-Za-z_][A-Za-z0-9_]*)(=|(?<=\b(?:ENV|ARG)\s+[A-Za-z_][A-Za-z0-9_]*)\s+)("[^"]*"|'[^']*'|[^\s"']+)/g;

/** The engine's history prefix for build args: `|2 A=1 B=2 /bin/sh -c …` (after an optional `RUN `). */
const BUILD_ARG_PREFIX = /^((?:RUN )?\|)(\d+) /;

/** Replaces secrets in text; learns values as the run goes on. */
export class Redactor {
  private readonly values = new Set<string>();
  private readonly known = new Map<string, string>();
  private search: RegExp | undefined;
  private readonly listeners: ((value: string) => void)[] = [];

  /**
   * Hides `value` wherever it appears (when long enough to search for) and after `name=`; `name` is
   * the build arg or variable it belongs to, when there is one.
   */
  add(value: string, name?: string): void {
    if (name !== undefined) this.known.set(name, value);
    if (value.length < MIN_SEARCHED_LENGTH && !(name && looksSecret(name) && value.length >= 2)) return;
    if (ORDINARY_VALUES.has(value.toLowerCase()) || this.values.has(value)) return;
    this.values.add(value);
    this.search = undefined;
    for (const listener of this.listeners) listener(value);
  }

  /** Remembers a build arg's value only to read `|N KEY=value` history prefixes whole (values with spaces). */
  know(name: string, value: string): void {
    if (!this.known.has(name)) this.known.set(name, value);
  }

  /** Calls `listener` for every value hidden from now on, and for those already known (`core.setSecret`). */
  onValue(listener: (value: string) => void): void {
    this.listeners.push(listener);
    for (const value of this.values) listener(value);
  }

  /** The values searched for, for tests and masking. */
  get hiddenValues(): readonly string[] {
    return [...this.values];
  }

  /** `text` with every secret replaced by `***`. */
  text(text: string): string {
    if (text.length === 0) return text;
    let out = this.buildArgPrefix(text);
    out = out.replace(SECRET_ASSIGNMENT, (whole, name: string, separator: string, value: string) =>
      looksSecret(name) && value !== MASK ? `${name}${separator}${MASK}` : whole,
    );
    const search = this.pattern();
    return search ? out.replace(search, MASK) : out;
  }

  /**
   * A copy of `value` (report, list, object) with every string redacted, except the keys that hold
   * identifiers rather than text (`structuralKeys`): paths, ids and digests are left as they are, so
   * links and annotations still point at the right file.
   */
  deep<T>(value: T, structuralKeys: ReadonlySet<string> = STRUCTURAL_KEYS): T {
    const walk = (item: unknown, key?: string): unknown => {
      if (typeof item === 'string')
        return key !== undefined && structuralKeys.has(key) ? item : this.text(item);
      if (Array.isArray(item)) return item.map((entry) => walk(entry, key));
      if (item && typeof item === 'object') {
        return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, walk(v, k)]));
      }
      return item;
    };
    return walk(value) as T;
  }

  /** Redacts an error's message (and a docker-diet error's hint) in place and returns it. */
  error<E>(error: E): E {
    if (error instanceof Error) {
      error.message = this.text(error.message);
      // The stack was written with the message as it was: it would carry the value on its first line.
      if (error.stack) error.stack = this.text(error.stack);
      const withHint = error as Error & { hint?: string };
      if (typeof withHint.hint === 'string') {
        Object.defineProperty(error, 'hint', { value: this.text(withHint.hint) });
      }
    }
    return error;
  }

  /** `|N A=1 B=2 …`: every value of the N assignments, however short. */
  private buildArgPrefix(text: string): string {
    const match = BUILD_ARG_PREFIX.exec(text);
    if (!match) return text;
    let rest = text.slice(match[0].length);
    let out = match[0];
    for (let n = Number(match[2]); n > 0; n -= 1) {
      const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(rest);
      if (!assignment?.[1]) break;
      const name = assignment[1];
      rest = rest.slice(assignment[0].length);
      // The engine writes values unquoted: a known value may hold spaces, others end at the first.
      const known = this.known.get(name);
      const length = known !== undefined && rest.startsWith(known) ? known.length : rest.search(/ |$/);
      out += `${name}=${MASK} `;
      rest = rest.slice(length).replace(/^ /, '');
    }
    return out + rest;
  }

  private pattern(): RegExp | undefined {
    if (this.search === undefined && this.values.size > 0) {
      // Longest first, so a value that contains another is replaced whole.
      const sorted = [...this.values].sort((a, b) => b.length - a.length);
      this.search = new RegExp(sorted.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
    }
    return this.search;
  }
}

/**
 * Report keys whose strings are identifiers, not text: file paths in the repository, image ids and
 * digests, rule ids, enum values. Everything else is redacted, so a new text field is safe by default.
 */
export const STRUCTURAL_KEYS: ReadonlySet<string> = new Set([
  'file',
  'dockerfile',
  'context',
  'imageId',
  'diffId',
  'rule',
  'aliases',
  'severity',
  'status',
  'source',
  'schemaVersion',
  'generatedAt',
  'version',
  'name',
  'ref',
  'budget',
  'path',
  'kind',
  'overriddenBy',
]);
