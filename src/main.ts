/**
 * The action: read inputs, run the steps inside log groups, publish, and decide the outcome. The only
 * place that calls `core.setFailed`.
 */
import * as core from '@actions/core';
import { readInputs, workspaceDir } from './config/action-inputs.js';
import { resolveRunConfig } from './config/image-entries.js';
import type { Settings } from './config/settings.js';
import { ExitCode } from './constants.js';
import { runDiscover } from './discover/action.js';
import { plainProgressPrinter } from './docker/build-progress-display.js';
import { createDockerClient, type DockerClient } from './docker/client.js';
import { DietError, bugNote, describeError, errorDetails, isBug } from './errors.js';
import type { Logger } from './logger.js';
import { policyProblems } from './outcome.js';
import { defaultLayerCacheDir } from './measure/layer-cache.js';
import { runPipeline } from './pipeline.js';
import { readGitHubRun } from './publish/event.js';
import { createGitHubClient, type GitHubClient } from './publish/github.js';
import { runPublishMode } from './publish/publish-mode.js';
import { publishReport } from './publish/publish.js';
import type { Redactor } from './secrets/redactor.js';
import { redactorFor } from './secrets/run-secrets.js';

/** Maps the pipeline's logger onto the runner's log commands, hiding this run's secrets. */
function actionsLogger(redactor: Redactor): Logger {
  return {
    info: (message) => core.info(redactor.text(message)),
    warning: (message) => core.warning(redactor.text(message)),
    group: (title, fn) => core.group(redactor.text(title), fn),
  };
}

/** The GitHub client when there is a token and a repository. */
function gitHubFor(settings: Settings, env: NodeJS.ProcessEnv): GitHubClient | undefined {
  const run = readGitHubRun(env);
  return settings.githubToken && run.owner
    ? createGitHubClient(settings.githubToken, {
        owner: run.owner,
        repo: run.repo,
        baseUrl: run.apiUrl,
        onRetry: (message) => core.info(message),
      })
    : undefined;
}

/**
 * Runs the action. Never throws: every outcome ends in outputs, a summary and an exit code.
 * @param docker the engine client factory; the real one by default (tests pass their own)
 */
export async function run(env: NodeJS.ProcessEnv = process.env, docker?: () => DockerClient): Promise<void> {
  try {
    const inputs = readInputs(env);
    if (inputs.discover) {
      // A first job of a matrix workflow: the images, nothing built and nothing posted.
      await runDiscover(inputs, workspaceDir(env), core);
      return;
    }
    if (inputs.mode === 'publish') {
      // The second phase: post reports other jobs wrote; nothing is built, no engine is needed.
      const problems = await core.group('Publish the reports', () =>
        runPublishMode({
          settings: inputs,
          run: readGitHubRun(env),
          github: gitHubFor(inputs, env),
          workspace: workspaceDir(env),
          env,
        }),
      );
      if (problems.length > 0) core.setFailed(problems.join('\n'));
      return;
    }
    // The config file's `images:` entry of this name fills the image inputs left unset.
    const { settings, config } = await resolveRunConfig(inputs, workspaceDir(env), env);
    // Masked before anything is logged: the runner hides these values in the log, and the redactor
    // keeps them out of the report, the summary, the comment and the outputs.
    const redactor = redactorFor(settings, env);
    redactor.onValue((value) => core.setSecret(value));
    const githubRun = readGitHubRun(env);
    const pr = githubRun.pullRequest;
    const github = gitHubFor(settings, env);

    const { report, buildError } = await runPipeline(settings, {
      docker: docker ?? (() => createDockerClient(env, { builder: settings.builder })),
      log: actionsLogger(redactor),
      workspace: workspaceDir(env),
      progress: () => plainProgressPrinter((line) => core.info(redactor.text(line))),
      redactor,
      config,
      defaultBaseRef: pr?.baseSha,
      layerCacheDir: defaultLayerCacheDir(env, true),
      // `store` keeps the measurement on the commit the workflow ran for.
      commit: env.GITHUB_SHA || undefined,
      // Labels from the API: a re-run reuses the original event payload, which lacks later labels.
      labels: async () =>
        pr && github ? github.getPullRequestLabels(pr.number).catch(() => pr.labels) : (pr?.labels ?? []),
    });
    await core.group('Publish the report', () =>
      publishReport({ report, settings, run: githubRun, github, buildError, env, redactor }),
    );

    const problems = policyProblems(report, settings, buildError);
    // A build failure found in the Dockerfile is already an error annotation at its line (publishReport):
    // failing with the same text again would show it twice, once without its place.
    const annotated = buildError?.instruction ? describeError(buildError) : undefined;
    const rest = problems.filter((problem) => problem !== annotated);
    if (rest.length > 0) core.setFailed(rest.join('\n'));
    else if (problems.length > 0) process.exitCode = ExitCode.PolicyFailure;
  } catch (error) {
    // A bug says so; its stack goes to a debug line, which the runner shows only with step debug
    // logging (ACTIONS_STEP_DEBUG), never in the error annotation.
    const note = isBug(error) ? `\n${bugNote('re-run with debug logging (ACTIONS_STEP_DEBUG)')}` : '';
    core.setFailed(`${describeError(error)}${note}`);
    core.debug(errorDetails(error));
    process.exitCode = error instanceof DietError ? error.exitCode : ExitCode.UsageOrEnvironment;
  }
}
