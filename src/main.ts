/**
 * The action: read inputs, run the steps inside log groups, publish, and decide the outcome. The only
 * place that calls `core.setFailed`.
 */
import * as core from '@actions/core';
import { ExitCode } from './constants.js';
import { plainProgressPrinter } from './docker/build-progress-display.js';
import { createDockerClient } from './docker/client.js';
import { DietError, describeError } from './errors.js';
import { readInputs, workspaceDir } from './inputs.js';
import type { Logger } from './logger.js';
import { policyProblems } from './outcome.js';
import { runPipeline } from './pipeline.js';
import { readRunContext } from './publish/event.js';
import { createGitHubClient, type GitHubClient } from './publish/github.js';
import { publishReport } from './publish/publish.js';

/** Maps the pipeline's logger onto the runner's log commands. */
const actionsLogger: Logger = {
  info: (message) => core.info(message),
  warning: (message) => core.warning(message),
  group: (title, fn) => core.group(title, fn),
};

/** Runs the action. Never throws: every outcome ends in outputs, a summary and an exit code. */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  try {
    const settings = readInputs(env);
    const context = readRunContext(env);
    const pr = context.pullRequest;
    const github: GitHubClient | undefined =
      settings.githubToken && context.owner
        ? createGitHubClient(settings.githubToken, {
            owner: context.owner,
            repo: context.repo,
            baseUrl: context.apiUrl,
            onRetry: (message) => core.info(message),
          })
        : undefined;

    const { report, buildError } = await runPipeline(settings, {
      docker: () => createDockerClient(env),
      log: actionsLogger,
      workspace: workspaceDir(env),
      progress: () => plainProgressPrinter((line) => core.info(line)),
      defaultBaseRef: pr?.baseSha,
      // Labels from the API: a re-run reuses the original event payload, which lacks later labels.
      labels: async () =>
        pr && github ? github.getPullRequestLabels(pr.number).catch(() => pr.labels) : (pr?.labels ?? []),
    });
    await core.group('Publish the report', () =>
      publishReport({ report, settings, context, github, buildError, env }),
    );

    const problems = policyProblems(report, settings, buildError);
    // A build failure found in the Dockerfile is already an error annotation at its line (publishReport):
    // failing with the same text again would show it twice, once without its place.
    const annotated = buildError?.instruction ? describeError(buildError) : undefined;
    const rest = problems.filter((problem) => problem !== annotated);
    if (rest.length > 0) core.setFailed(rest.join('\n'));
    else if (problems.length > 0) process.exitCode = ExitCode.PolicyFailure;
  } catch (error) {
    core.setFailed(describeError(error));
    if (!(error instanceof DietError)) core.debug((error as Error).stack ?? String(error));
    process.exitCode = error instanceof DietError ? error.exitCode : ExitCode.UsageOrEnvironment;
  }
}
