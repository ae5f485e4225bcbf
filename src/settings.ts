/**
 * The typed, validated settings every stage reads. Both entry points produce them from raw strings:
 * `inputs.ts` from the action's inputs, `cli.ts` from flags, so validation and defaults live here once.
 */
import path from 'node:path';
import { Defaults, Inputs, type InputName } from './constants.js';
import { usageError } from './errors.js';
import type { Severity } from './report/model.js';
import { parseSize, parseSizeOrPercent, type SizeOrPercent } from './units/size.js';

export type FailOn = Severity | 'none';
export type CompareMode = 'auto' | 'build' | 'registry' | 'none';

/** Size budgets; each is off when undefined. */
export interface Budgets {
  /** Largest allowed uncompressed size in bytes (`docker image inspect` Size). */
  maxSize?: number;
  /** Largest allowed compressed (pull) size in bytes. */
  maxCompressedSize?: number;
  /** Largest allowed growth against the baseline, in bytes or percent of the base size. */
  maxIncrease?: SizeOrPercent;
  /** Largest allowed wasted bytes, absolute or percent of the image size. */
  maxWasted?: SizeOrPercent;
  /**
   * Growth below this many bytes never fails a percentage `maxIncrease` (percent thresholds are noise
   * on small images). Default `DEFAULT_INCREASE_FLOOR`; set from the config file.
   */
  increaseFloor?: number;
}

/** Default floor for percentage increase budgets: 1 MB. */
export const DEFAULT_INCREASE_FLOOR = 1_000_000;

/** Everything docker-diet was asked to do, validated. Paths are absolute. */
export interface Settings {
  /** Build context directory. */
  context: string;
  /** Dockerfile to build (may sit outside the context). */
  dockerfile: string;
  /** Build stage to stop at; undefined builds the last stage. */
  target?: string;
  /** `--build-arg` values, in the order given. */
  buildArgs: Record<string, string>;
  /** Target platform such as `linux/amd64`; undefined means the engine's own. */
  platform?: string;
  /** Measure this already-built image instead of building. */
  image?: string;
  /** Build without the build cache (CLI `--no-cache`; the action always uses the cache). */
  noCache?: boolean;
  /** Globs of Dockerfiles to lint; empty means the defaults in `Defaults.lintGlobs`. */
  lint: string[];
  /** Lowest finding severity that fails the run. */
  failOn: FailOn;
  /** Path of the config file; `configRequired` is true when the user named it explicitly. */
  config: string;
  configRequired: boolean;
  /** Git ref or SHA to compare against; undefined lets the event decide. */
  baseRef?: string;
  /** Registry reference of an image already pushed for the base branch. */
  baseImage?: string;
  /** How to get a baseline. */
  compare: CompareMode;
  budgets: Budgets;
  /** PR label that turns a budget failure into a warning. */
  budgetOverrideLabel: string;
  /** This image's name in the report. */
  name: string;
  /** Post or update the sticky PR comment. */
  comment: boolean;
  /** Write the workflow job summary. */
  summary: boolean;
  /** Where to write SARIF; undefined writes none. */
  sarif?: string;
  /** Token for the GitHub API; undefined disables the comment. */
  githubToken?: string;
}

/** Raw string values keyed by input name; a missing or empty value means "not set". */
export type RawInputs = Partial<Record<InputName, string>>;

/** How to name a setting in an error: `max-size` for the action, `--max-size` for the CLI. */
export type LabelStyle = 'input' | 'flag';

const SEVERITIES: readonly FailOn[] = ['error', 'warning', 'info', 'none'];
const COMPARE_MODES: readonly CompareMode[] = ['auto', 'build', 'registry', 'none'];

/**
 * Validates raw inputs and applies defaults.
 * @param raw values as given, keyed by input name
 * @param cwd directory relative paths are resolved against (the workspace)
 * @param style how settings are named in error messages
 * @param env environment, for build args given as a bare `KEY`
 */
export function parseSettings(
  raw: RawInputs,
  cwd: string,
  style: LabelStyle = 'input',
  env: NodeJS.ProcessEnv = process.env,
): Settings {
  const label = (name: InputName): string => (style === 'flag' ? `--${name}` : name);
  const get = (name: InputName): string | undefined => {
    const value = raw[name]?.trim();
    return value ? value : undefined;
  };

  const size = (name: InputName): number | undefined => {
    const value = get(name);
    if (value === undefined) return undefined;
    const bytes = parseSize(value);
    if (bytes === undefined) {
      throw usageError(`${label(name)}: "${value}" is not a size; use e.g. 150MB, 1.2GiB or 150000000`);
    }
    return bytes;
  };
  const sizeOrPercent = (name: InputName): SizeOrPercent | undefined => {
    const value = get(name);
    if (value === undefined) return undefined;
    const parsed = parseSizeOrPercent(value);
    if (parsed === undefined) {
      throw usageError(
        `${label(name)}: "${value}" is not a size or a percentage; use e.g. 10MB, 1.5MiB or 5%`,
      );
    }
    return parsed;
  };
  const oneOf = <T extends string>(name: InputName, allowed: readonly T[], fallback: T): T => {
    const value = get(name);
    if (value === undefined) return fallback;
    const lower = value.toLowerCase() as T;
    if (!allowed.includes(lower)) {
      throw usageError(`${label(name)}: "${value}" is not one of ${allowed.join(', ')}`);
    }
    return lower;
  };
  const bool = (name: InputName, fallback: boolean): boolean => {
    const value = get(name);
    if (value === undefined) return fallback;
    if (/^(true|yes|on|1)$/i.test(value)) return true;
    if (/^(false|no|off|0)$/i.test(value)) return false;
    throw usageError(`${label(name)}: "${value}" is not a boolean; use true or false`);
  };

  const context = path.resolve(cwd, get(Inputs.Context) ?? Defaults.context);
  const dockerfileInput = get(Inputs.Dockerfile);
  const dockerfile = dockerfileInput
    ? path.resolve(cwd, dockerfileInput)
    : path.join(context, Defaults.dockerfileName);
  const configInput = get(Inputs.Config);
  const sarif = get(Inputs.Sarif);

  return {
    context,
    dockerfile,
    target: get(Inputs.Target),
    buildArgs: parseBuildArgs(get(Inputs.BuildArgs) ?? '', label(Inputs.BuildArgs), env),
    platform: parsePlatform(get(Inputs.Platform), label(Inputs.Platform)),
    image: get(Inputs.Image),
    lint: splitList(get(Inputs.Lint) ?? ''),
    failOn: oneOf(Inputs.FailOn, SEVERITIES, Defaults.failOn),
    config: path.resolve(cwd, configInput ?? Defaults.config),
    configRequired: configInput !== undefined,
    baseRef: get(Inputs.BaseRef),
    baseImage: get(Inputs.BaseImage),
    compare: oneOf(Inputs.Compare, COMPARE_MODES, Defaults.compare),
    budgets: {
      maxSize: size(Inputs.MaxSize),
      maxCompressedSize: size(Inputs.MaxCompressedSize),
      maxIncrease: sizeOrPercent(Inputs.MaxIncrease),
      maxWasted: sizeOrPercent(Inputs.MaxWasted),
    },
    budgetOverrideLabel: get(Inputs.BudgetOverrideLabel) ?? Defaults.budgetOverrideLabel,
    name: get(Inputs.Name) ?? deriveImageName(dockerfile, cwd),
    comment: bool(Inputs.Comment, true),
    summary: bool(Inputs.Summary, true),
    sarif: sarif ? path.resolve(cwd, sarif) : undefined,
    githubToken: get(Inputs.GithubToken),
  };
}

/** Splits a multi-line or comma-separated list, dropping blanks and `#` comments. */
export function splitList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter((item) => item !== '' && !item.startsWith('#'));
}

/**
 * Parses `build-args`: one `KEY=VALUE` per line. A bare `KEY` takes its value from the environment,
 * as `docker build --build-arg KEY` does.
 */
export function parseBuildArgs(text: string, label: string, env: NodeJS.ProcessEnv): Record<string, string> {
  const args: Record<string, string> = {};
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    const key = eq === -1 ? line : line.slice(0, eq).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
      throw usageError(
        `${label}: "${line}" is not KEY=VALUE; put one build argument per line, e.g. VERSION=1.2.3`,
      );
    }
    if (eq === -1) {
      const fromEnv = env[key];
      if (fromEnv !== undefined) args[key] = fromEnv;
      continue;
    }
    args[key] = line.slice(eq + 1);
  }
  return args;
}

function parsePlatform(value: string | undefined, label: string): string | undefined {
  if (value === undefined) return undefined;
  if (!/^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/i.test(value)) {
    throw usageError(`${label}: "${value}" is not a platform; use os/arch[/variant], e.g. linux/amd64`);
  }
  return value;
}

/**
 * A readable default name from the Dockerfile path: `services/api/Dockerfile` → `services/api`,
 * `Dockerfile.worker` → `<repo>-worker`, `Dockerfile` at the root → the workspace folder's name.
 */
export function deriveImageName(dockerfile: string, cwd: string): string {
  const relative = path.relative(cwd, dockerfile);
  const inside = !relative.startsWith('..') && !path.isAbsolute(relative);
  const dir = inside ? path.dirname(relative) : path.basename(path.dirname(dockerfile));
  const base = path.basename(dockerfile);
  const variant = /^Dockerfile\.(.+)$/i.exec(base)?.[1] ?? /^(.+)\.Dockerfile$/i.exec(base)?.[1];
  const stem = dir === '.' || dir === '' ? path.basename(cwd) : dir.split(path.sep).join('/');
  return variant ? `${stem}-${variant}` : stem;
}
