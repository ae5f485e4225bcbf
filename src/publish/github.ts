/**
 * The GitHub REST calls the action makes, behind a small interface. The only Octokit user in the
 * project: the client comes from `@actions/github`'s `getOctokit`, with retries for 5xx and network
 * errors, bounded waits for rate limits, and errors turned into typed ones the caller can act on.
 */
import { getOctokit } from '@actions/github';
import type { PullRequestFile } from './patch.js';

/** An issue or PR comment, as far as the sticky comment needs it. */
export interface IssueComment {
  id: number;
  body: string;
  /** Link to the comment on github.com (`html_url`). */
  url: string;
}

/** A review comment on a pull request's diff, as far as suggested changes need it. */
export interface ReviewComment {
  id: number;
  body: string;
  /** File path relative to the repository root. */
  path: string;
  /** Its last line in the pull request's head; null once the lines it was on changed (outdated). */
  line: number | null;
  /** Its first line when it spans several; null for one line. */
  startLine: number | null;
  /** Link to the comment on github.com (`html_url`). */
  url: string;
}

/** A comment of a new review: on line `line` of `path` (RIGHT side), or on `startLine`..`line`. */
export interface NewReviewComment {
  path: string;
  body: string;
  line: number;
  /** First line of a multi-line comment; absent for one line (GitHub refuses `start_line` = `line`). */
  startLine?: number;
}
/** An open pull request, as far as finding the one a commit belongs to needs it. */
export interface PullRequestRef {
  number: number;
  headSha: string;
  /** `owner/repo` of the head branch (a fork's for pull requests from forks). */
  headRepository: string;
}

/** A commit status (`POST /repos/{owner}/{repo}/statuses/{sha}`). */
export interface CommitStatus {
  state: 'success' | 'failure' | 'error' | 'pending';
  /** GitHub keeps the first 140 characters. */
  description: string;
  /** The status's name on the commit; one per context. */
  context: string;
  targetUrl?: string;
}

/** What the publishing code needs from GitHub. PR numbers are issue numbers for these endpoints. */
export interface GitHubClient {
  /** Every comment on the issue/PR, oldest first, following pagination. */
  listIssueComments(issueNumber: number): Promise<IssueComment[]>;
  getComment(commentId: number): Promise<IssueComment>;
  createComment(issueNumber: number, body: string): Promise<IssueComment>;
  updateComment(commentId: number, body: string): Promise<IssueComment>;
  deleteComment(commentId: number): Promise<void>;
  /** Names of the labels on the PR (for `budget-override-label`). */
  getPullRequestLabels(pullNumber: number): Promise<string[]>;
  /** The files a pull request changes, with their patches, following pagination. */
  listPullRequestFiles(pullNumber: number): Promise<PullRequestFile[]>;
  /** Every review comment on the pull request's diff, oldest first, following pagination. */
  listReviewComments(pullNumber: number): Promise<ReviewComment[]>;
  /** Submits one review (event COMMENT) with these comments on commit `commitId`. */
  createReview(
    pullNumber: number,
    review: { commitId: string; body: string; comments: NewReviewComment[] },
  ): Promise<{ id: number; url: string }>;
  updateReviewComment(commentId: number, body: string): Promise<ReviewComment>;
  deleteReviewComment(commentId: number): Promise<void>;
  /** Open pull requests whose head is `owner:branch` (works for heads in forks). */
  listOpenPullRequests(head: string): Promise<PullRequestRef[]>;
  /** Sets a commit status; throws `StatusPermissionError` without `statuses: write`. */
  setCommitStatus(sha: string, status: CommitStatus): Promise<void>;
}

/** How hard to retry. */
export interface RetryPolicy {
  /** Retries after the first attempt, for 5xx answers, network errors and rate limits. */
  retries: number;
  /** First backoff delay; doubled on each retry. */
  minDelayMs: number;
  maxDelayMs: number;
  /** Longest wait for a rate limit to reset; past it the call fails with a `RateLimitError`. */
  maxRateLimitWaitMs: number;
  /** Time limit of one attempt. */
  timeoutMs: number;
}

const DEFAULT_RETRY: RetryPolicy = {
  retries: 3,
  minDelayMs: 1000,
  maxDelayMs: 10_000,
  maxRateLimitWaitMs: 60_000,
  timeoutMs: 30_000,
};

/** Where the client talks to. */
export interface GitHubClientOptions {
  /** REST API root; default GITHUB_API_URL, else `https://api.github.com`. */
  baseUrl?: string;
  owner: string;
  repo: string;
  retry?: Partial<RetryPolicy>;
  /** Told about each retry (the action logs it with `core.info`). */
  onRetry?: (message: string) => void;
}

/** A GitHub call that failed for good. */
export class GitHubApiError extends Error {
  /** HTTP status; 500 for network errors and timeouts. */
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.name = 'GitHubApiError';
    this.status = status;
  }
}

/**
 * The token may not comment (403/404): a fork's read-only token or a workflow without
 * `pull-requests: write`. The message is the one warning the caller shows; the job does not fail.
 */
export class CommentPermissionError extends GitHubApiError {
  constructor(operation: string, status: number, detail: string) {
    super(
      `docker-diet could not ${operation}: GitHub answered ${status} (${detail}). Give the job ` +
        '`permissions: pull-requests: write` (pull requests from forks only get a read-only token); ' +
        'the full report is in the job summary.',
      status,
    );
    this.name = 'CommentPermissionError';
  }
}

/** The token may not set commit statuses (403/404): the workflow lacks `statuses: write`. */
export class StatusPermissionError extends GitHubApiError {
  constructor(status: number, detail: string) {
    super(
      `docker-diet could not set the commit status: GitHub answered ${status} (${detail}). Give the job ` +
        '`permissions: statuses: write`; the verdict is in the comment and the job summary.',
      status,
    );
    this.name = 'StatusPermissionError';
  }
}

/** The rate limit resets later than the client is willing to wait. */
export class RateLimitError extends GitHubApiError {
  constructor(operation: string, status: number, waitMs: number) {
    super(
      `docker-diet could not ${operation}: rate limited for another ${Math.ceil(waitMs / 1000)} s`,
      status,
    );
    this.name = 'RateLimitError';
  }
}

/** The parts of Octokit's RequestError this file reads (duck-typed: the class is a transitive dependency). */
interface HttpError {
  status?: number;
  message: string;
  response?: { headers?: Record<string, string | number | undefined> };
}

type Decision = { retry: true; waitMs: number } | { retry: false; rateLimitedMs?: number };

/** Whether and how long to wait before retrying a failed attempt. */
export function retryDecision(
  error: HttpError,
  attempt: number,
  policy: RetryPolicy,
  now = Date.now(),
): Decision {
  const status = error.status ?? 0;
  const headers = error.response?.headers ?? {};
  if (attempt >= policy.retries) return { retry: false };
  if (status === 403 || status === 429) {
    const retryAfter = Number(headers['retry-after']);
    const reset = Number(headers['x-ratelimit-reset']);
    let waitMs: number | undefined;
    if (Number.isFinite(retryAfter) && headers['retry-after'] !== undefined) waitMs = retryAfter * 1000;
    else if (String(headers['x-ratelimit-remaining']) === '0' && Number.isFinite(reset))
      waitMs = Math.max(0, reset * 1000 - now) + 1000;
    else if (status === 429) waitMs = backoff(attempt, policy);
    if (waitMs === undefined) return { retry: false }; // a plain 403: permissions, not a rate limit
    return waitMs <= policy.maxRateLimitWaitMs
      ? { retry: true, waitMs }
      : { retry: false, rateLimitedMs: waitMs };
  }
  // 500 also stands for network errors and timeouts; 501 (not implemented) will not get better.
  if (status >= 500 && status !== 501) return { retry: true, waitMs: backoff(attempt, policy) };
  return { retry: false };
}

function backoff(attempt: number, policy: RetryPolicy): number {
  return Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** attempt);
}

/** Creates the client. Nothing is sent until a method is called. */
export function createGitHubClient(
  token: string,
  options: GitHubClientOptions,
  env: NodeJS.ProcessEnv = process.env,
): GitHubClient {
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const baseUrl = (options.baseUrl ?? env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
  const octokit = getOctokit(token, { baseUrl });
  const rateLimited = new WeakMap<object, number>();

  octokit.hook.wrap('request', async (request, requestOptions) => {
    for (let attempt = 0; ; attempt++) {
      try {
        const signal = AbortSignal.timeout(policy.timeoutMs);
        return await request({ ...requestOptions, request: { ...requestOptions.request, signal } });
      } catch (error) {
        const decision = retryDecision(error as HttpError, attempt, policy);
        if (!decision.retry) {
          if (decision.rateLimitedMs !== undefined && error instanceof Object)
            rateLimited.set(error, decision.rateLimitedMs);
          throw error;
        }
        const what = `${requestOptions.method} ${requestOptions.url}`;
        options.onRetry?.(
          `GitHub ${what} failed (${(error as HttpError).status ?? 'network'}: ${(error as Error).message}); retrying in ${decision.waitMs} ms`,
        );
        await new Promise((resolve) => setTimeout(resolve, decision.waitMs));
      }
    }
  });

  /** Runs one call and turns its failure into a typed error. */
  const call = async <T>(
    operation: string,
    permission: 'comments' | 'statuses' | false,
    fn: () => Promise<T>,
  ): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      const { status = 0, message } = error as HttpError;
      const waited = error instanceof Object ? rateLimited.get(error) : undefined;
      if (waited !== undefined) throw new RateLimitError(operation, status, waited);
      if (permission === 'comments' && (status === 403 || status === 404))
        throw new CommentPermissionError(operation, status, message);
      if (permission === 'statuses' && (status === 403 || status === 404))
        throw new StatusPermissionError(status, message);
      throw new GitHubApiError(
        `docker-diet could not ${operation}: ${status || 'error'} ${message}`,
        status || 500,
      );
    }
  };

  const { owner, repo } = options;
  const toComment = (data: { id: number; body?: string | null; html_url: string }): IssueComment => ({
    id: data.id,
    body: data.body ?? '',
    url: data.html_url,
  });

  const toReviewComment = (data: {
    id: number;
    body: string;
    path: string;
    line?: number | null;
    start_line?: number | null;
    html_url: string;
  }): ReviewComment => ({
    id: data.id,
    body: data.body,
    path: data.path,
    line: data.line ?? null,
    startLine: data.start_line ?? null,
    url: data.html_url,
  });

  return {
    listIssueComments: (issueNumber) =>
      call(`list the comments of #${issueNumber}`, 'comments', async () => {
        const all = await octokit.paginate(octokit.rest.issues.listComments, {
          owner,
          repo,
          issue_number: issueNumber,
          per_page: 100,
        });
        return all.map(toComment);
      }),
    getComment: (commentId) =>
      call(`read comment ${commentId}`, 'comments', async () =>
        toComment((await octokit.rest.issues.getComment({ owner, repo, comment_id: commentId })).data),
      ),
    createComment: (issueNumber, body) =>
      call(`comment on pull request #${issueNumber}`, 'comments', async () =>
        toComment(
          (await octokit.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body })).data,
        ),
      ),
    updateComment: (commentId, body) =>
      call(`update comment ${commentId}`, 'comments', async () =>
        toComment(
          (await octokit.rest.issues.updateComment({ owner, repo, comment_id: commentId, body })).data,
        ),
      ),
    deleteComment: (commentId) =>
      call(`delete comment ${commentId}`, 'comments', async () => {
        await octokit.rest.issues.deleteComment({ owner, repo, comment_id: commentId });
      }),
    getPullRequestLabels: (pullNumber) =>
      call(`read the labels of #${pullNumber}`, false, async () => {
        const labels = await octokit.paginate(octokit.rest.issues.listLabelsOnIssue, {
          owner,
          repo,
          issue_number: pullNumber,
          per_page: 100,
        });
        return labels.map((label) => label.name);
      }),
    listPullRequestFiles: (pullNumber) =>
      call(`list the files of pull request #${pullNumber}`, false, async () => {
        const files = await octokit.paginate(octokit.rest.pulls.listFiles, {
          owner,
          repo,
          pull_number: pullNumber,
          per_page: 100,
        });
        return files.map((file): PullRequestFile => ({
          filename: file.filename,
          status: file.status,
          ...(file.previous_filename ? { previousFilename: file.previous_filename } : {}),
          ...(file.patch ? { patch: file.patch } : {}),
        }));
      }),
    listReviewComments: (pullNumber) =>
      call(`list the review comments of #${pullNumber}`, 'comments', async () => {
        const all = await octokit.paginate(octokit.rest.pulls.listReviewComments, {
          owner,
          repo,
          pull_number: pullNumber,
          per_page: 100,
        });
        return all.map(toReviewComment);
      }),
    createReview: (pullNumber, review) =>
      call(`review pull request #${pullNumber}`, 'comments', async () => {
        const { data } = await octokit.rest.pulls.createReview({
          owner,
          repo,
          pull_number: pullNumber,
          commit_id: review.commitId,
          body: review.body,
          event: 'COMMENT',
          comments: review.comments.map((c) => ({
            path: c.path,
            body: c.body,
            line: c.line,
            side: 'RIGHT',
            ...(c.startLine !== undefined ? { start_line: c.startLine, start_side: 'RIGHT' } : {}),
          })),
        });
        return { id: data.id, url: data.html_url };
      }),
    updateReviewComment: (commentId, body) =>
      call(`update review comment ${commentId}`, 'comments', async () =>
        toReviewComment(
          (await octokit.rest.pulls.updateReviewComment({ owner, repo, comment_id: commentId, body })).data,
        ),
      ),
    deleteReviewComment: (commentId) =>
      call(`delete review comment ${commentId}`, 'comments', async () => {
        await octokit.rest.pulls.deleteReviewComment({ owner, repo, comment_id: commentId });
      }),
    listOpenPullRequests: (head) =>
      call(`list the open pull requests of ${head}`, false, async () => {
        const pulls = await octokit.paginate(octokit.rest.pulls.list, {
          owner,
          repo,
          state: 'open',
          head,
          per_page: 100,
        });
        return pulls.map((pull) => ({
          number: pull.number,
          headSha: pull.head.sha,
          headRepository: pull.head.repo?.full_name ?? '',
        }));
      }),
    setCommitStatus: (sha, status) =>
      call(`set the commit status of ${sha.slice(0, 12)}`, 'statuses', async () => {
        await octokit.rest.repos.createCommitStatus({
          owner,
          repo,
          sha,
          state: status.state,
          description: status.description.slice(0, 140),
          context: status.context,
          ...(status.targetUrl ? { target_url: status.targetUrl } : {}),
        });
      }),
  };
}
