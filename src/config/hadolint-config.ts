/**
 * hadolint's config file (`.hadolint.yaml` / `.hadolint.yml`), read when a repository has no
 * docker-diet config of its own, so a team can switch without rewriting it first. hadolint codes map
 * to docker-diet rules through the rules' aliases (`DL3009` → apt-lists-not-removed); ShellCheck codes
 * (`SC2086`) are kept as they are. What has no equivalent is listed in `migratedFrom.notUnderstood`,
 * for the log to say once, rather than failing a config hadolint accepts.
 */
import { parseDocument } from 'yaml';
import { usageError } from '../errors.js';
import type { Rule } from '../lint/types.js';
import type { Severity } from '../report/model.js';
import {
  emptyConfigFile,
  isRecord,
  readBoolean,
  readLabelSchema,
  readRegistries,
  SHELLCHECK_NAME,
  type ConfigFile,
  type Fail,
  type RuleSetting,
} from './config-file.js';
import { describeValue } from './values.js';

/** The DL codes hadolint itself ships at severity "ignore": reading its file leaves them off. */
const HADOLINT_OFF: ReadonlySet<string> = new Set(['DL3057']);

/** hadolint's config files in a repository, in the order hadolint looks for them. */
export const HADOLINT_CONFIG_FILES = ['.hadolint.yaml', '.hadolint.yml'] as const;

/** hadolint's severities as docker-diet's: it has no `style`, which is the mildest, so info. */
const SEVERITIES: Record<string, Severity> = {
  error: 'error',
  warning: 'warning',
  info: 'info',
  style: 'info',
};

/** Keys that only shape hadolint's own output or exit code: docker-diet has inputs for those. */
const OUTPUT_KEYS: Record<string, string> = {
  'failure-threshold': 'use the fail-on input (action) or --fail-on (CLI)',
  'no-fail': 'use fail-on: never',
  'output-format': 'docker-diet writes its own formats',
  format: 'docker-diet writes its own formats',
  'no-color': 'not needed',
  verbose: 'not needed',
  'disable-ignore-pragma': 'docker-diet always honours `# hadolint ignore=` comments',
};

/**
 * Reads hadolint's config as docker-diet's. Codes hadolint runs by default but docker-diet only on
 * request (version pinning, trusted registries) are turned on, so nothing hadolint checked is lost;
 * an `ignored` code stays off. Malformed values are errors, as in docker-diet's own file.
 */
export function parseHadolintConfig(text: string, label: string, rules: readonly Rule[]): ConfigFile {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    const first = doc.errors[0]?.message.split('\n')[0]?.replace(/:$/, '') ?? 'invalid YAML';
    throw usageError(`${label}: not valid YAML: ${first}`);
  }
  const raw: unknown = doc.toJS();
  const config: ConfigFile = { ...emptyConfigFile(), migratedFrom: { file: label, notUnderstood: [] } };
  const notUnderstood = config.migratedFrom?.notUnderstood ?? [];
  if (raw === null || raw === undefined) return config;
  if (!isRecord(raw))
    throw usageError(`${label}: expected a mapping (hadolint's format); got ${describeValue(raw)}`);
  const problems: string[] = [];
  const fail: Fail = (key, message) => void problems.push(`${label}: ${key}: ${message}`);
  const byCode = codeIndex(rules);
  const set = (code: string, setting: RuleSetting, key: string): void => {
    if (SHELLCHECK_NAME.test(code)) {
      config.rules[code.toUpperCase()] = setting;
      return;
    }
    const matched = byCode.get(code.toUpperCase());
    if (!matched) notUnderstood.push(`${key}: ${code} (no docker-diet rule)`);
    for (const rule of matched ?? []) config.rules[rule.meta.id] = setting;
  };

  // hadolint's defaults first: every DL code it runs is on, unless the file says otherwise below.
  for (const rule of rules) {
    const codes = rule.meta.aliases.filter((a) => /^DL\d{4}$/.test(a));
    if (rule.meta.enabledByDefault === false && codes.some((c) => !HADOLINT_OFF.has(c))) {
      config.rules[rule.meta.id] = rule.meta.severity;
    }
  }
  for (const [key, value] of Object.entries(raw)) {
    switch (key) {
      case 'ignored':
        for (const code of codes(key, value, fail)) set(code, 'off', key);
        break;
      case 'override':
        if (value === null || value === undefined) break;
        if (!isRecord(value)) {
          fail(key, `expected a mapping of error/warning/info/style to codes; got ${describeValue(value)}`);
          break;
        }
        for (const [level, list] of Object.entries(value)) {
          const severity = SEVERITIES[level];
          if (!severity) notUnderstood.push(`override.${level}`);
          else for (const code of codes(`override.${level}`, list, fail)) set(code, severity, 'override');
        }
        break;
      case 'trusted-registries':
      case 'trustedRegistries':
        config.trustedRegistries = readRegistries(key, value, fail);
        break;
      case 'label-schema':
        config.labelSchema = readLabelSchema(key, value, fail);
        break;
      case 'strict-labels':
        config.strictLabels = readBoolean(key, value, fail) ?? false;
        break;
      default:
        notUnderstood.push(OUTPUT_KEYS[key] ? `${key} (${OUTPUT_KEYS[key]})` : key);
    }
  }
  // `ignored` wins over `override`, as in hadolint.
  for (const code of Array.isArray(raw.ignored) ? raw.ignored : []) {
    if (typeof code === 'string') set(code, 'off', 'ignored');
  }
  if (problems.length > 0) throw usageError(problems.join('\n'));
  config.migratedFrom = { file: label, notUnderstood: [...new Set(notUnderstood)] };
  return config;
}

/** hadolint codes (upper-case) → the docker-diet rules that stand for them. */
function codeIndex(rules: readonly Rule[]): Map<string, Rule[]> {
  const index = new Map<string, Rule[]>();
  for (const rule of rules) {
    for (const alias of rule.meta.aliases) {
      const code = alias.toUpperCase();
      index.set(code, [...(index.get(code) ?? []), rule]);
    }
  }
  return index;
}

/** A list of rule codes (`DL3008`, `SC2086`). */
function codes(key: string, value: unknown, fail: Fail): string[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) {
    fail(key, `expected a list of rule codes such as DL3008 or SC2086; got ${describeValue(value)}`);
    return [];
  }
  return value.flatMap((item, i) => {
    if (typeof item === 'string' && item.trim() !== '') return [item.trim()];
    fail(`${key}[${i}]`, `expected a rule code such as DL3008; got ${describeValue(item)}`);
    return [];
  });
}
