/**
 * The public interface of the action, named once. `action.yml`, the README table and the CLI flags
 * are checked against these lists by `scripts/check-readme.mjs` and `__tests__/action-yml.test.ts`.
 */

/** Every input declared in action.yml, kebab-case, as the runner passes them (`INPUT_<NAME>`). */
export const Inputs = {
  Context: 'context',
  Dockerfile: 'dockerfile',
  Target: 'target',
  BuildArgs: 'build-args',
  Platform: 'platform',
  Image: 'image',
  Lint: 'lint',
  FailOn: 'fail-on',
  Config: 'config',
  BaseRef: 'base-ref',
  BaseImage: 'base-image',
  Compare: 'compare',
  MaxSize: 'max-size',
  MaxCompressedSize: 'max-compressed-size',
  MaxIncrease: 'max-increase',
  MaxWasted: 'max-wasted',
  BudgetOverrideLabel: 'budget-override-label',
  Name: 'name',
  Comment: 'comment',
  Summary: 'summary',
  Sarif: 'sarif',
  GithubToken: 'github-token',
} as const;

/** Every output declared in action.yml. */
export const Outputs = {
  ImageId: 'image-id',
  Size: 'size',
  CompressedSize: 'compressed-size',
  BaseSize: 'base-size',
  SizeDelta: 'size-delta',
  SizeDeltaPercent: 'size-delta-percent',
  WastedBytes: 'wasted-bytes',
  Findings: 'findings',
  BudgetStatus: 'budget-status',
  Report: 'report',
  CommentUrl: 'comment-url',
} as const;

export type InputName = (typeof Inputs)[keyof typeof Inputs];
export type OutputName = (typeof Outputs)[keyof typeof Outputs];

/** Defaults shared by the action and the CLI. */
export const Defaults = {
  context: '.',
  dockerfileName: 'Dockerfile',
  failOn: 'error',
  config: '.docker-diet.yml',
  compare: 'auto',
  budgetOverrideLabel: 'docker-diet:allow-growth',
  /** Where the JSON report goes when nothing else is said. */
  reportPath: 'docker-diet-report.json',
  /** Globs linted when the `lint` input is empty. */
  lintGlobs: ['**/Dockerfile', '**/*.Dockerfile', '**/Dockerfile.*'],
} as const;

/** Exit codes, the same for the action's process and the CLI. */
export const ExitCode = {
  Ok: 0,
  /** Findings at or over `fail-on`, a budget exceeded, or a build that failed. */
  PolicyFailure: 1,
  /** A bad flag or input, a missing file, no Docker engine. */
  UsageOrEnvironment: 2,
} as const;
