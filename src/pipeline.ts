/**
 * The stages both entry points run, in order: lint → build → measure → (compare → budgets) → report.
 * Each stage is data in, data out; the outside world comes in through the clients passed in.
 */
import path from 'node:path';
import type { DockerClient } from './docker/client.js';
import { DietError } from './errors.js';
import { runLint } from './lint/stage.js';
import type { Logger } from './logger.js';
import { measurementFromInspection } from './measure/measure-image.js';
import { createReport, type ImageReport, type Report } from './report/model.js';
import type { Settings } from './settings.js';
import { VERSION } from './version.js';

/** What a pipeline run produced: the report, and the build failure if the build failed. */
export interface PipelineResult {
  report: Report;
  /** Set when the build failed; the report still holds everything else (lint findings). */
  buildError?: DietError;
}

/** The clients a run may need; created by the entry point, never at import time. */
export interface PipelineDeps {
  docker: () => DockerClient;
  log: Logger;
  /** Workspace root: report paths are relative to it. */
  workspace: string;
}

/** Which stages to run (`docker-diet lint` runs only the first). */
export interface PipelineStages {
  lint: boolean;
  measure: boolean;
}

/** Runs the stages and returns the report. Environment problems throw; a failed build does not. */
export async function runPipeline(
  settings: Settings,
  deps: PipelineDeps,
  stages: PipelineStages = { lint: true, measure: true },
): Promise<PipelineResult> {
  const report = createReport(VERSION);
  if (stages.lint) {
    report.findings = await deps.log.group('Lint Dockerfiles', () =>
      runLint(settings, deps.workspace, deps.log),
    );
  }
  if (!stages.measure) return { report };

  const image = describeImage(settings, deps.workspace);
  report.images.push(image);
  try {
    image.head = await deps.log.group(`Build and measure ${image.name}`, () => measureHead(settings, deps));
  } catch (error) {
    if (error instanceof DietError && error.kind === 'build') return { report, buildError: error };
    throw error;
  }
  return { report };
}

/** An image entry with nothing measured yet. */
export function describeImage(settings: Settings, workspace: string): ImageReport {
  const relative = (p: string): string => path.relative(workspace, p).split(path.sep).join('/') || '.';
  return {
    name: settings.name,
    dockerfile: relative(settings.dockerfile),
    context: relative(settings.context),
    target: settings.target ?? null,
    head: null,
    base: null,
    baseline: { source: 'none', reason: 'comparison against a baseline is not implemented yet' },
    delta: null,
    layerChanges: [],
    baseImageChange: null,
    budget: { status: 'pass', violations: [] },
    buildSteps: [],
  };
}

async function measureHead(settings: Settings, deps: PipelineDeps) {
  const docker = deps.docker();
  await docker.ping();
  let reference = settings.image;
  if (!reference) {
    const outcome = await docker.build(
      {
        context: settings.context,
        dockerfile: settings.dockerfile,
        target: settings.target,
        buildArgs: settings.buildArgs,
        platform: settings.platform,
        labels: { 'org.opencontainers.image.description': `built by docker-diet for ${settings.name}` },
      },
      (event) => {
        if (event.type === 'log') deps.log.info(event.text.trimEnd());
      },
    );
    deps.log.info(`Built ${outcome.imageId} (context: ${outcome.contextFiles} files)`);
    reference = outcome.imageId;
  }
  return measurementFromInspection(await docker.inspectImage(reference));
}
