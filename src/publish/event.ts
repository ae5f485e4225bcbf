/**
 * What the workflow run is about, read from the runner's environment and event payload: the
 * repository, the pull request (number, base and head SHAs, labels) and whether to comment.
 */
import { readFileSync } from 'node:fs';

/** Events that carry a pull request and get a comment. */
export const COMMENT_EVENTS = ['pull_request', 'pull_request_target'] as const;

/** The pull request a run is for. */
export interface PullRequestInfo {
  number: number;
  baseSha: string;
  baseRef: string;
  headSha: string;
  labels: string[];
  /** True when the head lives in a fork (its token is read-only). */
  fromFork: boolean;
}

/** The GitHub workflow run: which event, repository and commit it is for, and its pull request. */
export interface GitHubRun {
  eventName: string;
  owner: string;
  repo: string;
  /** The commit the run is for (the PR head for pull requests). */
  sha: string;
  serverUrl: string;
  apiUrl: string;
  pullRequest: PullRequestInfo | null;
}

interface EventPayload {
  workflow_run?: {
    event?: string;
    head_sha?: string;
    head_branch?: string | null;
    head_repository?: { full_name?: string; owner?: { login?: string } } | null;
    pull_requests?: { number?: number; head?: { sha?: string } }[];
    html_url?: string;
  };
  pull_request?: {
    number?: number;
    base?: { sha?: string; ref?: string; repo?: { full_name?: string } };
    head?: { sha?: string; repo?: { full_name?: string } };
    labels?: { name?: string }[];
  };
}

/** The event payload the runner wrote; empty outside Actions or when unreadable. */
function readPayload(env: NodeJS.ProcessEnv): EventPayload {
  if (!env.GITHUB_EVENT_PATH) return {};
  try {
    return JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as EventPayload;
  } catch {
    return {};
  }
}

/** Reads the run from the runner's variables and event payload; outside Actions everything is empty. */
export function readGitHubRun(env: NodeJS.ProcessEnv = process.env): GitHubRun {
  const payload = readPayload(env);
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const pr = payload.pull_request;
  const pullRequest: PullRequestInfo | null =
    pr?.number && pr.base?.sha && pr.head?.sha
      ? {
          number: pr.number,
          baseSha: pr.base.sha,
          baseRef: pr.base.ref ?? '',
          headSha: pr.head.sha,
          labels: (pr.labels ?? []).map((l) => l.name ?? '').filter(Boolean),
          fromFork: Boolean(pr.head.repo?.full_name && pr.head.repo.full_name !== pr.base.repo?.full_name),
        }
      : null;
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    owner,
    repo,
    sha: pullRequest?.headSha ?? env.GITHUB_SHA ?? '',
    serverUrl: env.GITHUB_SERVER_URL || 'https://github.com',
    apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
    pullRequest,
  };
}

/** True when this run should write the sticky comment. */
export function shouldComment(run: GitHubRun, commentInput: boolean): boolean {
  return (
    commentInput && run.pullRequest !== null && (COMMENT_EVENTS as readonly string[]).includes(run.eventName)
  );
}

/**
 * The run a `workflow_run` event is about, as GitHub describes it (never as a report says): the
 * commit, its branch and repository (a fork's for pull requests from forks), and the pull requests
 * GitHub linked, which is none for a fork.
 */
export interface TriggeringRun {
  /** The event that started that run, e.g. `pull_request`. */
  event: string;
  headSha: string;
  headBranch: string;
  /** `owner/repo` the head branch lives in. */
  headRepository: string;
  pullRequests: { number: number; headSha: string }[];
  /** Link to that run. */
  url?: string;
}

/** The triggering run of a `workflow_run` event; null for any other event. */
export function readTriggeringRun(env: NodeJS.ProcessEnv = process.env): TriggeringRun | null {
  const run = env.GITHUB_EVENT_NAME === 'workflow_run' ? readPayload(env).workflow_run : undefined;
  if (!run?.head_sha) return null;
  return {
    event: run.event ?? '',
    headSha: run.head_sha,
    headBranch: run.head_branch ?? '',
    headRepository: run.head_repository?.full_name ?? '',
    pullRequests: (run.pull_requests ?? []).flatMap((pr) =>
      pr.number ? [{ number: pr.number, headSha: pr.head?.sha ?? '' }] : [],
    ),
    ...(run.html_url ? { url: run.html_url } : {}),
  };
}
