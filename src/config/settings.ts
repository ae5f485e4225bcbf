/**
 * The typed, validated settings every stage reads. Both entry points produce them from raw strings
 * (`action-inputs.ts` from the action's inputs, `cli-flags.ts` from flags) through `parseSettings`,
 * which walks the table of inputs: validation and defaults live there once.
 */
import path from 'node:path';
import type { BuilderChoice, BuildSecret } from '../docker/build-options.js';
import type { Budgets } from './budgets.js';
import { flagName, type InputSpec } from './input-spec.js';
import { INPUTS, inputSpec, type InputName, type RawInputs } from './inputs.js';
import {
  parseValue,
  type CompareMode,
  type FailOn,
  type ParseScope,
  type RunMode,
  type WhatIfMode,
} from './values.js';

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
  /** What builds: the Engine API, buildx's current builder, or a named buildx builder. */
  builder: BuilderChoice;
  /** Build secrets (buildx). */
  secrets: BuildSecret[];
  /** `--ssh` values (buildx). */
  ssh: string[];
  /** `--cache-from` values (buildx); local folders absolute. */
  cacheFrom: string[];
  /** `--cache-to` values of the head build (buildx); local folders absolute. */
  cacheTo: string[];
  /** Extra named build contexts (buildx); local folders absolute. */
  buildContexts: Record<string, string>;
  /** Labels for the built images. */
  labels: Record<string, string>;
  /** Measure this already-built image instead of building. */
  image?: string;
  /** Build without the build cache (CLI `--no-cache`; the action always uses the cache). */
  noCache?: boolean;
  /** Globs of Dockerfiles to lint; empty means the defaults in `Defaults.lintGlobs`. */
  lint: string[];
  /** Lowest finding severity that fails the run. */
  failOn: FailOn;
  /** Path of the config file. */
  config: string;
  /** True when the user named a config file other than the default: then it must exist. */
  configRequired: boolean;
  /** Git ref or SHA to compare against; undefined lets the event decide. */
  baseRef?: string;
  /** Registry reference of an image already pushed for the base branch. */
  baseImage?: string;
  /** How to get a baseline. */
  compare: CompareMode;
  /** Keep the measurement in git notes on the commit (and push them), for later comparisons. */
  store: boolean;
  /** Build the Dockerfile with the suggested fixes applied and measure what they save. */
  whatIf: WhatIfMode;
  /**
   * Folder of the layer-analysis cache; false turns it off; undefined uses the entry point's default
   * (`defaultLayerCacheDir`).
   */
  layerCache?: string | false;
  /** Bound of the layer-analysis cache folder, in bytes. */
  layerCacheSize: number;
  /** Budgets from the inputs; merged with the config file's by `mergeBudgets`. */
  budgets: Budgets;
  /** PR label that turns a budget failure into a warning. */
  budgetOverrideLabel: string;
  /** This image's name in the report. */
  name: string;
  /** Post or update the sticky PR comment. */
  comment: boolean;
  /** Post the fixes of findings on changed lines as a pull request review of suggested changes. */
  suggestions: boolean;
  /** Write the workflow job summary. */
  summary: boolean;
  /** Where to write SARIF; undefined writes none. */
  sarif?: string;
  /** Token for the GitHub API; undefined disables the comment. */
  githubToken?: string;
  /** Only discover the images for a matrix (the `discover` input); the CLI has `docker-diet images`. */
  discover?: boolean;
  /** `check` (build, measure, publish this run) or `publish` (post reports another job wrote); the action's `mode`. */
  mode?: RunMode;
  /** With `mode: publish`: report files, paths or globs relative to the workspace. */
  report?: string[];
  /**
   * The image settings no input or flag set (empty, or equal to the input's default): a config file's
   * `images:` entry of this run's name fills these (`applyConfiguredImage`). Undefined: none.
   */
  defaulted?: ImageField[];
}

/** The settings an `images:` entry of the config file can fill for a run that leaves them unset. */
export type ImageField = 'context' | 'dockerfile' | 'target' | 'buildArgs';

/** The inputs behind `ImageField`s. */
const IMAGE_INPUTS: Record<ImageField, InputName> = {
  context: 'context',
  dockerfile: 'dockerfile',
  target: 'target',
  buildArgs: 'build-args',
};

/** How to name a setting in an error: `max-size` for the action, `--max-size` for the CLI. */
export type LabelStyle = 'input' | 'flag';

/** The Dockerfile's name inside the context when the `dockerfile` input is empty. */
const DOCKERFILE_NAME = 'Dockerfile';

/**
 * Validates raw inputs and applies defaults, input by input as the table says. A `config` equal to
 * its default does not make the file required: the runner passes action.yml's defaults as if given.
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
  const scope: ParseScope = { cwd, env };
  const fields: Record<string, unknown> = {};
  const budgets: Record<string, unknown> = {};
  for (const spec of INPUTS as readonly InputSpec[]) {
    const text = given(raw, spec) ?? spec.default;
    const value =
      text === undefined ? spec.kind.empty?.() : parseValue(spec.kind, text, label(spec, style), scope);
    if (value === undefined) continue;
    if (spec.setting.startsWith('budgets.')) budgets[spec.setting.slice('budgets.'.length)] = value;
    else fields[spec.setting] = value;
  }
  const filled = fields as Partial<Settings>;
  const config = inputSpec('config');
  const configText = given(raw, config);
  const context = required(filled, 'context');
  const dockerfile = filled.dockerfile ?? path.join(context, DOCKERFILE_NAME);
  return {
    ...filled,
    context,
    dockerfile,
    buildArgs: required(filled, 'buildArgs'),
    builder: required(filled, 'builder'),
    secrets: required(filled, 'secrets'),
    ssh: required(filled, 'ssh'),
    cacheFrom: required(filled, 'cacheFrom'),
    cacheTo: required(filled, 'cacheTo'),
    buildContexts: required(filled, 'buildContexts'),
    labels: required(filled, 'labels'),
    lint: required(filled, 'lint'),
    failOn: required(filled, 'failOn'),
    config: required(filled, 'config'),
    configRequired: configText !== undefined && configText !== config.default,
    compare: required(filled, 'compare'),
    store: required(filled, 'store'),
    whatIf: required(filled, 'whatIf'),
    layerCacheSize: required(filled, 'layerCacheSize'),
    budgets: budgets as Budgets,
    budgetOverrideLabel: required(filled, 'budgetOverrideLabel'),
    name: filled.name ?? deriveImageName(dockerfile, cwd),
    comment: required(filled, 'comment'),
    suggestions: required(filled, 'suggestions'),
    summary: required(filled, 'summary'),
    defaulted: (Object.keys(IMAGE_INPUTS) as ImageField[]).filter((field) => {
      // The runner passes action.yml's defaults as if given (`context: .`): a default is not a choice.
      const spec = inputSpec(IMAGE_INPUTS[field]);
      const text = given(raw, spec);
      return text === undefined || text === spec.default;
    }),
  };
}

/** The input's trimmed value, or undefined when it is missing or blank. */
function given(raw: RawInputs, spec: InputSpec): string | undefined {
  const value = raw[spec.name as keyof RawInputs]?.trim();
  return value ? value : undefined;
}

/** How an input is named in messages: its name, or for the CLI its flag. */
function label(spec: InputSpec, style: LabelStyle): string {
  return style === 'input' ? spec.name : (flagName(spec) ?? `--${spec.name}`);
}

/** A field the table always fills (it has a default or an empty value). */
function required<K extends keyof Settings>(fields: Partial<Settings>, key: K): NonNullable<Settings[K]> {
  const value = fields[key];
  if (value === undefined || value === null) throw new Error(`the inputs table leaves ${key} unset`);
  return value as NonNullable<Settings[K]>;
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
