/**
 * A small HTTP server on 127.0.0.1 that imitates the GitHub REST endpoints docker-diet uses, so the
 * real Octokit client can be tested end to end: issue comments (list with `per_page`/`page` and `Link`
 * headers, get, create, update, delete), issue labels, open pull requests by head and commit statuses. It
 * records every request and can be told to fail: 403/404 on writes, 403 on writes by read-only tokens,
 * the next N requests with a status (502, 429 …) and rate-limit headers, and delay every answer
 * (`latency`). Pull requests: the files with their patches (`setPullFiles`, or `pullFilesFromGit` for
 * a real repository), reviews with line comments validated as GitHub does (a line outside the diff is
 * 422 and nothing is stored), and review comments (list, edit, delete).
 *
 *   const gh = await FakeGitHub.start();
 *   process.env.GITHUB_API_URL = gh.url; … gh.comments, gh.requests …
 *   await gh.stop();
 */
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A stored comment, in GitHub's field names. */
export interface FakeComment {
  id: number;
  issue_number: number;
  body: string;
  html_url: string;
  user: { login: string; type: string };
  created_at: string;
  updated_at: string;
}

/** An open pull request, in GitHub's field names (the ones `GET /pulls` filters and answers with). */
export interface FakePull {
  number: number;
  state: 'open' | 'closed';
  head: { sha: string; ref: string; label: string; repo: { full_name: string } };
  base: { sha: string; ref: string; repo: { full_name: string } };
}

/** One request as it arrived. */
export interface RecordedRequest {
  method: string;
  /** Path without the query, e.g. `/repos/acme/shop/issues/7/comments`. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body, if any. */
  body: unknown;
  authorization: string | undefined;
  /** Status the fake answered. */
  status: number;
}

/** Failures to inject. */
export interface FakeFailures {
  /** Answer POST/PATCH/DELETE on comments with this status (403: a read-only token; 404: no access). */
  writes?: 403 | 404;
  /** Answer the next `count` requests (any endpoint) with `status`, optionally with headers. */
  next?: { count: number; status: number; headers?: Record<string, string> };
}

/** A file of a pull request as `GET /pulls/{n}/files` returns it. */
export interface FakePullFile {
  filename: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  previous_filename?: string;
  /** Absent for binary files and diffs too large to show. */
  patch?: string;
}

/** A stored pull request review comment, in GitHub's field names. */
export interface FakeReviewComment {
  id: number;
  pull_number: number;
  pull_request_review_id: number;
  path: string;
  /** Null once outdated (tests may set it, as a push that changed the lines would). */
  line: number | null;
  start_line: number | null;
  side: 'RIGHT' | 'LEFT';
  start_side: 'RIGHT' | 'LEFT' | null;
  original_line: number;
  commit_id: string;
  body: string;
  html_url: string;
  user: { login: string; type: string };
  created_at: string;
  updated_at: string;
  subject_type: 'line';
}

/** A submitted review. */
export interface FakeReview {
  id: number;
  pull_number: number;
  body: string;
  state: 'COMMENTED' | 'APPROVED' | 'CHANGES_REQUESTED' | 'PENDING';
  commit_id: string;
  html_url: string;
  user: { login: string; type: string };
}

const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };

/** The fake server; create it with `FakeGitHub.start()`. */
export class FakeGitHub {
  /** Base URL to give the client as GITHUB_API_URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly owner: string;
  readonly repo: string;
  /** Every comment on every issue, oldest first. Tests may read and change it. */
  readonly comments: FakeComment[] = [];
  /** Every request, in arrival order. */
  readonly requests: RecordedRequest[] = [];
  /** Labels per issue number. */
  readonly labels = new Map<number, string[]>();
  /** Files of each pull request (with the head SHA), as `setPullFiles` set them. */
  readonly pulls = new Map<number, { headSha: string; files: FakePullFile[] }>();
  /** Every review submitted, oldest first. */
  readonly reviews: FakeReview[] = [];
  /** Every review comment on every pull request, oldest first. Tests may read and change it. */
  readonly reviewComments: FakeReviewComment[] = [];
  /** Pull requests `GET /repos/{o}/{r}/pulls` lists (filtered by `state` and `head=owner:branch`). */
  readonly openPulls: FakePull[] = [];
  /** Commit statuses as posted (`POST /repos/{o}/{r}/statuses/{sha}`), oldest first. */
  readonly statuses: { sha: string; body: Record<string, unknown> }[] = [];
  /** Tokens that may read but not write (a fork's `GITHUB_TOKEN`): any write answers 403. */
  readonly readOnlyTokens = new Set<string>();
  /** GitHub caps `per_page` at 100; set lower to force pagination with few comments. */
  maxPerPage: number;
  /** Delay before each answer, drawn uniformly from [minMs, maxMs] (a real round trip). */
  latency: { minMs: number; maxMs: number } | undefined;
  private failures: FakeFailures = {};
  private nextId = 1000;
  private listeners: ((request: RecordedRequest) => void)[] = [];

  private constructor(
    private readonly server: http.Server,
    options: { owner: string; repo: string; maxPerPage: number },
  ) {
    const { port } = server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    this.owner = options.owner;
    this.repo = options.repo;
    this.maxPerPage = options.maxPerPage;
  }

  /** Starts a server on a random port of 127.0.0.1. */
  static async start(
    options: { owner?: string; repo?: string; maxPerPage?: number } = {},
  ): Promise<FakeGitHub> {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const fake = new FakeGitHub(server, {
      owner: options.owner ?? 'acme',
      repo: options.repo ?? 'shop',
      maxPerPage: options.maxPerPage ?? 100,
    });
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => void fake.handle(req, res));
    return fake;
  }

  /** Adds a comment as if someone had posted it. */
  addComment(issueNumber: number, body: string, login = 'octocat'): FakeComment {
    const now = new Date().toISOString();
    const id = this.nextId++;
    const comment: FakeComment = {
      id,
      issue_number: issueNumber,
      body,
      html_url: `${this.url}/${this.owner}/${this.repo}/pull/${issueNumber}#issuecomment-${id}`,
      user: { login, type: login.endsWith('[bot]') ? 'Bot' : 'User' },
      created_at: now,
      updated_at: now,
    };
    this.comments.push(comment);
    return comment;
  }

  /** Comments on one issue, oldest first. */
  commentsOn(issueNumber: number): FakeComment[] {
    return this.comments.filter((c) => c.issue_number === issueNumber);
  }

  /** Sets what the pull request changes: its files and patches, on head commit `headSha`. */
  setPullFiles(pullNumber: number, files: FakePullFile[], headSha = 'head'): void {
    this.pulls.set(pullNumber, { headSha, files });
  }

  /** Review comments on one pull request, oldest first. */
  reviewCommentsOn(pullNumber: number): FakeReviewComment[] {
    return this.reviewComments.filter((c) => c.pull_number === pullNumber);
  }

  /** Replaces the failures to inject (an empty object clears them). */
  setFailure(failures: FakeFailures): void {
    this.failures = { ...failures, next: failures.next && { ...failures.next } };
  }

  /** Calls `listener` after each request is answered (e.g. to play a concurrent writer). */
  onRequest(listener: (request: RecordedRequest) => void): void {
    this.listeners.push(listener);
  }

  /** Forgets comments, labels, requests, failures and listeners. */
  reset(): void {
    this.comments.length = 0;
    this.requests.length = 0;
    this.labels.clear();
    this.pulls.clear();
    this.reviews.length = 0;
    this.reviewComments.length = 0;
    this.openPulls.length = 0;
    this.statuses.length = 0;
    this.readOnlyTokens.clear();
    this.failures = {};
    this.listeners = [];
    this.latency = undefined;
  }

  /** Stops the server. */
  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    // Half the round trip before the server acts, half on the way back: a read can be stale on arrival.
    const delay = (): number =>
      this.latency ? (this.latency.minMs + Math.random() * (this.latency.maxMs - this.latency.minMs)) / 2 : 0;
    const back = delay();
    if (this.latency) await new Promise((resolve) => setTimeout(resolve, delay()));
    const url = new URL(req.url ?? '/', this.url);
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: text ? (JSON.parse(text) as unknown) : undefined,
      authorization: req.headers.authorization,
      status: 0,
    };
    this.requests.push(record);
    const send = (status: number, data: unknown, headers: Record<string, string> = {}): void => {
      record.status = status;
      const answer = data === undefined ? '' : JSON.stringify(data);
      const reply = (): void => {
        res.writeHead(status, { ...JSON_TYPE, ...headers });
        res.end(answer);
      };
      if (back > 0) setTimeout(reply, back);
      else reply();
      for (const listener of this.listeners) listener(record);
    };
    const error = (status: number, message: string, headers?: Record<string, string>): void =>
      send(status, { message, documentation_url: 'https://docs.github.com/rest' }, headers);

    const next = this.failures.next;
    if (next && next.count > 0) {
      next.count -= 1;
      return error(next.status, next.status >= 500 ? 'Server Error' : 'Injected failure', next.headers);
    }
    if (!record.authorization) return error(401, 'Requires authentication');
    const token = record.authorization.replace(/^(token|bearer) /i, '');
    if (record.method !== 'GET' && this.readOnlyTokens.has(token))
      return error(403, 'Resource not accessible by integration');
    const repoPath = `/repos/${this.owner}/${this.repo}`;
    // GET /pulls?state=open&head=owner:branch
    if (url.pathname === `${repoPath}/pulls` && record.method === 'GET') {
      const state = url.searchParams.get('state') ?? 'open';
      const head = url.searchParams.get('head');
      const matching = this.openPulls.filter(
        (pull) => (state === 'all' || pull.state === state) && (!head || pull.head.label === head),
      );
      return this.sendPage(url, matching, send);
    }
    // POST /statuses/{sha}
    const status = new RegExp(`^${repoPath}/statuses/([0-9a-f]{40})$`).exec(url.pathname);
    if (status && record.method === 'POST') {
      const body = (record.body ?? {}) as Record<string, unknown>;
      if (!['success', 'failure', 'error', 'pending'].includes(String(body.state)))
        return error(422, 'Validation Failed');
      this.statuses.push({ sha: status[1]!, body });
      return send(201, { id: this.nextId++, state: body.state, context: body.context ?? 'default' });
    }
    const pulls = `/repos/${this.owner}/${this.repo}/pulls/`;
    if (url.pathname.startsWith(pulls)) {
      return this.handlePulls(url, url.pathname.slice(pulls.length).split('/'), record, send, error);
    }
    const prefix = `/repos/${this.owner}/${this.repo}/issues/`;
    if (!url.pathname.startsWith(prefix)) return error(404, 'Not Found');
    const rest = url.pathname.slice(prefix.length).split('/');
    const write = record.method !== 'GET';
    if (write && this.failures.writes) {
      return error(
        this.failures.writes,
        this.failures.writes === 403 ? 'Resource not accessible by integration' : 'Not Found',
      );
    }

    // /issues/{n}/comments
    if (rest.length === 2 && rest[1] === 'comments' && /^\d+$/.test(rest[0]!)) {
      const issue = Number(rest[0]);
      if (record.method === 'GET') return this.sendPage(url, this.commentsOn(issue), send);
      if (record.method === 'POST') {
        const body = (record.body as { body?: unknown } | undefined)?.body;
        if (typeof body !== 'string') return error(422, 'Validation Failed');
        if (body.length > 65_536) return error(422, 'Body is too long (maximum is 65536 characters)');
        return send(201, this.addComment(issue, body, 'github-actions[bot]'));
      }
    }
    // /issues/comments/{id}
    if (rest.length === 2 && rest[0] === 'comments' && /^\d+$/.test(rest[1]!)) {
      if (this.commentById(this.comments, Number(rest[1]), record, send, error)) return;
    }
    // /issues/{n}/labels
    if (rest.length === 2 && rest[1] === 'labels' && record.method === 'GET') {
      const names = this.labels.get(Number(rest[0])) ?? [];
      return this.sendPage(
        url,
        names.map((name, i) => ({ id: i + 1, name, color: 'ededed' })),
        send,
      );
    }
    return error(404, 'Not Found');
  }

  /** `/pulls/{n}/files`, `/pulls/{n}/comments`, `/pulls/{n}/reviews`, `/pulls/comments/{id}`. */
  private handlePulls(
    url: URL,
    rest: string[],
    record: RecordedRequest,
    send: (status: number, data: unknown, headers?: Record<string, string>) => void,
    error: (status: number, message: string, headers?: Record<string, string>) => void,
  ): void {
    if (record.method !== 'GET' && this.failures.writes) {
      return error(
        this.failures.writes,
        this.failures.writes === 403 ? 'Resource not accessible by integration' : 'Not Found',
      );
    }
    const [first, second] = rest;
    if (rest.length === 2 && /^\d+$/.test(first!)) {
      const number = Number(first);
      const pull = this.pulls.get(number);
      if (!pull) return error(404, 'Not Found');
      if (second === 'files' && record.method === 'GET') {
        return this.sendPage(
          url,
          pull.files.map((f, i) => ({ sha: `blob${i}`, additions: 0, deletions: 0, changes: 0, ...f })),
          send,
        );
      }
      if (second === 'comments' && record.method === 'GET') {
        return this.sendPage(url, this.reviewCommentsOn(number), send);
      }
      if (second === 'reviews' && record.method === 'POST') return this.createReview(number, record, send);
    }
    if (rest.length === 2 && first === 'comments' && /^\d+$/.test(second!)) {
      if (this.commentById(this.reviewComments, Number(second), record, send, error)) return;
    }
    return error(404, 'Not Found');
  }

  /**
   * `POST /pulls/{n}/reviews`, checked as GitHub checks it: a COMMENT or REQUEST_CHANGES review needs a
   * body; each comment needs a path of the pull request, a `line` shown by a hunk on its side (added or
   * context lines on RIGHT), and a `start_line` before `line` in the same hunk. One bad comment fails
   * the whole review with 422 and nothing is stored.
   */
  private createReview(
    number: number,
    record: RecordedRequest,
    send: (status: number, data: unknown, headers?: Record<string, string>) => void,
  ): void {
    const pull = this.pulls.get(number)!;
    const input = (record.body ?? {}) as {
      body?: string;
      event?: string;
      commit_id?: string;
      comments?: {
        path?: string;
        body?: string;
        line?: number;
        side?: string;
        start_line?: number;
        start_side?: string;
      }[];
    };
    const problems: string[] = [];
    const states = {
      COMMENT: 'COMMENTED',
      APPROVE: 'APPROVED',
      REQUEST_CHANGES: 'CHANGES_REQUESTED',
    } as const;
    const state = input.event === undefined ? 'PENDING' : states[input.event as keyof typeof states];
    if (!state) problems.push(`Event ${input.event} is not a valid event`);
    if ((input.event === 'COMMENT' || input.event === 'REQUEST_CHANGES') && !input.body)
      problems.push('Body is required for this event');
    for (const c of input.comments ?? []) {
      const file = pull.files.find((f) => f.filename === c.path);
      if (!file || typeof c.body !== 'string' || typeof c.line !== 'number') {
        problems.push(file ? 'Body and line are required' : 'Path could not be resolved');
        continue;
      }
      const side = c.side ?? 'RIGHT';
      const hunks = rightHunks(file.patch, side === 'LEFT');
      const hunk = hunks.findIndex((lines) => lines.has(c.line!));
      if (hunk < 0) problems.push('Pull request review thread line must be part of the diff');
      if (c.start_line !== undefined) {
        if (c.start_line >= c.line)
          problems.push('Pull request review thread start line must precede the end line.');
        else if (hunk >= 0 && !hunks[hunk]!.has(c.start_line))
          problems.push('Pull request review thread start line must be part of the same hunk as the line.');
      }
    }
    if (problems.length > 0) {
      return send(422, {
        message: 'Unprocessable Entity',
        errors: [problems.join(', ')],
        documentation_url: 'https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request',
        status: '422',
      });
    }
    const bot = { login: 'github-actions[bot]', type: 'Bot' };
    const now = new Date().toISOString();
    const review: FakeReview = {
      id: this.nextId++,
      pull_number: number,
      body: input.body ?? '',
      state: state!,
      commit_id: input.commit_id ?? pull.headSha,
      html_url: '',
      user: bot,
    };
    review.html_url = `${this.url}/${this.owner}/${this.repo}/pull/${number}#pullrequestreview-${review.id}`;
    this.reviews.push(review);
    for (const c of input.comments ?? []) {
      const id = this.nextId++;
      this.reviewComments.push({
        id,
        pull_number: number,
        pull_request_review_id: review.id,
        path: c.path!,
        line: c.line!,
        start_line: c.start_line ?? null,
        side: c.side === 'LEFT' ? 'LEFT' : 'RIGHT',
        start_side: c.start_line === undefined ? null : c.start_side === 'LEFT' ? 'LEFT' : 'RIGHT',
        original_line: c.line!,
        commit_id: review.commit_id,
        body: c.body!,
        html_url: `${this.url}/${this.owner}/${this.repo}/pull/${number}#discussion_r${id}`,
        user: bot,
        created_at: now,
        updated_at: now,
        subject_type: 'line',
      });
    }
    return send(200, review);
  }

  /**
   * GET, PATCH (body checked as GitHub checks it) or DELETE of the comment `id` in `list` (issue or
   * review comments); false when the method is none of those, for the caller's own 404.
   */
  private commentById(
    list: (FakeComment | FakeReviewComment)[],
    id: number,
    record: RecordedRequest,
    send: (status: number, data: unknown, headers?: Record<string, string>) => void,
    error: (status: number, message: string, headers?: Record<string, string>) => void,
  ): boolean {
    const index = list.findIndex((c) => c.id === id);
    const comment = list[index];
    if (!comment) {
      error(404, 'Not Found');
      return true;
    }
    if (record.method === 'GET') {
      send(200, comment);
      return true;
    }
    if (record.method === 'PATCH') {
      const body = (record.body as { body?: unknown } | undefined)?.body;
      if (typeof body !== 'string') error(422, 'Validation Failed');
      else if (body.length > 65_536) error(422, 'Body is too long (maximum is 65536 characters)');
      else {
        comment.body = body;
        comment.updated_at = new Date().toISOString();
        send(200, comment);
      }
      return true;
    }
    if (record.method === 'DELETE') {
      list.splice(index, 1);
      send(204, undefined);
      return true;
    }
    return false;
  }

  /** One page of `items`, with GitHub's `Link` header (`next`, `last`, `prev`, `first`). */
  private sendPage(
    url: URL,
    items: unknown[],
    send: (status: number, data: unknown, headers?: Record<string, string>) => void,
  ): void {
    const perPage = Math.min(this.maxPerPage, Math.max(1, Number(url.searchParams.get('per_page') ?? 30)));
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1));
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const link = (n: number, rel: string): string => {
      const target = new URL(url.toString());
      target.searchParams.set('per_page', String(perPage));
      target.searchParams.set('page', String(n));
      return `<${target.toString()}>; rel="${rel}"`;
    };
    const links: string[] = [];
    if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
    if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'));
    send(
      200,
      items.slice((page - 1) * perPage, page * perPage),
      links.length ? { link: links.join(', ') } : {},
    );
  }
}

/**
 * The lines each hunk of a patch shows on one side (new file: added and context lines; old file:
 * removed and context lines), written apart from docker-diet's own parser so the two can disagree.
 */
function rightHunks(patch: string | undefined, left: boolean): Set<number>[] {
  const hunks: Set<number>[] = [];
  let current: Set<number> | undefined;
  let oldLine = 0;
  let newLine = 0;
  for (const line of (patch ?? '').split('\n')) {
    const header = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
    if (header) {
      current = new Set();
      hunks.push(current);
      oldLine = Number(header[1]);
      newLine = Number(header[2]);
    } else if (current && line.startsWith('+')) {
      if (!left) current.add(newLine);
      newLine += 1;
    } else if (current && line.startsWith('-')) {
      if (left) current.add(oldLine);
      oldLine += 1;
    } else if (current && line.startsWith(' ')) {
      current.add(left ? oldLine : newLine);
      oldLine += 1;
      newLine += 1;
    }
  }
  return hunks;
}

/**
 * The files of a pull request from base to head in a real repository, as GitHub lists them: renames
 * found, each patch without its file headers, none for binary files.
 */
export function pullFilesFromGit(repo: string, base: string, head: string): FakePullFile[] {
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
  const statuses: Record<string, FakePullFile['status']> = {
    A: 'added',
    D: 'removed',
    M: 'modified',
    R: 'renamed',
    C: 'copied',
    T: 'changed',
  };
  return git('diff', '--name-status', '-M', `${base}...${head}`)
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [code = '', a = '', b] = line.split('\t');
      const filename = b ?? a;
      const diff = git('diff', '-M', `${base}...${head}`, '--', ...(b ? [a, b] : [a]));
      const at = diff.indexOf('\n@@');
      const file: FakePullFile = { filename, status: statuses[code[0] ?? 'M'] ?? 'modified' };
      if (b) file.previous_filename = a;
      if (at >= 0) file.patch = diff.slice(at + 1).replace(/\n$/, '');
      return file;
    });
}
