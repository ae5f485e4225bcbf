/**
 * The kinds of value of the builder's inputs: `builder`, `secrets`, `ssh`, `cache-from`/`cache-to`,
 * `build-contexts` and `labels`, in build-push-action's multi-line forms (one entry a line; a
 * `docker buildx build` flag value per line, commas belonging to the entry).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { BuilderChoice, BuildSecret } from '../docker/build-options.js';
import { InvalidValue, type ValueKind } from './values.js';

/** Non-blank lines, trimmed, `#` comments dropped. */
export function splitLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** A buildx builder's name, as `docker buildx create --name` accepts it. */
const BUILDER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** `builder`: `auto`, `engine`, `buildx`, or the name of a buildx builder. */
export const BUILDER: ValueKind<BuilderChoice> = {
  expected: 'auto, engine, buildx or the name of a buildx builder (docker buildx ls)',
  parse(text) {
    const lower = text.toLowerCase();
    if (lower === 'auto' || lower === 'engine' || lower === 'buildx') return lower;
    if (!BUILDER_NAME.test(text)) throw new InvalidValue(text, BUILDER.expected);
    return { name: text };
  },
};

/** One `docker buildx build` flag value per line (`--ssh`, `--cache-from`, `--cache-to`). */
export const LINES: ValueKind<string[]> = {
  expected: 'one value per line',
  empty: () => [],
  parse: (text) => splitLines(text),
};

/**
 * `cache-from`/`cache-to`: one cache spec per line (`type=local,dest=DIR`, `type=gha,mode=max`,
 * `type=registry,ref=…`, or a bare image reference). A local folder is resolved against the workspace,
 * as the runner's working directory is, whatever folder docker-diet runs buildx in.
 */
export const CACHE: ValueKind<string[]> = {
  expected: 'a cache spec per line, e.g. type=local,dest=.cache or type=gha,mode=max',
  empty: () => [],
  parse: (text, scope) =>
    splitLines(text).map((line) => {
      if (line.includes('=') && !/(^|,)type=/.test(line)) throw new InvalidValue(line, CACHE.expected);
      return line.replace(/(^|,)(src|dest)=([^,]+)/g, (_whole, lead: string, key: string, dir: string) =>
        /(^|,)type=local(,|$)/.test(line) ? `${lead}${key}=${path.resolve(scope.cwd, dir)}` : _whole,
      );
    }),
};

/** `labels`: one `KEY=VALUE` per line. */
export const LABELS: ValueKind<Record<string, string>> = {
  expected: 'KEY=VALUE; put one label per line, e.g. org.opencontainers.image.vendor=Acme',
  empty: () => ({}),
  parse(text) {
    const labels: Record<string, string> = {};
    for (const line of splitLines(text)) {
      const eq = line.indexOf('=');
      if (eq <= 0) throw new InvalidValue(line, LABELS.expected);
      labels[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
    }
    return labels;
  },
};

/** A named context that is not a local folder: an image, a URL, another stage. */
const REMOTE_CONTEXT = /^(docker-image|oci-layout|https?|git|ssh):\/\/|^target:|^git@/;

/** `build-contexts`: one `name=source` per line; a local folder is resolved against the workspace. */
export const BUILD_CONTEXTS: ValueKind<Record<string, string>> = {
  expected: 'name=source; put one per line, e.g. shared=../shared or alpine=docker-image://alpine:3',
  empty: () => ({}),
  parse(text, scope) {
    const contexts: Record<string, string> = {};
    for (const line of splitLines(text)) {
      const eq = line.indexOf('=');
      if (eq <= 0 || eq === line.length - 1) throw new InvalidValue(line, BUILD_CONTEXTS.expected);
      const source = line.slice(eq + 1).trim();
      contexts[line.slice(0, eq).trim()] = REMOTE_CONTEXT.test(source)
        ? source
        : path.resolve(scope.cwd, source);
    }
    return contexts;
  },
};

/** The keys of buildx's `--secret` form. */
const SECRET_KEYS = new Set(['id', 'type', 'src', 'source', 'env', 'required']);

/**
 * `secrets`: one secret per line, in `docker buildx build --secret` form (`id=npm,env=NPM_TOKEN`,
 * `id=npmrc,src=.npmrc`) or build-push-action's `ID=value`. A message quotes a line's id, never its value.
 */
export const SECRETS: ValueKind<BuildSecret[]> = {
  expected: 'a secret per line: id=ID,env=VARIABLE, id=ID,src=FILE or ID=value',
  empty: () => [],
  parse(text, scope) {
    return splitLines(text).map((line) => {
      const fields = line.split(',').map((field) => field.trim());
      const pairs = fields.map((field) => [
        field.slice(0, field.indexOf('=')),
        field.slice(field.indexOf('=') + 1),
      ]);
      const buildxForm =
        fields.every((f) => f.includes('=')) && pairs.every(([key]) => SECRET_KEYS.has(key ?? ''));
      if (!buildxForm || !pairs.some(([key]) => key === 'id')) return inlineSecret(line);
      return secretFromFields(new Map(pairs as [string, string][]), line, scope.cwd, scope.env);
    });
  },
};

/** `ID=value`: the id is quoted in messages, the value never. */
function inlineSecret(line: string): BuildSecret {
  const eq = line.indexOf('=');
  const id = eq > 0 ? line.slice(0, eq).trim() : '';
  if (!/^[A-Za-z0-9_.-]+$/.test(id)) throw new InvalidValue(eq > 0 ? `${id}=…` : '…', SECRETS.expected);
  return { id, from: 'value', value: line.slice(eq + 1) };
}

/** `id=…,env=…` or `id=…,src=…` (`type=env|file` optional, as buildx takes it). */
function secretFromFields(
  fields: Map<string, string>,
  line: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
): BuildSecret {
  const id = fields.get('id') ?? '';
  const source = fields.get('src') ?? fields.get('source');
  const type = fields.get('type') ?? (fields.has('env') ? 'env' : 'file');
  if (type === 'env') {
    const name = fields.get('env') ?? source ?? id;
    if (env[name] === undefined) {
      throw new InvalidValue(line, `a secret whose variable is set: ${name} is not set in the environment`);
    }
    return { id, from: 'env', name };
  }
  if (type !== 'file' || !source) throw new InvalidValue(line, SECRETS.expected);
  const file = path.resolve(cwd, source);
  if (!existsSync(file)) throw new InvalidValue(line, `a secret whose file exists: ${file} does not`);
  return { id, from: 'file', path: file };
}
