/**
 * The config file (`.docker-diet.yml` by default): per-rule severities, Dockerfiles not to lint,
 * trusted registries, the repository's images and per-image budgets. Read once, validated strictly
 * (unknown keys are errors, with a suggestion), so a typo never silently turns a rule back on. Values go through the same
 * parsers as the inputs (`values.ts`), so they are rejected with the same words.
 * Precedence: built-in defaults < this file < action inputs / CLI flags.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { environmentError, usageError } from '../errors.js';
import { RULES } from '../lint/rules/index.js';
import { closestMatch } from '../lint/suggest.js';
import type { LabelType, Rule } from '../lint/types.js';
import type { Severity } from '../report/model.js';
import { BUDGETS, type BudgetField, type Budgets } from './budgets.js';
import { HADOLINT_CONFIG_FILES, parseHadolintConfig } from './hadolint-config.js';
import { readImages, type ConfiguredImage } from './image-entries.js';
import {
  BOOLEAN,
  describeValue,
  InvalidValue,
  parseYamlValue,
  RULE_SWITCH,
  type ParseScope,
} from './values.js';

/** What the file can say about one rule once `on` is resolved: a severity, or `off`. */
export type RuleSetting = Severity | 'off';

/** The validated config file; `emptyConfigFile()` when there is none. */
export interface ConfigFile {
  /** Path of the file read; undefined when none was. */
  source?: string;
  /**
   * Rule id → severity or `off`, only for rules the file mentions (aliases resolved to ids). ShellCheck
   * is named `shellcheck` (all of it) or by code (`SC2086`), upper-case, as written.
   */
  rules: Record<string, RuleSetting>;
  /** Workspace-relative globs of Dockerfiles that are not linted unless named explicitly. */
  ignorePaths: string[];
  /** Registry prefixes whose images are trusted (`ghcr.io/my-org`), lower-case, no trailing slash. */
  trustedRegistries: string[];
  /** Budgets per image name, from `budgets:` and the `images:` entries; merged with the inputs by `mergeBudgets`. */
  budgets: Record<string, Budgets>;
  /** The `images:` entries, in the file's order, names resolved; empty when the file has none. */
  images: ConfiguredImage[];
  /** Label name → the type its value must have (`label-schema:`); the label rules need it. */
  labelSchema: Record<string, LabelType>;
  /** True to report labels the schema does not name (`strict-labels: true`). */
  strictLabels: boolean;
  /** Set when this is hadolint's config, read because the repository has no docker-diet config. */
  migratedFrom?: {
    /** The hadolint file, as named in messages. */
    file: string;
    /** Keys and codes that have no docker-diet equivalent, for the log to list once. */
    notUnderstood: string[];
  };
}

const TOP_KEYS = [
  'rules',
  'ignore-paths',
  'trusted-registries',
  'budgets',
  'images',
  'label-schema',
  'strict-labels',
] as const;
/** The label types of `label-schema`, as hadolint names them. */
export const LABEL_TYPES: readonly LabelType[] = [
  'text',
  'url',
  'rfc3339',
  'semver',
  'hash',
  'spdx',
  'email',
];
/** ShellCheck's findings are configured by `shellcheck` (all) or their code. */
export const SHELLCHECK_NAME = /^(shellcheck|sc\d{4})$/i;
const BUDGET_KEYS = BUDGETS.map((b) => b.key);
/**
 * The values read through the inputs' parsers are sizes, switches and the like: none is a path or a
 * build arg (`images:` paths and build args are read by `image-entries.ts`), so nothing is resolved.
 */
const NO_SCOPE: ParseScope = { cwd: '.', env: {} };

/** The config used when no file exists: every rule at its default. */
export function emptyConfigFile(): ConfigFile {
  return {
    rules: {},
    ignorePaths: [],
    trustedRegistries: [],
    budgets: {},
    images: [],
    labelSchema: {},
    strictLabels: false,
  };
}

/**
 * Reads and validates the config file. A missing file is fine unless `required` (the user named it):
 * then hadolint's `.hadolint.yaml` (or `.yml`) next to where it was looked for is read instead, if
 * there is one, and the default config is used otherwise.
 * @param label how the file is named in messages, e.g. `.docker-diet.yml`
 * @param rules the rules whose ids (and hadolint codes) `rules:` may name
 * @param workspace the folder `images:` paths are relative to; the file's own folder by default
 */
export async function loadConfigFile(
  file: string,
  required: boolean,
  label: string = file,
  rules: readonly Rule[] = RULES,
  workspace: string = path.dirname(path.resolve(file)),
): Promise<ConfigFile> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !required)
      return (await loadHadolintConfig(file, label, rules)) ?? emptyConfigFile();
    const why =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EISDIR'
          ? 'is a directory'
          : `cannot be read (${code})`;
    throw environmentError(`config: "${label}" ${why} (looked for ${file})`);
  }
  return { ...parseConfigFile(text, label, rules, workspace), source: file };
}

/** hadolint's config beside `file` (the docker-diet config that is missing), if there is one. */
async function loadHadolintConfig(
  file: string,
  label: string,
  rules: readonly Rule[],
): Promise<ConfigFile | undefined> {
  for (const name of HADOLINT_CONFIG_FILES) {
    const candidate = path.join(path.dirname(file), name);
    let text: string;
    try {
      text = await fs.readFile(candidate, 'utf8');
    } catch {
      continue; // absent (or unreadable): hadolint would not have read it either
    }
    const shown = path.posix.join(path.posix.dirname(label.split(path.sep).join('/')), name);
    return { ...parseHadolintConfig(text, shown, rules), source: candidate };
  }
  return undefined;
}

/**
 * Parses and validates config text; every problem found is listed in one error.
 * @param workspace the folder `images:` paths are relative to (it names a root Dockerfile's image)
 */
export function parseConfigFile(
  text: string,
  label: string,
  rules: readonly Rule[] = RULES,
  workspace: string = process.cwd(),
): ConfigFile {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    const first = doc.errors[0]?.message.split('\n')[0]?.replace(/:$/, '') ?? 'invalid YAML';
    throw usageError(`${label}: not valid YAML: ${first}`);
  }
  const raw: unknown = doc.toJS();
  const config = emptyConfigFile();
  if (raw === null || raw === undefined) return config;
  const problems: string[] = [];
  const fail = (key: string, message: string): void => {
    problems.push(`${label}: ${key}: ${message}`);
  };
  if (!isRecord(raw)) {
    throw usageError(
      `${label}: expected a mapping with keys ${TOP_KEYS.join(', ')}; got ${describeValue(raw)}`,
    );
  }

  let images: ReturnType<typeof readImages> | undefined;
  for (const [key, value] of Object.entries(raw)) {
    switch (key) {
      case 'rules':
        config.rules = readRules(value, rules, fail);
        break;
      case 'ignore-paths':
        config.ignorePaths = readStrings(key, value, fail).map((p) => p.replace(/^(\.\/)+/, ''));
        break;
      case 'trusted-registries':
        config.trustedRegistries = readRegistries(key, value, fail);
        break;
      case 'budgets':
        config.budgets = readBudgets(value, fail);
        break;
      case 'images':
        images = readImages(value, fail, (at, limits) => readImageBudgets(at, limits, fail), workspace);
        config.images = images.images;
        break;
      case 'label-schema':
        config.labelSchema = readLabelSchema(key, value, fail);
        break;
      case 'strict-labels':
        config.strictLabels = readBoolean(key, value, fail) ?? false;
        break;
      case 'fail-on':
        // A policy of the workflow rather than of the repository's Dockerfiles; one place sets it.
        fail(key, 'set it with the fail-on input (action) or --fail-on (CLI), not in the config file');
        break;
      default:
        fail(key, `unknown key${suggest(key, TOP_KEYS)} (expected one of ${TOP_KEYS.join(', ')})`);
    }
  }
  for (const { index, name, budgets } of images?.budgets ?? []) {
    // One home for an image's budgets, so nobody has to guess which of two wins.
    if (Object.hasOwn(config.budgets, name))
      fail(
        `images[${index}].budgets`,
        `budgets for "${name}" are also set under budgets; keep them in one place`,
      );
    else config.budgets[name] = budgets;
  }
  if (problems.length > 0) throw usageError(problems.join('\n'));
  return config;
}

/** Reports a problem with the value under `key`. */
export type Fail = (key: string, message: string) => void;

/** Reads one value through its kind's parser, reporting a bad one under `key`. */
function read<T>(parse: () => T, key: string, fail: Fail): T | undefined {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof InvalidValue)) throw error;
    fail(key, error.message);
    return undefined;
  }
}

function readRules(value: unknown, rules: readonly Rule[], fail: Fail): Record<string, RuleSetting> {
  const out: Record<string, RuleSetting> = {};
  if (value === null || value === undefined) return out;
  if (!isRecord(value)) {
    fail(
      'rules',
      `expected a mapping of rule id to off, info, warning or error; got ${describeValue(value)}`,
    );
    return out;
  }
  // Rule ids, and hadolint codes too so a team can carry its hadolint config over (one code may
  // stand for several rules).
  const byName = new Map<string, Rule[]>();
  const index = (name: string, rule: Rule): void => {
    byName.set(name, [...(byName.get(name) ?? []), rule]);
  };
  for (const rule of rules) {
    index(rule.meta.id, rule);
    for (const alias of rule.meta.aliases) index(alias.toLowerCase(), rule);
  }
  for (const [name, setting] of Object.entries(value)) {
    const key = `rules.${name}`;
    if (SHELLCHECK_NAME.test(name)) {
      // ShellCheck's codes are not docker-diet rules; `on` leaves them at ShellCheck's own level.
      const parsed = read(() => parseYamlValue(RULE_SWITCH, boolToSwitch(setting), NO_SCOPE), key, fail);
      const id = /^shellcheck$/i.test(name) ? 'shellcheck' : name.toUpperCase();
      if (parsed !== undefined && parsed !== 'on') out[id] = parsed;
      continue;
    }
    const matched = byName.get(name) ?? byName.get(name.toLowerCase());
    if (!matched) {
      const hint = suggest(
        name,
        rules.map((r) => r.meta.id),
      );
      fail(key, `unknown rule${hint || ' (run "docker-diet rules" to list them)'}`);
      continue;
    }
    const parsed = read(() => parseYamlValue(RULE_SWITCH, boolToSwitch(setting), NO_SCOPE), key, fail);
    if (parsed === undefined) continue;
    for (const rule of matched) out[rule.meta.id] = parsed === 'on' ? rule.meta.severity : parsed;
  }
  return out;
}

/** YAML 1.2 reads `false`/`true` as booleans; take them as off/on rather than reject them. */
function boolToSwitch(setting: unknown): unknown {
  return typeof setting === 'boolean' ? (setting ? 'on' : 'off') : setting;
}

/** `trusted-registries`: hosts with an optional path, lower-cased, without a trailing slash. */
export function readRegistries(key: string, value: unknown, fail: Fail): string[] {
  return readStrings(key, value, fail).flatMap((registry) => {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(registry)) {
      fail(key, `"${registry}" has a URL scheme; write the host and optional path, e.g. ghcr.io/my-org`);
      return [];
    }
    return [registry.toLowerCase().replace(/\/+$/, '')];
  });
}

/** `label-schema`: a mapping of label name to one of `LABEL_TYPES`. */
export function readLabelSchema(key: string, value: unknown, fail: Fail): Record<string, LabelType> {
  const out: Record<string, LabelType> = {};
  if (value === null || value === undefined) return out;
  if (!isRecord(value)) {
    fail(
      key,
      `expected a mapping of label name to type (${LABEL_TYPES.join(', ')}); got ${describeValue(value)}`,
    );
    return out;
  }
  for (const [label, type] of Object.entries(value)) {
    const given = typeof type === 'string' ? type.trim().toLowerCase() : type;
    if (typeof given === 'string' && (LABEL_TYPES as readonly string[]).includes(given)) {
      out[label] = given as LabelType;
    } else {
      const hint = typeof given === 'string' ? suggest(given, LABEL_TYPES) : '';
      fail(
        `${key}.${label}`,
        `${describeValue(type)} is not a label type${hint} (expected one of ${LABEL_TYPES.join(', ')})`,
      );
    }
  }
  return out;
}

/** A boolean setting (`true`/`false`, also yes/no, on/off). */
export function readBoolean(key: string, value: unknown, fail: Fail): boolean | undefined {
  if (typeof value === 'boolean') return value;
  return read(() => parseYamlValue(BOOLEAN, value, NO_SCOPE), key, fail);
}

function readStrings(key: string, value: unknown, fail: Fail): string[] {
  if (value === null || value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  const out: string[] = [];
  list.forEach((item, i) => {
    if (typeof item !== 'string' || item.trim() === '') {
      fail(
        Array.isArray(value) ? `${key}[${i}]` : key,
        `expected a non-empty string; got ${describeValue(item)}`,
      );
    } else {
      out.push(item.trim());
    }
  });
  return out;
}

function readBudgets(value: unknown, fail: Fail): Record<string, Budgets> {
  const out: Record<string, Budgets> = {};
  if (value === null || value === undefined) return out;
  if (!isRecord(value)) {
    fail('budgets', `expected a mapping of image name to budgets; got ${describeValue(value)}`);
    return out;
  }
  for (const [image, limits] of Object.entries(value)) {
    const budgets = readImageBudgets(`budgets.${image}`, limits, fail);
    if (budgets) out[image] = budgets;
  }
  return out;
}

/** One image's budgets (`budgets.api`, `images[0].budgets`): a mapping of budget key to value. */
function readImageBudgets(at: string, limits: unknown, fail: Fail): Budgets | undefined {
  if (!isRecord(limits)) {
    fail(at, `expected a mapping such as { max-size: 150MB }; got ${describeValue(limits)}`);
    return undefined;
  }
  const budgets: Partial<Record<BudgetField, unknown>> = {};
  for (const [name, raw] of Object.entries(limits)) {
    const key = `${at}.${name}`;
    const spec = BUDGETS.find((b) => b.key === name);
    if (!spec) {
      fail(key, `unknown budget${suggest(name, BUDGET_KEYS)} (expected one of ${BUDGET_KEYS.join(', ')})`);
      continue;
    }
    const parsed = read(() => parseYamlValue<unknown>(spec.kind, raw, NO_SCOPE), key, fail);
    if (parsed !== undefined) budgets[spec.field] = parsed;
  }
  return budgets as Budgets;
}

/** True for a YAML mapping. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** ` (did you mean x?)` for a close candidate, else ''. */
export function suggest(given: string, candidates: readonly string[]): string {
  const match = closestMatch(given, candidates);
  return match === undefined ? '' : ` (did you mean ${match}?)`;
}
