/**
 * Two-phase publishing with the bundled action, as GitHub runs it for a pull request from a fork:
 * phase 1 (`pull_request`, a read-only token) builds and measures the fork's code with the real
 * engine and writes the JSON report; phase 2 (`workflow_run`, a token that may write) runs
 * `mode: publish` in an empty workspace with no Docker engine, reads the downloaded report and posts
 * it, with the suggested changes phase 1 planned (it may read the diff, not review). The fake GitHub
 * answers 403 to the read-only token's writes; every assertion is on what it received. Tampered
 * reports are refused with one line each, or rendered harmless; tampered plans are left out.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { COMMENT_MARKER, readSections } from '../../src/publish/comment.js';
import { BASE_IMAGES, removeImages } from '../support/docker-cli.js';
import { FakeGitHub, pullFilesFromGit, type FakePull } from '../support/fake-github.js';
import { commandLines, runActionAsync, type ActionRun } from '../support/runner.js';

jest.setTimeout(180_000);

const READ_ONLY = 'fork-read-only-token';
const WRITER = 'base-write-token';
const FORK = 'contrib/shop';
const PR = 7;

/** The parts of a report the tampering tests change; anything else may be added. */
interface EditableReport {
  [field: string]: unknown;
  schemaVersion: number;
  images: {
    name: string;
    dockerfile: string;
    head: { size: number };
    budget: { status: string; violations: unknown[] };
  }[];
  findings: unknown[];
}

interface Fixture {
  repo: string;
  baseSha: string;
  headSha: string;
}

/** The base repository's history and a fork's commit on branch `feature` that grows the image. */
function makeRepository(): Fixture {
  const repo = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-e2e-fork-'));
  const git = (...args: string[]): string =>
    execFileSync('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.com', ...args], {
      cwd: repo,
      encoding: 'utf8',
    }).trim();
  const write = (file: string, text: string): void => {
    mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
    writeFileSync(path.join(repo, file), `${text}\n`);
  };
  git('init', '-q', '-b', 'main', '.');
  write('app/Dockerfile', `FROM ${BASE_IMAGES.busybox}\nRUN head -c 100000 /dev/urandom > /base.bin`);
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  const baseSha = git('rev-parse', 'HEAD');
  git('checkout', '-q', '-b', 'feature');
  write(
    'app/Dockerfile',
    // Line 4 has a fix (prefer-copy) on a line the pull request adds: a suggested change.
    `FROM ${BASE_IMAGES.busybox}\nRUN head -c 100000 /dev/urandom > /base.bin\nRUN head -c 900000 /dev/urandom > /more.bin\nADD extra.txt /extra.txt`,
  );
  write('app/extra.txt', 'extra');
  git('add', '-A');
  git('commit', '-q', '-m', 'grow');
  return { repo, baseSha, headSha: git('rev-parse', 'HEAD') };
}

const base = { id: 1, name: 'shop', full_name: 'acme/shop', owner: { login: 'acme' } };
const fork = { id: 2, name: 'shop', full_name: FORK, owner: { login: 'contrib' } };

/** GitHub's `pull_request` payload for the fork's pull request. */
function forkPullRequest(fx: Fixture): object {
  return {
    action: 'synchronize',
    number: PR,
    pull_request: {
      number: PR,
      labels: [],
      base: { sha: fx.baseSha, ref: 'main', label: 'acme:main', repo: base },
      head: { sha: fx.headSha, ref: 'feature', label: 'contrib:feature', repo: fork },
    },
    repository: base,
  };
}

/** GitHub's `workflow_run` payload once the fork's run completed: no linked pull requests. */
function workflowRun(fx: Fixture, overrides: Record<string, unknown> = {}): object {
  return {
    action: 'completed',
    workflow_run: {
      id: 4242,
      event: 'pull_request',
      conclusion: 'success',
      head_sha: fx.headSha,
      head_branch: 'feature',
      head_repository: fork,
      repository: base,
      pull_requests: [],
      html_url: 'https://github.com/acme/shop/actions/runs/4242',
      ...overrides,
    },
    repository: base,
  };
}

/** The fork's pull request as `GET /pulls` lists it, and decoys that must not be picked. */
function openPulls(fx: Fixture): FakePull[] {
  const pull = (number: number, owner: string, ref: string, sha: string): FakePull => ({
    number,
    state: 'open',
    head: { sha, ref, label: `${owner}:${ref}`, repo: { full_name: `${owner}/shop` } },
    base: { sha: fx.baseSha, ref: 'main', repo: { full_name: 'acme/shop' } },
  });
  return [
    pull(
      3,
      'someone',
      'feature',
      fx.headSha.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')),
    ),
    pull(PR, 'contrib', 'feature', fx.headSha),
    pull(9, 'contrib', 'other', fx.baseSha),
  ];
}

describe('publishing a fork pull request in two phases', () => {
  let fx: Fixture;
  let gh: FakeGitHub;
  let scratch: string;
  let phase1: ActionRun;
  /** The report phase 1 wrote, as the artifact carries it. */
  let reportText: string;
  const images = new Set<string>();

  async function runEvent(
    inputs: Record<string, string>,
    workspace: string,
    event: { name: string; payload: object },
    env: Record<string, string> = {},
  ): Promise<ActionRun> {
    const eventPath = path.join(scratch, `event-${Date.now()}-${Math.random()}.json`);
    writeFileSync(eventPath, JSON.stringify(event.payload));
    const result = await runActionAsync(inputs, {
      GITHUB_WORKSPACE: workspace,
      GITHUB_EVENT_NAME: event.name,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_API_URL: gh.url,
      ...env,
    });
    expect(result.stdout + result.stderr).not.toMatch(/^\s+at /m);
    return result;
  }

  /** Phase 2 in a fresh workspace holding only `reports/` (the downloaded artifact). */
  async function publish(
    reports: Record<string, string>,
    payload: object = workflowRun(fx),
    inputs: Record<string, string> = {},
  ): Promise<ActionRun> {
    const workspace = mkdtempSync(path.join(scratch, 'publish-'));
    mkdirSync(path.join(workspace, 'reports'));
    for (const [name, text] of Object.entries(reports))
      writeFileSync(path.join(workspace, 'reports', name), text);
    return runEvent(
      { mode: 'publish', report: 'reports/*.json', 'github-token': WRITER, ...inputs },
      workspace,
      { name: 'workflow_run', payload },
      // No engine: phase 2 must not need one.
      {
        DOCKER_HOST: `unix://${path.join(scratch, 'no-engine.sock')}`,
        GITHUB_SHA: fx.baseSha,
        GITHUB_RUN_ID: '5151',
      },
    );
  }

  /** The phase-1 report with `change` applied to its parsed JSON. */
  const tampered = (change: (report: EditableReport) => void): string => {
    const report = JSON.parse(reportText) as EditableReport;
    change(report);
    return JSON.stringify(report);
  };
  const sticky = (pr: number): string | undefined =>
    gh.commentsOn(pr).find((c) => c.body.startsWith(COMMENT_MARKER))?.body;

  beforeAll(async () => {
    fx = makeRepository();
    scratch = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-e2e-phases-'));
    gh = await FakeGitHub.start();
    gh.readOnlyTokens.add(READ_ONLY);
    gh.setPullFiles(PR, pullFilesFromGit(fx.repo, fx.baseSha, fx.headSha), fx.headSha);
    phase1 = await runEvent(
      { 'github-token': READ_ONLY, context: 'app', name: 'app' },
      fx.repo,
      { name: 'pull_request', payload: forkPullRequest(fx) },
      { GITHUB_SHA: fx.headSha },
    );
    if (phase1.outputs['image-id']) images.add(phase1.outputs['image-id']);
    if (phase1.outputs.report && existsSync(phase1.outputs.report)) {
      reportText = readFileSync(phase1.outputs.report, 'utf8');
      const report = JSON.parse(reportText) as { images: { base: { imageId: string } | null }[] };
      for (const image of report.images) if (image.base) images.add(image.base.imageId);
    }
  });
  beforeEach(() => {
    gh.comments.length = 0;
    gh.statuses.length = 0;
    gh.requests.length = 0;
    gh.reviews.length = 0;
    gh.reviewComments.length = 0;
    gh.openPulls.length = 0;
    gh.openPulls.push(...openPulls(fx));
  });
  afterAll(async () => {
    await gh.stop();
    removeImages(...images);
    rmSync(fx.repo, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  it('phase 1: the read-only token gets 403, the job stays green with one warning and writes the report', () => {
    expect(phase1.stderr).toBe('');
    expect(phase1.status).toBe(0);
    const warnings = commandLines(phase1, 'warning').filter((line) => line.startsWith('::warning::'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('403');
    expect(warnings[0]).toContain('from a fork');
    expect(warnings[0]).toContain('mode: publish');
    expect(phase1.outputs['comment-url']).toBe('');
    expect(JSON.parse(reportText)).toMatchObject({ schemaVersion: 1, images: [{ name: 'app' }] });
    expect(phase1.summary).toContain('### 📦 app: ');
  });

  it('phase 2: posts the comment on the fork pull request found by head, and sets the commit status', async () => {
    const result = await publish({ 'app.json': reportText });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    // The pull request was looked up by the fork's owner and branch, and matched by head commit.
    const lookup = gh.requests.find((r) => r.method === 'GET' && r.path === '/repos/acme/shop/pulls');
    expect(lookup?.query).toMatchObject({ state: 'open', head: 'contrib:feature' });
    expect(gh.requests.every((r) => r.authorization === `token ${WRITER}`)).toBe(true);
    expect(gh.comments.map((c) => c.issue_number)).toEqual([PR]);
    const sections = readSections(sticky(PR)!);
    expect([...sections.keys()]).toEqual(['app']);
    expect(sections.get('app')!.text).toMatch(/^### 📦 app: \d/);
    expect(sections.get('app')!.summary?.size).toBe(
      (JSON.parse(reportText) as EditableReport).images[0]!.head.size,
    );
    // Dockerfile links point at the fork's commit, taken from the event.
    expect(sticky(PR)).toContain(`/acme/shop/commit/${fx.headSha}`);
    expect(gh.statuses).toEqual([
      {
        sha: fx.headSha,
        body: expect.objectContaining({ state: 'success', context: 'docker-diet' }),
      },
    ]);
    expect(result.outputs['comment-url']).toBe(gh.comments[0]!.html_url);
    expect(result.summary).toContain('### 📦 app: ');
  });

  it('phase 1 plans the suggested change for the line the pull request adds and carries it in the report', () => {
    const { suggestions } = JSON.parse(reportText) as { suggestions?: unknown };
    expect(suggestions).toEqual({
      files: ['app/Dockerfile'],
      changes: [
        expect.objectContaining({
          path: 'app/Dockerfile',
          startLine: 4,
          endLine: 4,
          original: ['ADD extra.txt /extra.txt'],
          replacement: ['COPY extra.txt /extra.txt'],
          fixes: [expect.objectContaining({ rule: 'prefer-copy' })],
        }),
      ],
    });
    // The review itself was refused to the read-only token, quietly (the comment already warned).
    expect(phase1.stdout).toContain('Suggested changes were not posted');
    expect(phase1.stdout).toContain('`mode: publish` posts them');
  });

  it('phase 2 posts the planned suggestion as a review on the head commit, once', async () => {
    const first = await publish({ 'app.json': reportText });
    expect(first.status).toBe(0);
    expect(gh.reviews.map((r) => [r.pull_number, r.commit_id])).toEqual([[PR, fx.headSha]]);
    const comments = gh.reviewCommentsOn(PR);
    expect(comments.map((c) => [c.path, c.line])).toEqual([['app/Dockerfile', 4]]);
    expect(comments[0]!.body).toContain('```suggestion\nCOPY extra.txt /extra.txt\n```');
    expect(comments[0]!.body).toContain('[prefer-copy](');
    // A second publish of the same report leaves the suggestion as it is.
    const again = await publish({ 'app.json': reportText });
    expect(again.status).toBe(0);
    expect(gh.reviews).toHaveLength(1);
    expect(gh.reviewCommentsOn(PR)).toHaveLength(1);
    expect(again.stdout).toContain('Suggestions: 0 new, 0 updated, 1 unchanged, 0 removed');
  });

  it('phase 2 leaves out planned changes that are not docker-diet fixes of the diff as it is', async () => {
    type Plan = { files: string[]; changes: Record<string, unknown>[] };
    const report = tampered((r) => {
      const plan = r.suggestions as Plan;
      const [change] = plan.changes;
      plan.changes = [
        // Not a docker-diet rule.
        { ...change, fingerprint: '0000000000000001', fixes: [{ rule: 'pwn', message: 'x' }] },
        // Claims other text than the diff has on that line.
        { ...change, fingerprint: '0000000000000002', original: ['RUN anything'] },
        // A line the diff does not show.
        { ...change, fingerprint: '0000000000000003', startLine: 1, endLine: 1, original: ['FROM x'] },
        // A file the report did not lint.
        { ...change, fingerprint: '0000000000000004', path: 'other/Dockerfile' },
      ];
    });
    const result = await publish({ 'app.json': report });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Suggestions: 4 planned changes left out');
    expect(gh.reviews).toEqual([]);
    expect(gh.reviewCommentsOn(PR)).toEqual([]);
  });

  it('phase 2 aggregates several reports into one comment with an overview, in one write', async () => {
    const worker = tampered((r) => {
      r.images[0]!.name = 'worker';
    });
    const result = await publish({ 'app.json': reportText, 'worker.json': worker });
    expect(result.status).toBe(0);
    const body = sticky(PR)!;
    expect([...readSections(body).keys()]).toEqual(['app', 'worker']);
    expect(body.split('\n').filter((line) => /^\| \[(app|worker)\]\(#docker-diet-/.test(line))).toHaveLength(
      2,
    );
    expect(gh.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/comments'))).toHaveLength(1);
    expect(gh.requests.filter((r) => r.method === 'PATCH')).toHaveLength(0);
  });

  it('refuses tampered reports with one line each, still publishing the valid one, and fails', async () => {
    const result = await publish({
      'app.json': reportText,
      'extra.json': tampered((r) => {
        r.pullRequest = 9;
        r.images[0]!.name = 'extra';
      }),
      'version.json': tampered((r) => {
        r.schemaVersion = 2;
        r.images[0]!.name = 'version';
      }),
      'huge.json': tampered((r) => {
        r.images[0]!.name = 'huge';
      }).replace(/^\{/, `{${' '.repeat(6 * 1024 * 1024)}`),
      'link.json': tampered((r) => {
        r.images[0]!.name = 'link';
        r.findings.push({
          rule: 'x',
          aliases: [],
          severity: 'warning',
          file: 'app/Dockerfile',
          line: 1,
          endLine: 1,
          column: 1,
          message: 'see the docs',
          helpUri: 'javascript:alert(1)',
        });
      }),
    });
    expect(result.status).toBe(1);
    const errors = commandLines(result, 'error');
    expect(errors).toHaveLength(5);
    expect(errors[4]).toBe('::error::4 report files were refused (see the errors above).');
    expect(errors.slice(0, 4)).toEqual([
      '::error::docker-diet refused the report reports/extra.json: (top level): unknown field "pullRequest".',
      '::error::docker-diet refused the report reports/huge.json: it is 6.3 MB, over the 5.2 MB a report may be.',
      expect.stringMatching(
        /^::error::docker-diet refused the report reports\/link\.json: \/findings\/\d+\/helpUri: must match pattern/,
      ),
      '::error::docker-diet refused the report reports/version.json: /schemaVersion: must be 1.',
    ]);
    // Only the valid report reached the pull request the event names; none reached #9.
    expect(gh.comments.map((c) => c.issue_number)).toEqual([PR]);
    expect([...readSections(sticky(PR)!).keys()]).toEqual(['app']);
    expect(gh.statuses[0]?.body).toMatchObject({ state: 'failure' });
  });

  it('renders mentions, HTML, links and workflow commands in a report harmless', async () => {
    const evil = tampered((r) => {
      r.images[0]!.name = 'evil @octocat <img src=x onerror=alert(1)>\n::warning::pwned';
      r.images[0]!.budget.status = 'fail';
      r.images[0]!.budget.violations = [
        {
          budget: 'max-size',
          limit: 1,
          actual: 2,
          message: '@admins see [here](https://evil.example) #12 <script>x</script>',
        },
      ];
      r.findings = [
        {
          aliases: [],
          severity: 'warning',
          line: 1,
          endLine: 1,
          column: 1,
          rule: 'apt-lists-not-removed',
          file: r.images[0]!.dockerfile,
          message: 'cc @everyone ![x](https://evil.example/t.png) </details><!-- docker-diet:end:app -->',
        },
      ];
    });
    const result = await publish({ 'evil.json': evil });
    // Over budget as the report says: the job fails, after publishing.
    expect(result.status).toBe(1);
    const body = sticky(PR)!;
    expect(body).not.toMatch(/@(octocat|admins|everyone)/);
    expect(body).toContain('@\u200boctocat');
    expect(body).not.toMatch(/<img|<script|<\/details><!--|\]\(https:\/\/evil/);
    expect(body).toContain('&lt;script&gt;');
    expect(body).not.toContain('#12');
    // The fake end marker is text, not a marker: the section still ends where docker-diet ended it.
    expect(body).not.toContain('<!-- docker-diet:end:app');
    expect([...readSections(body).keys()]).toEqual([
      'evil @octocat <img src=x onerror=alert(1)>\n::warning::pwned',
    ]);
    // A newline in a name cannot start a workflow command in the log.
    expect(result.stdout.split('\n').filter((line) => line.startsWith('::warning::pwned'))).toEqual([]);
  });

  it('takes the pull request from the event only: a moved head gets no comment, a linked one is used', async () => {
    gh.openPulls.length = 0;
    gh.openPulls.push(...openPulls({ ...fx, headSha: fx.baseSha }));
    const moved = await publish({ 'app.json': reportText });
    expect(moved.status).toBe(0);
    expect(commandLines(moved, 'warning').join('\n')).toContain('No open pull request has');
    expect(gh.comments).toHaveLength(0);
    expect(gh.statuses).toHaveLength(1);

    // A pull request from a branch of the repository itself: GitHub links it in the event.
    const linked = await publish(
      { 'app.json': reportText },
      workflowRun(fx, { head_repository: base, pull_requests: [{ number: 11, head: { sha: fx.headSha } }] }),
    );
    expect(linked.status).toBe(0);
    expect(gh.comments.map((c) => c.issue_number)).toEqual([11]);
  });

  it('with a token that may not write, warns about the comment and the status and stays green', async () => {
    const result = await publish({ 'app.json': reportText }, workflowRun(fx), { 'github-token': READ_ONLY });
    expect(result.status).toBe(0);
    const warnings = commandLines(result, 'warning').filter((line) => line.startsWith('::warning::'));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('pull-requests: write');
    expect(warnings[1]).toContain('statuses: write');
    expect(gh.comments).toHaveLength(0);
    expect(gh.statuses).toHaveLength(0);
    expect(result.summary).toContain('### 📦 app: ');
  });

  it('fails with one line when no report matches', async () => {
    const result = await publish({});
    expect(result.status).toBe(2);
    const errors = commandLines(result, 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('report: no file matches reports/*.json');
    expect(gh.requests).toHaveLength(0);
  });
});
