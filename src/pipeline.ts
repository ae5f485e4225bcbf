/**
 * The steps both entry points run, in order: lint → build → measure → compare → budgets → report.
 * Each step is data in, data out; the outside world comes in through the clients passed in.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { evaluateBudgets } from './compare/budgets.js';
import { hasLimits, mergeBudgets } from './config/budgets.js';
import { loadConfigFile, type ConfigFile } from './config/config-file.js';
import type { Settings } from './config/settings.js';
import { compareWithBaseline, dockerfileRemovedSince, readAhead, type CompareDeps } from './compare/step.js';
import { storeReport } from './compare/stored.js';
import { historyForImage, type HistoryStart } from './compare/history.js';
import { StoredReads } from './compare/stored-reads.js';
import type { RetryPolicy } from './git/notes.js';
import { BuildFailedError } from './docker/build-error.js';
import type { BuildObserver, BuildOutcome, BuildRequest, DockerClient } from './docker/client.js';
import { buildCheckFindings } from './lint/build-checks.js';
import { sortFindings } from './lint/engine.js';
import { RULES } from './lint/rules/index.js';
import { runLint } from './lint/step.js';
import { createHeldLogger, type Logger } from './logger.js';
import { estimatePrices } from './measure/estimates.js';
import { collectRuleGlobs, priceFindings, type PricedLayer } from './measure/pricing.js';
import { LayerCache } from './measure/layer-cache.js';
import { measureImage, type MeasureRequest, type MeasureResult } from './measure/step.js';
import { createReport, type ImageReport, type Report } from './report/model.js';
import { redactBuildError, redactReport } from './secrets/redact-report.js';
import type { Redactor } from './secrets/redactor.js';
import { redactorFor } from './secrets/run-secrets.js';
import { formatBytes } from './units/size.js';
import { VERSION } from './version.js';
import { buildWhatIf, measureWhatIf, type WhatIfBuild, type WhatIfInput } from './whatif/step.js';

/** What a pipeline run produced: the report, and the build failure if the build failed. */
export interface PipelineResult {
  report: Report;
  /** Set when the head build failed; the report still holds everything else (lint findings). */
  buildError?: BuildFailedError;
}

/** The clients a run may need; created by the entry point, never at import time. */
export interface PipelineDeps {
  docker: () => DockerClient;
  log: Logger;
  /** Workspace root: report paths are relative to it. */
  workspace: string;
  /** How build progress is shown (plain lines in the action, a live display in a terminal). */
  progress?: () => BuildObserver;
  /** The pull request's base commit, used when the `base-ref` input is empty. */
  defaultBaseRef?: string;
  /** Labels on the pull request (for `budget-override-label`). */
  labels?: () => Promise<string[]>;
  /** Registry reader override (tests). */
  readRegistry?: CompareDeps['readRegistry'];
  /**
   * What this run keeps to itself; by default made from the settings' build args and Dockerfile. The
   * entry point passes the one it also runs its own output through.
   */
  redactor?: Redactor;
  /** The commit a run with `store` keeps its measurement on (`GITHUB_SHA` in the action); HEAD by default. */
  commit?: string;
  /** How a run with `store` retries a rejected push (tests shorten it). */
  storeRetry?: RetryPolicy;
  /**
   * The layer-analysis cache folder when the `layer-cache` setting names none (`defaultLayerCacheDir`);
   * undefined keeps no cache unless the setting names a folder.
   */
  layerCacheDir?: string;
  /** The config file, when the entry point has read it already (`resolveRunConfig`); read here otherwise. */
  config?: ConfigFile;
}

/** Which steps to run (`docker-diet lint` runs only the first, `measure` skips compare). */
export interface PipelineSteps {
  lint: boolean;
  measure: boolean;
  compare: boolean;
}

const ALL_STEPS: PipelineSteps = { lint: true, measure: true, compare: true };

/**
 * Runs the steps and returns the report. Environment problems throw; a failed build does not. What
 * comes back (report, build error, thrown error) is redacted: no build-arg value or secret leaves.
 * With `store`, the redacted report's measurements are then kept in git notes on the commit.
 */
export async function runPipeline(
  settings: Settings,
  deps: PipelineDeps,
  steps: PipelineSteps = ALL_STEPS,
): Promise<PipelineResult> {
  const redactor = deps.redactor ?? redactorFor(settings);
  const reads = new StoredReads();
  try {
    // However the steps end, no read of the notes outlives them (storing writes the notes next).
    const { report, buildError } = await runSteps(settings, { ...deps, redactor }, steps, reads).finally(() =>
      reads.settled(),
    );
    const redacted = redactReport(report, redactor);
    // Only the redacted report is stored: notes are readable by anyone who can read the repository.
    if (settings.store && steps.measure && redacted.images.some((image) => image.head))
      await deps.log.group('Store the measurement in git notes', () =>
        storeReport(redacted, settings.context, deps.log, {
          commit: deps.commit,
          retry: deps.storeRetry,
          // Stored on HEAD (the CLI): the working tree must hold what HEAD does.
          mustBeCommitted: deps.commit ? undefined : [settings.context, settings.dockerfile],
        }),
      );
    return {
      report: redacted,
      buildError: buildError && redactBuildError(buildError, redactor),
    };
  } catch (error) {
    throw redactor.error(error);
  }
}

async function runSteps(
  settings: Settings,
  deps: PipelineDeps & { redactor: Redactor },
  steps: PipelineSteps,
  reads: StoredReads,
): Promise<PipelineResult> {
  const { log, workspace } = deps;
  const report = createReport(VERSION);
  const config =
    deps.config ??
    (await loadConfigFile(
      settings.config,
      settings.configRequired,
      displayPath(workspace, settings.config),
      undefined,
      workspace,
    ));
  if (steps.lint)
    report.findings = await log.group('Lint Dockerfiles', () =>
      runLint(settings, workspace, log, { config, includeBuiltDockerfile: steps.measure }),
    );
  if (!steps.measure) return { report };

  const image = describeImage(settings, workspace);
  report.images.push(image);
  if (steps.compare && !settings.image && !existsSync(settings.dockerfile)) {
    // Removed in this change: list it (it existed at the base commit) instead of failing to build it.
    const removedSince = await dockerfileRemovedSince(settings, settings.baseRef ?? deps.defaultBaseRef, log);
    if (removedSince) {
      image.baseline = { source: 'none', ref: removedSince, reason: 'removed' };
      log.info(`${image.dockerfile} was removed since ${removedSince.slice(0, 12)}: listed, not built.`);
      return { report };
    }
  }
  // The stored reports (git notes) are fetched from origin, and read for the baseline and the size
  // history, while the head builds and is measured; the compare step waits for those reads before it
  // runs any git command of its own.
  const historyStart: HistoryStart = {
    baseRef: settings.baseRef ?? deps.defaultBaseRef,
    commit: deps.commit,
    reads,
  };
  if (steps.compare) reads.track(readAhead(reads, settings, historyStart));
  const docker = deps.docker();
  const build = async (
    request: BuildRequest,
    shown: { log: Logger; progress?: BuildObserver } = { log, progress: deps.progress?.() },
  ) => {
    const outcome = await docker.build(request, shown.progress);
    shown.log.info(
      `Built ${outcome.imageId}${outcome.builder ? ` with ${outcome.builder}` : ''} (${outcome.steps.filter((s) => s.cached).length}/${outcome.steps.length} steps cached; ` +
        `context ${outcome.contextFiles} files, ${formatBytes(outcome.contextBytes)})`,
    );
    return outcome;
  };
  const pathGlobs = collectRuleGlobs(RULES.map((rule) => rule.meta));
  const layerCacheDir =
    settings.layerCache === false ? undefined : (settings.layerCache ?? deps.layerCacheDir);
  // One cache for every image of the run: head, base and what-if images share their layers.
  const layerCache = layerCacheDir
    ? new LayerCache({ dir: layerCacheDir, maxBytes: settings.layerCacheSize })
    : undefined;
  const measure = async (request: MeasureRequest): Promise<MeasureResult> => {
    const result = await measureImage(docker, { ...request, pathGlobs, layerCache });
    if (layerCache) log.info(layerCache.describe());
    return result;
  };

  let head: MeasureResult;
  let headBuildSeconds = 0;
  // The what-if build runs while the head is measured: it needs the head's build, not its measurement.
  let whatIfBuild: WhatIfBuildInFlight | undefined;
  try {
    head = await log.group(`Build and measure ${image.name}`, async () => {
      await docker.ping();
      let reference = settings.image;
      if (!reference) {
        const started = Date.now();
        const outcome = await build(buildRequest(settings, image.dockerfile));
        headBuildSeconds = (Date.now() - started) / 1000;
        image.buildSteps = outcome.steps;
        image.buildContext = { files: outcome.contextFiles, bytes: outcome.contextBytes };
        const checks = buildCheckFindings(outcome.warnings, image.dockerfile, report.findings);
        if (checks.length > 0) {
          log.info(`BuildKit's build checks: ${checks.length} warning${checks.length === 1 ? '' : 's'}`);
          report.findings = sortFindings([...report.findings, ...checks]);
        }
        reference = outcome.imageId;
        if (steps.lint && settings.whatIf !== 'off')
          whatIfBuild = startWhatIfBuild(
            {
              mode: settings.whatIf,
              dockerfile: settings.dockerfile,
              displayPath: image.dockerfile,
              request: buildRequest(settings, image.dockerfile),
              headBuildSeconds,
              headSteps: image.buildSteps,
              config,
              target: settings.target,
              buildArgs: settings.buildArgs,
            },
            // Its lines wait for its own log group; its progress is not shown beside the measure.
            (request, held) => build(request, { log: held }),
            outcome.imageId,
          );
      }
      return measure({
        reference,
        dockerfile: existsSync(settings.dockerfile)
          ? { path: settings.dockerfile, displayPath: image.dockerfile }
          : undefined,
        target: settings.target,
        buildArgs: settings.buildArgs,
      });
    });
  } catch (error) {
    await whatIfBuild?.discard((reference) => docker.removeImage(reference));
    if (!(error instanceof BuildFailedError)) throw error;
    image.buildSteps = error.steps;
    return { report, buildError: error };
  }
  image.head = head.measurement;
  report.findings = priceFindings(
    report.findings,
    RULES.map((rule) => rule.meta),
    pricedLayers(head, image.dockerfile),
  );
  // The Dockerfile as the measure step parsed it to map layers to lines: no second read.
  if (head.model)
    report.findings = estimatePrices(report.findings, head.model, head.measurement.layers, settings.target);

  if (whatIfBuild) {
    const started = whatIfBuild;
    const outcome = await log.group(`What-if build of ${image.name} with the suggested fixes`, async () => {
      // Never fails the run: the head's report stands without it.
      const couldNotRun = (error: unknown, fixes: string[]) => {
        const message = `the what-if build could not run: ${error instanceof Error ? error.message : String(error)}`;
        log.warning(message);
        return { whatIf: { error: message, fixes }, findings: report.findings };
      };
      const built = await started.result(log);
      if (!built.ok) return couldNotRun(built.error, []);
      if (!built.value) return undefined;
      const fixes = built.value.fixed.fixed;
      return measureWhatIf(
        built.value,
        { ...started.input, head, findings: report.findings },
        { measure, removeImage: (reference) => docker.removeImage(reference), log },
      ).catch((error: unknown) => couldNotRun(error, fixes));
    });
    if (outcome) {
      image.whatIf = outcome.whatIf;
      report.findings = outcome.findings;
    }
  }

  if (steps.compare) {
    await reads.settled();
    const comparison = await log.group(`Compare ${image.name} with its baseline`, () =>
      compareWithBaseline(
        head,
        settings,
        { baseRef: settings.baseRef ?? deps.defaultBaseRef },
        {
          docker,
          log,
          workspace,
          build,
          measure,
          readRegistry: deps.readRegistry,
          onSecret: (value) => deps.redactor.add(value),
          reads,
        },
      ),
    );
    Object.assign(image, comparison);
    if (comparison.baseline.source === 'none') log.info(`No baseline: ${comparison.baseline.reason}`);
    // The size history, from the notes fetched above.
    Object.assign(image, await historyForImage(settings.context, image, historyStart, log));
  }

  const budgets = mergeBudgets(config.budgets, settings.name, settings.budgets);
  if (hasLimits(budgets)) {
    const labels = deps.labels ? await deps.labels().catch(() => []) : [];
    image.budget = evaluateBudgets(
      { head: head.measurement, base: image.base, delta: image.delta },
      budgets,
      { label: settings.budgetOverrideLabel, present: labels.includes(settings.budgetOverrideLabel) },
    );
  }
  return { report };
}

/** An image entry with nothing measured yet. */
export function describeImage(settings: Settings, workspace: string): ImageReport {
  return {
    name: settings.name,
    dockerfile: displayPath(workspace, settings.dockerfile),
    context: displayPath(workspace, settings.context),
    target: settings.target ?? null,
    head: null,
    base: null,
    baseline: { source: 'none', reason: 'not compared' },
    delta: null,
    layerChanges: [],
    baseImageChange: null,
    budget: { status: 'pass', violations: [] },
    buildSteps: [],
    buildContext: null,
  };
}

function buildRequest(settings: Settings, displayDockerfile: string): BuildRequest {
  return {
    context: settings.context,
    dockerfile: settings.dockerfile,
    displayPath: displayDockerfile,
    target: settings.target,
    buildArgs: settings.buildArgs,
    platform: settings.platform,
    noCache: settings.noCache,
    labels: {
      'org.opencontainers.image.description': `built by docker-diet for ${settings.name}`,
      ...settings.labels,
    },
    secrets: settings.secrets,
    ssh: settings.ssh,
    cacheFrom: settings.cacheFrom,
    cacheTo: settings.cacheTo,
    buildContexts: settings.buildContexts,
  };
}

/** Head layers tied to their instructions, with the per-glob bytes pricing needs. */
function pricedLayers(head: MeasureResult, file: string): PricedLayer[] {
  const own = head.measurement.layers.filter((layer) => layer.diffId !== null);
  return own.map((layer, i) => ({
    instructionLine: layer.instruction?.line ?? null,
    instructionEndLine: layer.instruction
      ? layer.instruction.line + layer.instruction.text.split('\n').length - 1
      : null,
    file: layer.instruction ? file : null,
    globBytes: head.analysis.layers[i]?.globBytes ?? {},
  }));
}

function displayPath(workspace: string, p: string): string {
  return path.relative(workspace, p).split(path.sep).join('/') || '.';
}

/** A what-if build started beside the head's measure. */
interface WhatIfBuildInFlight {
  /** What it was started with; its measure takes the same. */
  input: Omit<WhatIfInput, 'head' | 'findings'>;
  /** Its outcome, once it is done, with the lines it logged written to `log` first. */
  result(log: Logger): Promise<{ ok: true; value: WhatIfBuild | undefined } | { ok: false; error: unknown }>;
  /** Waits for it and removes its image: the run ends without measuring it. */
  discard(removeImage: (reference: string) => Promise<void>): Promise<void>;
}

function startWhatIfBuild(
  input: Omit<WhatIfInput, 'head' | 'findings'>,
  build: (request: BuildRequest, log: Logger) => Promise<BuildOutcome>,
  headImageId: string,
): WhatIfBuildInFlight {
  const held = createHeldLogger();
  // Settled at once into a value, so a failure waits for the run to read it instead of going unhandled.
  const settled = buildWhatIf(input, { build: (request) => build(request, held), log: held }).then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  return {
    input,
    result: async (log) => {
      const outcome = await settled;
      held.replayTo(log);
      return outcome;
    },
    discard: async (removeImage) => {
      const outcome = await settled;
      const imageId = outcome.ok ? outcome.value?.imageId : undefined;
      if (imageId && imageId !== headImageId) await removeImage(imageId).catch(() => {});
    },
  };
}
