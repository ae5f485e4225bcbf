/**
 * The action: read inputs, run the stages inside log groups, publish, and decide the outcome. The only
 * place that calls `core.setFailed`.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as core from '@actions/core';
import { ExitCode } from './constants.js';
import { createDockerClient } from './docker/client.js';
import { DietError, describeError } from './errors.js';
import { readInputs, workspaceDir } from './inputs.js';
import type { Logger } from './logger.js';
import { runPipeline } from './pipeline.js';
import { computeOutputs } from './publish/outputs.js';
import { renderMarkdown } from './report/markdown.js';
import { failingFindings, type Report } from './report/model.js';
import { renderSarif } from './report/sarif.js';
import type { Settings } from './settings.js';

/** Maps the stage logger onto the runner's log commands. */
const actionsLogger: Logger = {
  info: (message) => core.info(message),
  warning: (message) => core.warning(message),
  group: (title, fn) => core.group(title, fn),
};

/** Runs the action. Never throws: every outcome ends in outputs, a summary and an exit code. */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  try {
    const settings = readInputs(env);
    const workspace = workspaceDir(env);
    const { report, buildError } = await runPipeline(settings, {
      docker: () => createDockerClient(env),
      log: actionsLogger,
      workspace,
    });
    await core.group('Report', () => publish(report, settings, env));

    const problems: string[] = [];
    if (buildError) problems.push(describeError(buildError));
    const failing = failingFindings(report, settings.failOn);
    if (failing.length > 0) {
      problems.push(`${failing.length} lint finding(s) at or above fail-on "${settings.failOn}".`);
    }
    for (const image of report.images) {
      if (image.budget.status === 'fail') {
        problems.push(
          `${image.name}: over budget (${image.budget.violations.map((v) => v.message).join('; ')}).`,
        );
      }
    }
    if (problems.length > 0) core.setFailed(problems.join('\n'));
  } catch (error) {
    core.setFailed(describeError(error));
    if (!(error instanceof DietError)) core.debug((error as Error).stack ?? String(error));
    process.exitCode = error instanceof DietError ? error.exitCode : ExitCode.UsageOrEnvironment;
  }
}

async function publish(report: Report, settings: Settings, env: NodeJS.ProcessEnv): Promise<void> {
  const reportDir = path.join(env.RUNNER_TEMP || os.tmpdir(), 'docker-diet');
  await fs.mkdir(reportDir, { recursive: true });
  const reportPath = path.join(reportDir, `${settings.name.replace(/[^A-Za-z0-9._-]+/g, '-')}.json`);
  await fs.writeFile(reportPath, `${JSON.stringify(report, null, 2)}\n`);
  core.info(`JSON report: ${reportPath}`);

  if (settings.sarif) {
    await fs.mkdir(path.dirname(settings.sarif), { recursive: true });
    await fs.writeFile(settings.sarif, `${JSON.stringify(renderSarif(report), null, 2)}\n`);
    core.info(`SARIF: ${settings.sarif}`);
  }

  for (const [name, value] of Object.entries(computeOutputs(report, reportPath))) core.setOutput(name, value);

  if (settings.summary && env.GITHUB_STEP_SUMMARY) {
    await core.summary.addRaw(renderMarkdown(report)).write();
  }
}
