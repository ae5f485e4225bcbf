/**
 * `mode: publish`, the second phase of publishing: post reports that `check` jobs wrote (the comment,
 * the suggested changes they planned, a commit status), from a job that builds nothing and runs no
 * code of the pull request (a `workflow_run` workflow for pull requests from forks, or the aggregate
 * job after a matrix). The reports are untrusted: each is validated against the schema
 * (`report-files.ts`) and rendered through the same escaping renderers as in `check`, a planned
 * suggestion is checked against the diff (`planned-suggestions.ts`), and the pull request and commit
 * come from the event GitHub wrote, never from a report.
 */
import * as core from '@actions/core';
import type { Settings } from '../config/settings.js';
import { renderComment, renderSummary, type RenderOptions } from '../report/markdown.js';
import { createReport, type Finding, type Report } from '../report/model.js';
import { summariseReport } from '../report/overview.js';
import { policyProblems } from '../outcome.js';
import { VERSION } from '../version.js';
import { upsertSections, type OwnSection } from './comment.js';
import { COMMENT_EVENTS, readTriggeringRun, type GitHubRun } from './event.js';
import { GitHubApiError, type GitHubClient } from './github.js';
import { computeOutputs } from './outputs.js';
import { diffFiles } from './patch.js';
import { vetPlans } from './planned-suggestions.js';
import { loadReports, type LoadedReport } from './report-files.js';
import { postSuggestions } from './suggestions.js';

/** The context of the commit status `mode: publish` sets. */
export const STATUS_CONTEXT = 'docker-diet';

/** Where the reports go: the pull request (if any) and the commit the status is set on. */
interface Target {
  pr?: number;
  sha: string;
  /** The run that produced the reports, for the footer link. */
  runUrl?: string;
}

/** What `runPublishMode` needs from the entry point. */
export interface PublishModeInput {
  settings: Settings;
  run: GitHubRun;
  github?: GitHubClient;
  workspace: string;
  env: NodeJS.ProcessEnv;
}

/**
 * Publishes the reports and returns one line per reason the job fails: refused report files, and the
 * valid reports' budget failures and findings at `fail-on`, as `check` would have failed.
 */
export async function runPublishMode(input: PublishModeInput): Promise<string[]> {
  const { settings, run, github, env } = input;
  const { reports, refused } = await loadReports(settings.report ?? [], input.workspace);
  for (const line of refused) core.error(line);
  core.info(
    `Publishing ${reports.length} report${reports.length === 1 ? '' : 's'}: ${reports.map((r) => safe(r.file)).join(', ')}`,
  );
  const target = await findTarget(run, github, env);
  const merged = mergeReports(reports.map((r) => r.report));
  const options: RenderOptions = {
    repository: run.owner ? `${run.owner}/${run.repo}` : undefined,
    headSha: target.sha || undefined,
    serverUrl: run.serverUrl,
    overrideLabel: settings.budgetOverrideLabel,
    runUrl: target.runUrl,
  };
  if (settings.summary && env.GITHUB_STEP_SUMMARY && reports.length > 0)
    await core.summary.addRaw(renderSummary(merged, options)).write();

  let commentUrl = '';
  // Set when the comment could not be written, so the suggestions do not warn a second time.
  let warned = false;
  if (target.pr !== undefined && settings.comment && reports.length > 0) {
    if (!github) core.warning('No github-token: the pull request comment was skipped.');
    else commentUrl = await postComment(github, target.pr, sections(reports, options));
    warned = commentUrl === '';
  }
  if (target.pr !== undefined && settings.suggestions && reports.some((r) => r.report.suggestions)) {
    if (!github) {
      if (!warned) core.warning('No github-token: the suggested changes were skipped.');
    } else await postPlans(github, { number: target.pr, headSha: target.sha }, reports, warned);
  }
  // Each refused file already has its own error line; the failure says how many.
  const problems = [
    ...(refused.length > 0
      ? [
          `${refused.length} report file${refused.length === 1 ? ' was' : 's were'} refused (see the errors above).`,
        ]
      : []),
    ...(reports.length > 0 ? policyProblems(merged, settings) : []),
  ];
  if (github && target.sha)
    await setStatus(github, target.sha, merged, problems, commentUrl || target.runUrl);
  for (const [name, value] of Object.entries(computeOutputs(merged, '', commentUrl)))
    core.setOutput(name, value);
  return problems;
}

/**
 * The pull request from the event: a `workflow_run` names the commit its run was for and the pull
 * requests GitHub linked (none for a fork, then an open one whose head is that fork's branch at that
 * commit is looked up); `pull_request` events carry it; other events have none.
 */
async function findTarget(
  run: GitHubRun,
  github: GitHubClient | undefined,
  env: NodeJS.ProcessEnv,
): Promise<Target> {
  const runUrl =
    env.GITHUB_RUN_ID && run.owner
      ? `${run.serverUrl}/${run.owner}/${run.repo}/actions/runs/${env.GITHUB_RUN_ID}`
      : undefined;
  const triggering = readTriggeringRun(env);
  if (!triggering) return { pr: run.pullRequest?.number, sha: run.sha, runUrl };
  const target: Target = { sha: triggering.headSha, runUrl: triggering.url ?? runUrl };
  if (!(COMMENT_EVENTS as readonly string[]).includes(triggering.event)) return target;
  const linked = triggering.pullRequests.find((pr) => pr.headSha === triggering.headSha);
  if (linked) return { ...target, pr: linked.number };
  if (!github || !triggering.headBranch || !triggering.headRepository) return target;
  const owner = triggering.headRepository.split('/')[0];
  try {
    const open = await github.listOpenPullRequests(`${owner}:${triggering.headBranch}`);
    const match = open.find(
      (pr) => pr.headSha === triggering.headSha && pr.headRepository === triggering.headRepository,
    );
    if (match) return { ...target, pr: match.number };
    core.warning(
      `No open pull request has ${triggering.headSha.slice(0, 12)} as its head (it may have been pushed to again or closed): the comment was skipped.`,
    );
  } catch (error) {
    if (!(error instanceof GitHubApiError)) throw error;
    core.warning(`${error.message}; the comment was skipped.`);
  }
  return target;
}

/** One section per report, named after its image as the `check` job that wrote it names its own. */
function sections(reports: readonly LoadedReport[], options: RenderOptions): OwnSection[] {
  const byName = new Map<string, OwnSection>();
  for (const { file, report } of reports) {
    const name = report.images[0]?.name ?? file.replace(/^.*\//, '').replace(/\.json$/i, '');
    if (byName.has(name))
      core.warning(`Two reports are for the image "${safe(name)}": ${safe(file)} is left out.`);
    else
      byName.set(name, {
        name,
        content: (maxLength) => renderComment(report, { ...options, maxLength }),
        summary: summariseReport(report),
      });
  }
  return [...byName.values()];
}

async function postComment(github: GitHubClient, pr: number, own: OwnSection[]): Promise<string> {
  try {
    const result = await upsertSections(github, pr, own, { log: (message) => core.info(safe(message)) });
    core.info(`${result.created ? 'Created' : 'Updated'} the comment on #${pr}: ${result.url}`);
    return result.url;
  } catch (error) {
    if (!(error instanceof GitHubApiError)) throw error;
    core.warning(error.message);
    return '';
  }
}

/** Posts the reports' suggested changes that still hold against the pull request's diff. */
async function postPlans(
  github: GitHubClient,
  pullRequest: { number: number; headSha: string },
  reports: readonly LoadedReport[],
  warned: boolean,
): Promise<void> {
  try {
    const diff = diffFiles(await github.listPullRequestFiles(pullRequest.number));
    const { plan, dropped } = vetPlans(
      reports.map((r) => r.report),
      diff,
    );
    if (dropped > 0)
      core.info(
        `Suggestions: ${dropped} planned change${dropped === 1 ? '' : 's'} left out (not on the pull request's diff as it is now, or not a docker-diet fix)`,
      );
    await postSuggestions(github, pullRequest, plan, (message) => core.info(safe(message)));
  } catch (error) {
    if (!(error instanceof GitHubApiError)) throw error;
    const message = `Suggested changes were not posted: ${error.message}`;
    if (warned) core.info(message);
    else core.warning(message);
  }
}

/** The verdict as the `docker-diet` commit status; a token without `statuses: write` is a warning. */
async function setStatus(
  github: GitHubClient,
  sha: string,
  merged: Report,
  problems: string[],
  targetUrl: string | undefined,
): Promise<void> {
  const images = merged.images.length;
  const over = merged.images.filter((image) => image.budget.status === 'fail').length;
  // Counts only: names come from the reports and are kept out of a field nothing escapes.
  const description = [
    `${images} image${images === 1 ? '' : 's'}`,
    over > 0 ? `${over} over budget` : 'within budget',
    `${merged.findings.length} finding${merged.findings.length === 1 ? '' : 's'}`,
  ].join(', ');
  try {
    await github.setCommitStatus(sha, {
      state: problems.length > 0 ? 'failure' : 'success',
      description,
      context: STATUS_CONTEXT,
      ...(targetUrl ? { targetUrl } : {}),
    });
  } catch (error) {
    if (!(error instanceof GitHubApiError)) throw error;
    core.warning(error.message);
  }
}

/** One report of all images, with findings that several reports share listed once. */
export function mergeReports(reports: readonly Report[]): Report {
  const merged = createReport(reports[0]?.tool.version ?? VERSION);
  const seen = new Set<string>();
  const key = (f: Finding): string => JSON.stringify([f.rule, f.file, f.line, f.column, f.message]);
  for (const report of reports) {
    merged.images.push(...report.images);
    for (const finding of report.findings) {
      if (seen.has(key(finding))) continue;
      seen.add(key(finding));
      merged.findings.push(finding);
    }
  }
  return merged;
}

/** Text from a report as one log line: a newline in it could start a workflow command. */
function safe(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ');
}
