/**
 * Publishing the report from the action: the JSON file, SARIF, step outputs, annotations, the job
 * summary and the sticky PR comment. A comment that cannot be written (fork, read-only token) is one
 * warning, never a failed job; the summary and the JSON report (for `mode: publish` in a later,
 * privileged workflow) always have the full report.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as core from '@actions/core';
import type { BuildFailedError } from '../docker/build-error.js';
import { describeError } from '../errors.js';
import { renderComment, renderSummary, type RenderOptions } from '../report/markdown.js';
import type { Report, SuggestionPlan } from '../report/model.js';
import { summariseReport } from '../report/overview.js';
import { renderSarif } from '../report/sarif.js';
import type { Settings } from '../config/settings.js';
import { annotateFindings } from './annotations.js';
import { upsertSection } from './comment.js';
import { shouldComment, type GitHubRun } from './event.js';
import { CommentPermissionError, GitHubApiError, type GitHubClient } from './github.js';
import { computeOutputs } from './outputs.js';
import { planSuggestions, postSuggestions } from './suggestions.js';
import type { Redactor } from '../secrets/redactor.js';
import { redactorFor } from '../secrets/run-secrets.js';
import { workspaceDir } from '../config/action-inputs.js';

/** What publishing needs besides the report. */
export interface PublishInput {
  report: Report;
  settings: Settings;
  /** The workflow run and its pull request. */
  run: GitHubRun;
  /** The GitHub client, when a token is available. */
  github?: GitHubClient;
  buildError?: BuildFailedError;
  env: NodeJS.ProcessEnv;
  /** The run's redactor (suggested changes must not carry what it hides); made from the settings if absent. */
  redactor?: Redactor;
}

/** Publishes everything; returns the JSON report's path and the comment URL ('' when none). */
export async function publishReport(
  input: PublishInput,
): Promise<{ reportPath: string; commentUrl: string }> {
  const { settings, run, env } = input;
  const redactor = input.redactor ?? redactorFor(settings);
  const pr = run.pullRequest;
  // Planned before the report is written: the plan rides in it to `mode: publish`, which posts it
  // when this job's token may not (a fork's pull request).
  const plan =
    pr && shouldComment(run, settings.suggestions) ? await planFor({ ...input, redactor }, pr) : undefined;
  const report: Report = plan ? { ...input.report, suggestions: plan } : input.report;
  const reportPath = await writeJson(report, settings.name, env);
  core.info(`JSON report: ${reportPath}`);
  if (settings.sarif) {
    await fs.mkdir(path.dirname(settings.sarif), { recursive: true });
    await fs.writeFile(settings.sarif, `${JSON.stringify(renderSarif(report), null, 2)}\n`);
    core.info(`SARIF: ${settings.sarif}`);
  }

  annotateFindings(report.findings, core);
  const failure = input.buildError;
  if (failure?.instruction) {
    // The full text with its hint: main.ts leaves this failure out of setFailed, so this is the only copy.
    core.error(describeError(failure), {
      title: 'build failed',
      file: failure.instruction.file,
      startLine: failure.instruction.line,
    });
  }

  const options: RenderOptions = {
    repository: run.owner ? `${run.owner}/${run.repo}` : undefined,
    headSha: run.sha || undefined,
    serverUrl: run.serverUrl,
    overrideLabel: settings.budgetOverrideLabel,
    runUrl:
      env.GITHUB_RUN_ID && run.owner
        ? `${run.serverUrl}/${run.owner}/${run.repo}/actions/runs/${env.GITHUB_RUN_ID}`
        : undefined,
  };
  if (settings.summary && env.GITHUB_STEP_SUMMARY)
    await core.summary.addRaw(renderSummary(report, options)).write();

  let commentUrl = '';
  // Set when the token was refused or missing, so suggestions do not warn a second time.
  let warned = false;
  if (pr && shouldComment(run, settings.comment)) {
    if (!input.github) {
      core.warning(
        'No github-token: the pull request comment was skipped. The report is in the job summary.',
      );
      warned = true;
    } else {
      commentUrl = await comment(input.github, pr.number, report, settings.name, options, pr.fromFork);
      warned = commentUrl === '';
    }
  }
  for (const [name, value] of Object.entries(computeOutputs(report, reportPath, commentUrl)))
    core.setOutput(name, value);
  if (pr && shouldComment(run, settings.suggestions)) await suggest(input.github, plan, pr, warned, redactor);
  return { reportPath, commentUrl };
}

/** The suggested changes for the pull request's diff; undefined when the diff cannot be read. */
async function planFor(
  input: PublishInput & { redactor: Redactor },
  pr: NonNullable<GitHubRun['pullRequest']>,
): Promise<SuggestionPlan | undefined> {
  if (!input.github) return undefined;
  try {
    const planned = await planSuggestions({
      client: input.github,
      pullRequest: { number: pr.number, headSha: pr.headSha },
      report: input.report,
      settings: input.settings,
      workspace: workspaceDir(input.env),
      redactor: input.redactor,
      log: (message) => core.info(input.redactor.text(message)),
    });
    return planned.plan;
  } catch (error) {
    // Nothing here may cost the report written next: any failure only leaves the suggestions out.
    core.info(input.redactor.text(`Suggested changes were not planned: ${describeError(error)}`));
    return undefined;
  }
}

/** Posts the plan; a refused token is one warning (none if the comment warned). */
async function suggest(
  github: GitHubClient | undefined,
  plan: SuggestionPlan | undefined,
  pr: NonNullable<GitHubRun['pullRequest']>,
  warned: boolean,
  redactor: Redactor,
): Promise<void> {
  const say = (message: string): void => {
    const text = redactor.text(message);
    if (warned) core.info(text);
    else core.warning(text);
  };
  if (!github) return say('No github-token: suggested changes were skipped.');
  if (!plan) return;
  try {
    await postSuggestions(github, { number: pr.number, headSha: pr.headSha }, plan, (message) =>
      core.info(redactor.text(message)),
    );
  } catch (error) {
    if (!(error instanceof GitHubApiError)) throw error;
    const fork =
      pr.fromFork && error instanceof CommentPermissionError
        ? ' They are in the report: `mode: publish` posts them.'
        : '';
    say(`Suggested changes were not posted: ${error.message}${fork}`);
  }
}

async function comment(
  client: GitHubClient,
  pr: number,
  report: Report,
  name: string,
  options: RenderOptions,
  fromFork: boolean,
): Promise<string> {
  try {
    const result = await upsertSection(
      client,
      pr,
      name,
      (maxLength) => renderComment(report, { ...options, maxLength }),
      {
        log: (message) => core.info(message),
        // Its numbers ride along hidden, so any job can rebuild the overview of every image.
        summary: summariseReport(report),
      },
    );
    core.info(`${result.created ? 'Created' : 'Updated'} the pull request comment: ${result.url}`);
    return result.url;
  } catch (error) {
    // CommentPermissionError already names the missing `pull-requests: write` and points to the summary.
    if (error instanceof GitHubApiError) {
      // A fork's token is read-only by design: say how to get the comment anyway.
      const fork =
        fromFork && error instanceof CommentPermissionError
          ? ' This pull request comes from a fork: upload the `report` output as an artifact and post it from a `workflow_run` workflow with `mode: publish`.'
          : '';
      core.warning(`${error.message}${fork}`);
      return '';
    }
    throw error;
  }
}

async function writeJson(report: Report, name: string, env: NodeJS.ProcessEnv): Promise<string> {
  const dir = path.join(env.RUNNER_TEMP || os.tmpdir(), 'docker-diet');
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, `${name.replace(/[^A-Za-z0-9._-]+/g, '-')}.json`);
  await fs.writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}
