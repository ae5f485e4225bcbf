/**
 * The one table of inputs. For each: its name in action.yml, description, default, kind of value (and
 * so its allowed values and parser), the Settings field it fills, and the CLI flag it maps to (none
 * for action-only inputs). `parseSettings`, the CLI's flags and their mapping back to inputs are built
 * from it, and action.yml is checked against it (`action-yml.ts`), so the list is written once.
 * The shape of an entry is in `input-spec.ts`.
 */
import { budget } from './budgets.js';
import { BUILD_CONTEXTS, BUILDER, CACHE, LABELS, LINES, SECRETS } from './build-values.js';
import type { InputSpec, SettingField } from './input-spec.js';
import {
  BOOLEAN,
  BUILD_ARGS,
  COMPARE_MODE,
  FAIL_ON,
  LAYER_CACHE,
  LIST,
  PATH,
  PLATFORM,
  RUN_MODE,
  SIZE,
  TEXT,
  WHAT_IF,
} from './values.js';

/** Declares one input, keeping its name's literal type and tying its kind to its field. */
function input<const N extends string, F extends SettingField>(
  spec: InputSpec<F> & { name: N },
): InputSpec<F> & { name: N } {
  return spec;
}

/** Every input, in action.yml's order. */
export const INPUTS = [
  input({
    name: 'context',
    description: 'Build context directory.',
    default: '.',
    kind: PATH,
    setting: 'context',
    flag: {
      flags: '-c, --context <dir>',
      help: 'build context directory',
      group: 'build',
      showDefault: true,
    },
  }),
  input({
    name: 'dockerfile',
    description: 'Dockerfile to build. Default `<context>/Dockerfile`.',
    kind: PATH,
    setting: 'dockerfile',
    flag: {
      flags: '-f, --dockerfile <path>',
      help: 'Dockerfile to build (default: <context>/Dockerfile)',
      group: 'build',
    },
  }),
  input({
    name: 'target',
    description: 'Build stage to stop at (`docker build --target`).',
    kind: TEXT,
    setting: 'target',
    flag: { flags: '--target <stage>', help: 'build stage to stop at', group: 'build' },
  }),
  input({
    name: 'build-args',
    description:
      'Build arguments, one `KEY=VALUE` per line. A bare `KEY` takes its value from the environment.',
    kind: BUILD_ARGS,
    setting: 'buildArgs',
    flag: {
      flags: '--build-arg <KEY=VALUE>',
      help: 'build argument (repeatable)',
      group: 'build',
      repeatable: true,
    },
  }),
  input({
    name: 'platform',
    description: "Target platform, e.g. `linux/amd64`. Default the engine's own.",
    kind: PLATFORM,
    setting: 'platform',
    flag: { flags: '--platform <os/arch>', help: 'target platform, e.g. linux/amd64', group: 'build' },
  }),
  // The builder and what only a BuildKit session (buildx) serves, in build-push-action's forms.
  input({
    name: 'builder',
    description:
      'What builds: `auto` (buildx when `docker buildx` is available, else the Engine API), `engine`, `buildx` (its current builder) or the name of a buildx builder (e.g. the one docker/setup-buildx-action made). Head and base builds use the same.',
    default: 'auto',
    kind: BUILDER,
    setting: 'builder',
    flag: {
      flags: '--builder <name>',
      help: 'auto, engine, buildx or a buildx builder name',
      group: 'build',
      showDefault: true,
    },
  }),
  input({
    name: 'secrets',
    description:
      'Build secrets for `RUN --mount=type=secret`, one per line: `id=ID,env=VARIABLE`, `id=ID,src=FILE` or `ID=value`. Needs buildx. Values are masked and never reported.',
    kind: SECRETS,
    setting: 'secrets',
    flag: {
      flags: '--secret <id=ID,env=VAR|id=ID,src=FILE>',
      help: 'build secret (repeatable; needs buildx)',
      group: 'build',
      repeatable: true,
    },
  }),
  input({
    name: 'ssh',
    description:
      'SSH agent sockets or keys for `RUN --mount=type=ssh`, one per line, e.g. `default` (the agent at `SSH_AUTH_SOCK`). Needs buildx.',
    kind: LINES,
    setting: 'ssh',
    flag: {
      flags: '--ssh <default|id=socket-or-key>',
      help: 'SSH agent socket or key to forward (repeatable; needs buildx)',
      group: 'build',
      repeatable: true,
    },
  }),
  input({
    name: 'cache-from',
    description:
      'Build cache sources, one per line, e.g. `type=gha` or `type=local,src=DIR`. Needs buildx. The base build of a comparison reads these too.',
    kind: CACHE,
    setting: 'cacheFrom',
    flag: {
      flags: '--cache-from <spec>',
      help: 'build cache source, e.g. type=local,src=DIR (repeatable; needs buildx)',
      group: 'build',
      repeatable: true,
    },
  }),
  input({
    name: 'cache-to',
    description:
      'Build cache exports of the head build, one per line, e.g. `type=gha,mode=max` or `type=local,dest=DIR`. Needs buildx; the `docker` driver exports only with the containerd image store. The base build reads them and exports nothing.',
    kind: CACHE,
    setting: 'cacheTo',
    flag: {
      flags: '--cache-to <spec>',
      help: 'build cache export, e.g. type=local,dest=DIR (repeatable; needs buildx)',
      group: 'build',
      repeatable: true,
    },
  }),
  input({
    name: 'build-contexts',
    description:
      'Extra named build contexts, one `name=source` per line (a folder, `docker-image://…`, `target:…`). Needs buildx.',
    kind: BUILD_CONTEXTS,
    setting: 'buildContexts',
    flag: {
      flags: '--build-context <name=source>',
      help: 'extra named build context (repeatable; needs buildx)',
      group: 'build',
      repeatable: true,
    },
  }),
  input({
    name: 'labels',
    description: 'Labels to set on the built images, one `KEY=VALUE` per line.',
    kind: LABELS,
    setting: 'labels',
    flag: {
      flags: '--label <KEY=VALUE>',
      help: 'image label (repeatable)',
      group: 'build',
      repeatable: true,
    },
  }),
  input({
    name: 'image',
    description:
      'Measure this already-built image (e.g. after docker/build-push-action with `load: true`) instead of building.',
    kind: TEXT,
    setting: 'image',
    flag: {
      flags: '--image <ref>',
      help: 'measure this already-built image instead of building',
      group: 'build',
    },
  }),
  input({
    name: 'lint',
    description:
      'Globs of Dockerfiles to lint, one per line. Default every `Dockerfile`, `*.Dockerfile` and `Dockerfile.*` tracked in the repository.',
    kind: LIST,
    setting: 'lint',
    flag: {
      flags: '--lint <glob>',
      help: 'Dockerfiles to lint (repeatable; default: every Dockerfile in the repo)',
      group: 'lint',
      repeatable: true,
    },
  }),
  input({
    name: 'fail-on',
    description: 'Lowest lint finding severity that fails the job, `error`, `warning`, `info` or `none`.',
    default: 'error',
    kind: FAIL_ON,
    setting: 'failOn',
    flag: { flags: '--fail-on <level>', help: 'lowest finding severity that fails', group: 'lint' },
  }),
  input({
    name: 'config',
    description: 'Path of the configuration file.',
    default: '.docker-diet.yml',
    kind: PATH,
    setting: 'config',
    flag: { flags: '--config <file>', help: 'config file', group: 'lint', showDefault: true },
  }),
  input({
    name: 'base-ref',
    description: "Git ref or SHA to compare against. Default the pull request's base SHA.",
    kind: TEXT,
    setting: 'baseRef',
    flag: { flags: '--base-ref <ref>', help: 'git ref to compare against', group: 'compare' },
  }),
  input({
    name: 'base-image',
    description:
      'Registry reference of an image already pushed for the base branch (e.g. `ghcr.io/o/app:main`), compared without building.',
    kind: TEXT,
    setting: 'baseImage',
    flag: {
      flags: '--base-image <ref>',
      help: 'registry image to compare against without building',
      group: 'compare',
    },
  }),
  input({
    name: 'compare',
    description:
      'How to get a baseline, `auto`, `stored`, `build`, `registry` or `none`. `auto` tries `stored` (a report kept in git notes by `store`), then `registry`, then `build`, which it skips when no file the build reads changed since the base commit.',
    default: 'auto',
    kind: COMPARE_MODE,
    setting: 'compare',
    flag: { flags: '--compare <mode>', help: 'how to get a baseline', group: 'compare' },
  }),
  input({
    name: 'store',
    description:
      "Keep this run's measurement in git notes (`refs/notes/docker-diet`) on the commit and push them to `origin`, so pull requests compare without building the base. Needs write access to the repository contents.",
    default: 'false',
    kind: BOOLEAN,
    setting: 'store',
    flag: {
      flags: '--store',
      help: 'keep the measurement in git notes on the commit and push them to origin',
      group: 'build',
    },
  }),
  input({
    name: 'what-if',
    description:
      'Also build the Dockerfile with every suggested fix applied (same context, args and target, sharing the build cache) and report what the fixes save, measured. `auto` does so when the built Dockerfile has fixable findings, its build took under 10 minutes, and the steps it would rerun took at most half of that build (or 30 s); `true` always, `false` never.',
    default: 'auto',
    kind: WHAT_IF,
    setting: 'whatIf',
    flag: {
      flags: '--what-if <when>',
      help: 'build with the fixes applied and measure the saving: auto, true or false',
      group: 'build',
      showDefault: true,
    },
  }),
  input({
    name: 'layer-cache',
    description:
      'Folder that keeps the analysis of each image layer, so layers measured before (in this run or, with `actions/cache`, an earlier one) are not analysed again; `off` for none. Default `$RUNNER_TOOL_CACHE/docker-diet`, else `$XDG_CACHE_HOME/docker-diet`, else `~/.cache/docker-diet`.',
    kind: LAYER_CACHE,
    setting: 'layerCache',
    flag: {
      flags: '--layer-cache <dir>',
      help: 'folder keeping layer analyses between runs, or off (default: ~/.cache/docker-diet)',
      group: 'build',
    },
  }),
  input({
    name: 'layer-cache-size',
    description:
      'Largest size of the `layer-cache` folder; the least recently used entries are removed past it.',
    default: '512MiB',
    kind: SIZE,
    setting: 'layerCacheSize',
    flag: {
      flags: '--layer-cache-size <size>',
      help: 'largest size of the layer cache folder',
      group: 'build',
      showDefault: true,
    },
  }),
  input({
    name: 'max-size',
    description: 'Fail when the image is larger than this, e.g. `150MB` or `1.2GiB`.',
    kind: budget('maxSize').kind,
    setting: 'budgets.maxSize',
    flag: { flags: '--max-size <size>', help: 'fail over this size, e.g. 150MB', group: 'compare' },
  }),
  input({
    name: 'max-compressed-size',
    description: 'Fail when the compressed (pull) size is larger than this.',
    kind: budget('maxCompressedSize').kind,
    setting: 'budgets.maxCompressedSize',
    flag: {
      flags: '--max-compressed-size <size>',
      help: 'fail over this compressed (pull) size',
      group: 'compare',
    },
  }),
  input({
    name: 'max-increase',
    description:
      'Fail when the image grows more than this against the baseline, in bytes (`10MB`) or percent (`5%`).',
    kind: budget('maxIncrease').kind,
    setting: 'budgets.maxIncrease',
    flag: {
      flags: '--max-increase <size|percent>',
      help: 'fail when growing more than this, e.g. 10MB or 5%',
      group: 'compare',
    },
  }),
  input({
    name: 'max-wasted',
    description:
      'Fail when more than this is wasted (deleted or overwritten in later layers), in bytes or percent of the image.',
    kind: budget('maxWasted').kind,
    setting: 'budgets.maxWasted',
    flag: {
      flags: '--max-wasted <size|percent>',
      help: 'fail over this many wasted bytes',
      group: 'compare',
    },
  }),
  input({
    name: 'budget-override-label',
    description: 'Pull request label that turns a budget failure into a warning.',
    default: 'docker-diet:allow-growth',
    kind: TEXT,
    setting: 'budgetOverrideLabel',
  }),
  input({
    name: 'name',
    description: "This image's name in the report. Default derived from the Dockerfile path.",
    kind: TEXT,
    setting: 'name',
    flag: {
      flags: '--name <name>',
      help: "the image's name in the report (default: from the Dockerfile path)",
      group: 'build',
    },
  }),
  input({
    name: 'comment',
    description: 'Post or update one sticky comment on the pull request, `true` or `false`.',
    default: 'true',
    kind: BOOLEAN,
    setting: 'comment',
  }),
  input({
    name: 'suggestions',
    description:
      'On pull requests, post the fixes of findings on lines the pull request changed as one review of suggested changes, each committable in one click, `true` or `false`. Needs `pull-requests: write`; without it they are carried in the JSON report, for `mode: publish` to post.',
    default: 'true',
    kind: BOOLEAN,
    setting: 'suggestions',
  }),
  input({
    name: 'summary',
    description: 'Write the report to the workflow job summary, `true` or `false`.',
    default: 'true',
    kind: BOOLEAN,
    setting: 'summary',
  }),
  input({
    name: 'sarif',
    description: 'Path to write a SARIF file of the lint findings to (for code scanning). Empty writes none.',
    kind: PATH,
    setting: 'sarif',
    flag: { flags: '--sarif <file>', help: 'also write SARIF to this file', group: 'report' },
  }),
  input({
    name: 'github-token',
    description: 'Token used to comment on the pull request. Needs `pull-requests: write`.',
    actionDefault: '${{ github.token }}',
    kind: TEXT,
    setting: 'githubToken',
  }),
  input({
    name: 'discover',
    description:
      'Only list the repository\'s images (the config file\'s `images:` entries, then one per other Dockerfile, its folder as context) in the `matrix` output, as `{"include": [...]}` for `fromJSON`; nothing is linted, built or posted. `true` or `false`.',
    default: 'false',
    kind: BOOLEAN,
    setting: 'discover',
  }),
  input({
    name: 'mode',
    description:
      "`check` lints, builds, measures and publishes this job's report. `publish` builds nothing and runs no code of the pull request: it validates the JSON reports named by `report` (written by `check` jobs, e.g. of a pull request from a fork) against the report schema, posts them as the sticky comment with an overview, sets the `docker-diet` commit status (needs `statuses: write`) and fails on a budget failure. For a `workflow_run` workflow or a matrix's aggregate job.",
    default: 'check',
    kind: RUN_MODE,
    setting: 'mode',
  }),
  input({
    name: 'report',
    description:
      'With `mode: publish`: the JSON reports to publish, paths or globs relative to the workspace, one per line (e.g. `reports/*.json`).',
    kind: LIST,
    setting: 'report',
  }),
] as const;

/** An input's name. */
export type InputName = (typeof INPUTS)[number]['name'];

/** Raw string values keyed by input name; a missing or empty value means "not set". */
export type RawInputs = Partial<Record<InputName, string>>;

/** The input of this name. */
export function inputSpec(name: InputName): InputSpec {
  const spec = INPUTS.find((i) => i.name === name);
  if (!spec) throw new Error(`no input ${name}`);
  return spec;
}
