/**
 * The what-if build: the Dockerfile with every suggested fix applied, built with the same context,
 * args and target as the head (sharing its build cache, so only the changed steps and those after
 * them run) and measured like the head. It answers "how much smaller would this image be if I applied
 * the advice?" with the engine's own sizes, and prices each fixed finding by the layers its fix changed.
 * A what-if build that fails never fails the run: it is reported, since it means a fix is wrong.
 */
import { promises as fs } from 'node:fs';
import type { ConfigFile } from '../config/config-file.js';
import type { WhatIfMode } from '../config/values.js';
import { BuildFailedError } from '../docker/build-error.js';
import type { BuildOutcome, BuildRequest } from '../docker/client.js';
import { parseDockerfile } from '../dockerfile/model.js';
import { fixDockerfile } from '../lint/fixer.js';
import type { Logger } from '../logger.js';
import type { MeasureRequest, MeasureResult } from '../measure/step.js';
import type { BuildStep, Finding, Price, WhatIf } from '../report/model.js';
import { formatBytes, formatBytesDelta } from '../units/size.js';
import { priceFixes } from './attribution.js';
import { estimateRerun, firstChangedLine } from './rerun.js';

/** `auto` builds the what-if image only when the head build took at most this long. */
export const AUTO_MAX_BUILD_SECONDS = 600;
/**
 * `auto` skips the what-if build when the steps it would rerun took more than this share of the head
 * build, and more than AUTO_FREE_RERUN_SECONDS: the check should add at most half a build.
 */
export const AUTO_MAX_RERUN_SHARE = 0.5;
/** A rerun this short is always worth its measured prices. */
export const AUTO_FREE_RERUN_SECONDS = 30;

/** What the what-if step needs from the run. */
export interface WhatIfInput {
  mode: WhatIfMode;
  /** Absolute path of the head's Dockerfile, and as the report shows it. */
  dockerfile: string;
  displayPath: string;
  /** The head build's request, reused with the fixed Dockerfile. */
  request: BuildRequest;
  /** Seconds the head build took, for `auto`. */
  headBuildSeconds: number;
  /** The head build's steps (with their times), for `auto`: what the what-if build would rerun. */
  headSteps?: readonly BuildStep[];
  head: MeasureResult;
  /** The run's findings (all files); only the head Dockerfile's are priced. */
  findings: readonly Finding[];
  config: ConfigFile;
  target?: string;
  buildArgs?: Record<string, string>;
}

/** The clients the step uses: the run's build and measure, and image removal for the temporary image. */
export interface WhatIfDeps {
  build: (request: BuildRequest) => Promise<BuildOutcome>;
  measure: (request: MeasureRequest) => Promise<MeasureResult>;
  removeImage: (reference: string) => Promise<void>;
  log: Logger;
}

/** The what-if result for the report, and the findings with measured prices where a fix was applied. */
export interface WhatIfOutcome {
  whatIf: WhatIf;
  findings: Finding[];
}

/** A what-if build that ran (or failed), waiting for the head's measurement to be compared with. */
export interface WhatIfBuild {
  /** The Dockerfile as it is, and with the fixes applied. */
  text: string;
  fixed: FixedDockerfile;
  /** The what-if image; unset when the build failed. */
  imageId?: string;
  /** Why the build with the fixes failed. */
  error?: string;
}

type FixedDockerfile = ReturnType<typeof fixDockerfile>;

/**
 * Builds and measures the fixed Dockerfile when the mode (and, for `auto`, the head build time) says
 * so and there is something to fix; undefined otherwise. Throws only what the engine throws outside a
 * build (an unreachable daemon); a failed build comes back as `whatIf.error`.
 */
export async function runWhatIf(input: WhatIfInput, deps: WhatIfDeps): Promise<WhatIfOutcome | undefined> {
  const built = await buildWhatIf(input, deps);
  return built && (await measureWhatIf(built, input, deps));
}

/**
 * The first half of `runWhatIf`: decides, applies the fixes and builds. It needs the head's build, not
 * its measurement, so the pipeline runs it while the head is measured.
 */
export async function buildWhatIf(
  input: Omit<WhatIfInput, 'head' | 'findings'>,
  deps: Pick<WhatIfDeps, 'build' | 'log'>,
): Promise<WhatIfBuild | undefined> {
  const { log } = deps;
  if (input.mode === 'off') return undefined;
  if (input.mode === 'auto' && input.headBuildSeconds > AUTO_MAX_BUILD_SECONDS) {
    log.info(
      `What-if build skipped: the build took ${Math.round(input.headBuildSeconds)} s, over the ${AUTO_MAX_BUILD_SECONDS} s ` +
        'that `what-if: auto` allows; set `what-if: true` to build it anyway.',
    );
    return undefined;
  }
  const text = await fs.readFile(input.dockerfile, 'utf8');
  const fixed = fixDockerfile(input.displayPath, text, {
    config: input.config,
    onWarning: (message) => log.warning(message),
  });
  if (fixed.steps.length === 0) {
    if (input.mode === 'on') log.info('What-if build skipped: no finding of this Dockerfile has a fix.');
    return undefined;
  }

  if (input.mode === 'auto' && input.headSteps) {
    const line = firstChangedLine(text, fixed.text);
    const rerun =
      line === undefined
        ? undefined
        : estimateRerun(parseDockerfile(input.displayPath, text), input.headSteps, line, input.target);
    const allowed = Math.max(AUTO_MAX_RERUN_SHARE * input.headBuildSeconds, AUTO_FREE_RERUN_SECONDS);
    // Steps the head build took from the cache have no time: then the cost is unknown, and it builds.
    if (rerun && rerun.untimed === 0 && rerun.seconds > allowed) {
      log.info(
        `What-if build skipped: the fixes change line ${rerun.line}, and the steps from there took ` +
          `${Math.round(rerun.seconds)} s of the ${Math.round(input.headBuildSeconds)} s build, more than ` +
          `\`what-if: auto\` adds (half a build, or ${AUTO_FREE_RERUN_SECONDS} s); the prices stay estimated. ` +
          'Set `what-if: true` to build it anyway.',
      );
      return undefined;
    }
  }

  log.info(`What-if build: ${input.displayPath} with ${describeFixes(fixed.fixed)} applied`);
  try {
    const outcome = await deps.build({
      ...input.request,
      // The fixed text is sent in place of the file, which stays as it is.
      dockerfileText: fixed.text,
      // The cache the next run reads is the head's: the what-if image's layers are not exported.
      cacheTo: undefined,
      displayPath: `${input.displayPath} (with fixes)`,
    });
    return { text, fixed, imageId: outcome.imageId };
  } catch (error) {
    if (!(error instanceof BuildFailedError)) throw error;
    const message = `the build with the fixes applied failed: ${error.message}`;
    log.warning(`What-if build: ${message}`);
    return { text, fixed, error: message };
  }
}

/**
 * The second half of `runWhatIf`: measures the what-if image, compares it with the head and prices the
 * fixed findings, then removes the image (its layers stay in the build cache for the next run).
 */
export async function measureWhatIf(
  built: WhatIfBuild,
  input: Pick<WhatIfInput, 'dockerfile' | 'displayPath' | 'head' | 'findings' | 'target' | 'buildArgs'>,
  deps: Pick<WhatIfDeps, 'measure' | 'removeImage' | 'log'>,
): Promise<WhatIfOutcome> {
  const { text, fixed, imageId } = built;
  if (imageId === undefined)
    return {
      whatIf: { error: built.error ?? 'the build with the fixes applied failed', fixes: fixed.fixed },
      findings: [...input.findings],
    };
  try {
    const measured = await deps.measure({
      reference: imageId,
      dockerfile: {
        path: input.dockerfile,
        displayPath: input.displayPath,
        model: parseDockerfile(input.displayPath, fixed.text),
      },
      target: input.target,
      buildArgs: input.buildArgs,
    });
    const head = input.head.measurement;
    const after = measured.measurement;
    const whatIf: WhatIf = {
      imageId: after.imageId,
      size: after.size,
      compressedSize: after.compressedSize,
      savedBytes: head.size - after.size,
      savedCompressedBytes:
        head.compressedSize === null || after.compressedSize === null
          ? null
          : head.compressedSize - after.compressedSize,
      fixes: fixed.fixed,
    };
    deps.log.info(
      `What-if build: ${describeFixes(fixed.fixed)} make the image ${formatBytes(Math.abs(whatIf.savedBytes))} ` +
        `${whatIf.savedBytes >= 0 ? 'smaller' : 'larger'} (${formatBytes(head.size)} → ${formatBytes(after.size)}, ${formatBytesDelta(-whatIf.savedBytes)})`,
    );
    const own = input.findings.filter((f) => f.file === input.displayPath);
    const prices = priceFixes(
      input.displayPath,
      { text, layers: head.layers },
      { text: fixed.text, layers: after.layers },
      fixed.steps,
      own,
      input.target,
    );
    const priced = new Map<Finding, Price>();
    for (const [index, price] of prices) priced.set(own[index]!, price);
    return {
      whatIf,
      findings: input.findings.map((f) => {
        const price = priced.get(f);
        return price ? { ...f, price } : f;
      }),
    };
  } finally {
    if (imageId !== input.head.measurement.imageId) await deps.removeImage(imageId).catch(() => {});
  }
}

/** `3 fixes` or `the apt-get-missing-y fix`. */
function describeFixes(fixes: readonly string[]): string {
  return fixes.length === 1 ? `the ${fixes[0]} fix` : `${fixes.length} fixes`;
}
