/**
 * The config file's `images:` list: the repository's images with what building each takes (context,
 * target, build args) when that is not simply "the Dockerfile's folder". Discovery lists them in the
 * matrix; a single run whose name matches an entry takes the entry's values for the image inputs it
 * leaves unset. Paths are relative to the workspace, as `ignore-paths` are.
 */
import path from 'node:path';
import type { Budgets } from './budgets.js';
import { isRecord, loadConfigFile, suggest, type ConfigFile, type Fail } from './config-file.js';
import { deriveImageName, type ImageField, type Settings } from './settings.js';
import { describeValue, parseBuildArgs } from './values.js';

/** One entry of `images:`, validated; the name is resolved, paths are workspace-relative. */
export interface ConfiguredImage {
  /** The `name` given, else the one a run derives from the Dockerfile (`services/api`). */
  name: string;
  /** Dockerfile, relative to the workspace with forward slashes and no leading `./`. */
  dockerfile: string;
  /** Build context relative to the workspace; the Dockerfile's folder when not given (`.` for the root). */
  context: string;
  /** Build stage; undefined builds the last stage. */
  target?: string;
  /** `KEY=VALUE` (or bare `KEY`, taken from the environment) lines: the `build-args` input's form. */
  buildArgs: string[];
}

/** What `readImages` found: the entries, and the budgets some of them carry, keyed by entry. */
export interface ReadImages {
  images: ConfiguredImage[];
  /** Budgets given on an entry (`images[i].budgets`), for the config's per-name budgets. */
  budgets: { index: number; name: string; budgets: Budgets }[];
}

const ENTRY_KEYS = ['name', 'dockerfile', 'context', 'target', 'build-args', 'budgets'] as const;
/** A build argument's name, as `parseBuildArgs` accepts it. */
const ARG_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Reads `images:`: a list of `{ name?, dockerfile, context?, target?, build-args?, budgets? }`. Every
 * problem is reported under `images[i].key`; names (given or derived) must be unique.
 * @param readBudgets the config's reader of one image's budgets, so both places accept the same keys
 * @param workspace the folder the paths are relative to; a root Dockerfile's derived name is its name
 */
export function readImages(
  value: unknown,
  fail: Fail,
  readBudgets: (key: string, limits: unknown) => Budgets | undefined,
  workspace: string,
): ReadImages {
  const out: ReadImages = { images: [], budgets: [] };
  if (value === null || value === undefined) return out;
  if (!Array.isArray(value)) {
    fail(
      'images',
      `expected a list of entries such as - { name: api, dockerfile: services/api/Dockerfile }; got ${describeValue(value)}`,
    );
    return out;
  }
  const owner = new Map<string, number>();
  value.forEach((entry: unknown, index) => {
    const at = `images[${index}]`;
    if (!isRecord(entry)) {
      fail(at, `expected a mapping with keys ${ENTRY_KEYS.join(', ')}; got ${describeValue(entry)}`);
      return;
    }
    for (const key of Object.keys(entry)) {
      if (!(ENTRY_KEYS as readonly string[]).includes(key))
        fail(
          `${at}.${key}`,
          `unknown key${suggest(key, ENTRY_KEYS)} (expected one of ${ENTRY_KEYS.join(', ')})`,
        );
    }
    if (entry.dockerfile === undefined || entry.dockerfile === null) {
      fail(at, 'dockerfile is missing; every entry names the Dockerfile it builds');
      return;
    }
    const dockerfile = readPath(`${at}.dockerfile`, entry.dockerfile, fail);
    if (dockerfile === '.') fail(`${at}.dockerfile`, 'expected a Dockerfile path, not the workspace itself');
    const context = entry.context === undefined ? undefined : readPath(`${at}.context`, entry.context, fail);
    const target = entry.target === undefined ? undefined : readTarget(`${at}.target`, entry.target, fail);
    const buildArgs = readBuildArgs(`${at}.build-args`, entry['build-args'], fail);
    const given = entry.name === undefined ? undefined : readName(`${at}.name`, entry.name, fail);
    // A bad name or Dockerfile is reported already; a derived stand-in would only add noise.
    if (dockerfile === undefined || dockerfile === '.' || (entry.name !== undefined && !given)) return;
    const name = given ?? deriveImageName(path.join(workspace, dockerfile), workspace);
    const first = owner.get(name);
    if (first !== undefined) {
      const why = given === undefined ? `the name "${name}" derived from ${dockerfile}` : `"${name}"`;
      fail(
        given === undefined ? at : `${at}.name`,
        `${why} is already the name of images[${first}]; names key the report's sections and budgets, so give each entry its own`,
      );
      return;
    }
    owner.set(name, index);
    out.images.push({
      name,
      dockerfile,
      context: context ?? path.posix.dirname(dockerfile),
      ...(target === undefined ? {} : { target }),
      buildArgs,
    });
    if (entry.budgets !== undefined && entry.budgets !== null) {
      const budgets = readBudgets(`${at}.budgets`, entry.budgets);
      if (budgets) out.budgets.push({ index, name, budgets });
    }
  });
  return out;
}

/** A workspace-relative path, normalised (`./a//b/` → `a/b`); absolute or escaping paths are refused. */
function readPath(key: string, value: unknown, fail: Fail): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    fail(key, `expected a path relative to the workspace; got ${describeValue(value)}`);
    return undefined;
  }
  const given = value.trim();
  const normal = path.posix.normalize(given.replace(/\\/g, '/')).replace(/\/+$/, '') || '.';
  if (
    path.posix.isAbsolute(normal) ||
    /^[A-Za-z]:/.test(normal) ||
    normal === '..' ||
    normal.startsWith('../')
  ) {
    fail(key, `"${given}" is not inside the workspace; write a path relative to it, e.g. services/api`);
    return undefined;
  }
  return normal;
}

function readName(key: string, value: unknown, fail: Fail): string | undefined {
  if ((typeof value !== 'string' && typeof value !== 'number') || String(value).trim() === '') {
    fail(key, `expected a non-empty name such as api; got ${describeValue(value)}`);
    return undefined;
  }
  return String(value).trim();
}

/** A stage name as Dockerfiles allow it after `AS`. */
function readTarget(key: string, value: unknown, fail: Fail): string | undefined {
  if (typeof value !== 'string' || !/^[A-Za-z][A-Za-z0-9_.-]*$/.test(value.trim())) {
    fail(key, `expected a build stage name such as runtime; got ${describeValue(value)}`);
    return undefined;
  }
  return value.trim();
}

/**
 * `build-args`: a mapping `{ KEY: value }` or a list of `KEY=VALUE` (a bare `KEY` takes the value from
 * the environment of the job that builds). Messages quote a key, never a value.
 */
function readBuildArgs(key: string, value: unknown, fail: Fail): string[] {
  if (value === undefined || value === null) return [];
  const lines: string[] = [];
  const add = (where: string, name: string, arg: string | undefined): void => {
    if (!ARG_NAME.test(name)) {
      fail(
        where,
        `"${name}" is not a build argument name (letters, digits and _, not starting with a digit)`,
      );
    } else if (arg !== undefined && /[\r\n]/.test(arg)) {
      fail(where, `the value of ${name} spans several lines; a build argument is one line`);
    } else {
      lines.push(arg === undefined ? name : `${name}=${arg}`);
    }
  };
  if (isRecord(value)) {
    for (const [name, arg] of Object.entries(value)) {
      if (typeof arg === 'string' || typeof arg === 'number' || typeof arg === 'boolean')
        add(`${key}.${name}`, name, String(arg));
      else
        fail(
          `${key}.${name}`,
          `expected a value (text or number); got ${describeValue(arg)}. To take it from the environment, list it as - ${name}`,
        );
    }
  } else if (Array.isArray(value)) {
    value.forEach((item: unknown, i) => {
      if (typeof item !== 'string' || item.trim() === '') {
        fail(`${key}[${i}]`, `expected KEY=VALUE or KEY; got ${describeValue(item)}`);
        return;
      }
      const line = item.trim();
      const eq = line.indexOf('=');
      add(
        `${key}[${i}]`,
        eq === -1 ? line : line.slice(0, eq).trim(),
        eq === -1 ? undefined : line.slice(eq + 1),
      );
    });
  } else {
    fail(key, `expected a mapping { KEY: value } or a list of KEY=VALUE; got ${describeValue(value)}`);
  }
  return lines;
}

/**
 * The settings of a single run whose name (given, or derived from its Dockerfile) is an entry's: the
 * image settings no input or flag set (`Settings.defaulted`) take the entry's values; inputs win. The
 * Dockerfile is among them, since an entry's context alone would otherwise point at the wrong file.
 * @param workspace the folder the entry's paths are relative to
 * @param env for bare `KEY` build arguments
 */
export function applyConfiguredImage(
  settings: Settings,
  images: readonly ConfiguredImage[],
  workspace: string,
  env: NodeJS.ProcessEnv,
): Settings {
  const entry = images.find((image) => image.name === settings.name);
  if (!entry) return settings;
  const unset = new Set<ImageField>(settings.defaulted ?? []);
  const filled: Settings = { ...settings, defaulted: [] };
  if (unset.has('context')) filled.context = path.resolve(workspace, entry.context);
  if (unset.has('dockerfile')) filled.dockerfile = path.resolve(workspace, entry.dockerfile);
  if (unset.has('target') && entry.target !== undefined) filled.target = entry.target;
  // readImages checked every line, so this parses.
  if (unset.has('buildArgs') && entry.buildArgs.length > 0)
    filled.buildArgs = parseBuildArgs(entry.buildArgs.join('\n'), env);
  return filled;
}

/** A single run's settings with its `images:` entry applied, and the config file they came from. */
export interface RunConfig {
  settings: Settings;
  config: ConfigFile;
}

/**
 * Reads the config file for a single run and applies the `images:` entry of the run's name. The
 * entry points call it before making the run's redactor, so the build args and Dockerfile it names
 * are known to it.
 */
export async function resolveRunConfig(
  settings: Settings,
  workspace: string,
  env: NodeJS.ProcessEnv,
): Promise<RunConfig> {
  const label = path.relative(workspace, settings.config).split(path.sep).join('/') || settings.config;
  const config = await loadConfigFile(settings.config, settings.configRequired, label, undefined, workspace);
  return { settings: applyConfiguredImage(settings, config.images, workspace, env), config };
}
