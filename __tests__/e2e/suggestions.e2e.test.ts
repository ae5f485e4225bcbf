/**
 * Suggested changes through the bundled action, as a runner runs it on a pull request: a real git
 * repository, the real engine building the head, the real Octokit client talking to the GitHub
 * imitation, whose pull request files come from `git diff` of the same repository.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { lintDockerfile } from '../../src/lint/engine.js';
import { parseMarker } from '../../src/publish/suggested-changes.js';
import { BASE_IMAGES, removeImages } from '../support/docker-cli.js';
import { FakeGitHub, pullFilesFromGit, type FakeReviewComment } from '../support/fake-github.js';
import { commandLines, runActionAsync, type ActionRun } from '../support/runner.js';

jest.setTimeout(180_000);

const SECRET = 'e2e-suggested-secret-7a7a';
const BASE = [`FROM ${BASE_IMAGES.debian}`, 'COPY hello.txt /srv/', ''].join('\n');
/** Lines 3-6 are new: four fixable findings, one of them on a line holding a secret. */
const HEAD = [
  `FROM ${BASE_IMAGES.debian}`,
  'COPY hello.txt /srv/',
  'EXPOSE 8080/TCP',
  'ENV APP_HOME /srv',
  'RUN apt-get install bash',
  `ENV API_KEY ${SECRET}`,
  '',
].join('\n');

describe('dist/index.js suggests changes on a pull request', () => {
  let repo: string;
  let base: string;
  let events: string;
  let gh: FakeGitHub;
  const images = new Set<string>();

  const git = (...args: string[]): string =>
    execFileSync('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.com', ...args], {
      cwd: repo,
      encoding: 'utf8',
    }).trim();

  /** Commits the files as the pull request's new head; the imitation lists its diff from the base. */
  function push(files: Record<string, string>): string {
    for (const [file, text] of Object.entries(files)) writeFileSync(path.join(repo, file), text);
    git('add', '-A');
    git('commit', '-q', '-m', 'head');
    const head = git('rev-parse', 'HEAD');
    gh.setPullFiles(PR, pullFilesFromGit(repo, base, head), head);
    return head;
  }

  const PR = 31;
  async function run(inputs: Record<string, string> = {}): Promise<ActionRun> {
    const head = git('rev-parse', 'HEAD');
    const repository = { id: 1, name: 'shop', full_name: 'acme/shop', owner: { login: 'acme' } };
    const eventPath = path.join(events, `${Date.now()}.json`);
    writeFileSync(
      eventPath,
      JSON.stringify({
        action: 'synchronize',
        number: PR,
        pull_request: {
          number: PR,
          labels: [],
          base: { sha: base, ref: 'main', repo: repository },
          head: { sha: head, ref: 'feature', repo: repository },
        },
        repository,
      }),
    );
    const result = await runActionAsync(
      { 'github-token': 'e2e-token', compare: 'none', name: 'app', ...inputs },
      {
        GITHUB_WORKSPACE: repo,
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: eventPath,
        GITHUB_REPOSITORY: 'acme/shop',
        GITHUB_SHA: head,
        GITHUB_API_URL: gh.url,
      },
    );
    if (result.outputs['image-id']) images.add(result.outputs['image-id']);
    expect(result.stdout + result.stderr).not.toMatch(/^\s+at /m);
    return result;
  }

  const block = (c: FakeReviewComment): string[] => {
    const lines = c.body.split('\n');
    return lines.slice(lines.findIndex((l) => /^`{3,}suggestion$/.test(l)) + 1, -1);
  };
  const writes = () => gh.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);

  beforeAll(async () => {
    gh = await FakeGitHub.start();
    events = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-e2e-suggest-events-'));
  });
  beforeEach(() => {
    gh.reset();
    if (repo) rmSync(repo, { recursive: true, force: true });
    repo = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-e2e-suggest-'));
    git('init', '-q', '-b', 'main', '.');
    writeFileSync(path.join(repo, 'hello.txt'), 'hello\n');
    writeFileSync(path.join(repo, '.dockerignore'), '.git\n');
    writeFileSync(path.join(repo, 'Dockerfile'), BASE);
    git('add', '-A');
    git('commit', '-q', '-m', 'base');
    base = git('rev-parse', 'HEAD');
    git('checkout', '-q', '-b', 'feature');
  });
  afterAll(async () => {
    await gh.stop();
    removeImages(...images);
    if (repo) rmSync(repo, { recursive: true, force: true });
    rmSync(events, { recursive: true, force: true });
  });

  it('posts one review whose suggestions, committed, re-lint without their findings; a re-run keeps step', async () => {
    push({ Dockerfile: HEAD });
    const first = await run();
    expect(first.status).toBe(0);
    expect(commandLines(first, 'warning').filter((l) => l.startsWith('::warning::'))).toEqual([]);
    expect(writes()).toEqual([
      `POST /repos/acme/shop/issues/${PR}/comments`,
      `POST /repos/acme/shop/pulls/${PR}/reviews`,
    ]);
    expect(gh.reviews).toHaveLength(1);
    expect(gh.reviews[0]).toMatchObject({ state: 'COMMENTED', commit_id: git('rev-parse', 'HEAD') });
    const comments = gh.reviewCommentsOn(PR);
    expect(comments.map((c) => [c.line, block(c)])).toEqual([
      [3, ['EXPOSE 8080/tcp']],
      [4, ['ENV APP_HOME=/srv']],
      [
        5,
        [
          expect.stringMatching(
            /^RUN apt-get install (-y --no-install-recommends|--no-install-recommends -y) bash$/,
          ),
        ],
      ],
    ]);
    // The secret's line is left out, and says so in the log; the value went nowhere.
    expect(first.stdout).toMatch(
      /Dockerfile:6: suggestion not posted: its text holds a value this run keeps secret/,
    );
    expect(JSON.stringify(gh.requests)).not.toContain(SECRET);
    // Nor does the report, whose planned suggestions carry the lines they replace.
    expect(readFileSync(first.outputs.report!, 'utf8')).not.toContain(SECRET);

    // Committed as GitHub commits them, the suggestions leave no finding of theirs on those lines.
    const lines = HEAD.split('\n');
    for (const c of [...comments].reverse()) lines.splice(c.line! - 1, 1, ...block(c));
    const after = lintDockerfile('Dockerfile', lines.join('\n'));
    const fixed = new Set(comments.flatMap((c) => parseMarker(c.body)!.rules));
    expect(fixed.size).toBe(4);
    expect(after.filter((f) => fixed.has(f.rule) && f.line <= 5)).toEqual([]);
    const report = JSON.parse(readFileSync(first.outputs.report!, 'utf8')) as {
      findings: { rule: string; line: number }[];
    };
    for (const rule of fixed) expect(report.findings.some((f) => f.rule === rule && f.line >= 3)).toBe(true);

    // The author fixes line 4 by hand and turns one rule off: one edit, one deletion, no new review.
    const [expose, env, apt] = comments;
    push({
      Dockerfile: HEAD.replace('ENV APP_HOME /srv', 'ENV APP_HOME=/srv'),
      '.docker-diet.yml': 'rules:\n  apt-get-missing-y: off\n',
    });
    gh.requests.length = 0;
    const second = await run();
    expect(second.status).toBe(0);
    expect(writes()).toEqual([
      expect.stringMatching(/^PATCH \/repos\/acme\/shop\/issues\/comments\/\d+$/),
      `DELETE /repos/acme/shop/pulls/comments/${env!.id}`,
      `PATCH /repos/acme/shop/pulls/comments/${apt!.id}`,
    ]);
    expect(gh.reviews).toHaveLength(1);
    expect(gh.reviewCommentsOn(PR).map((c) => c.id)).toEqual([expose!.id, apt!.id]);
    expect(block(gh.reviewCommentsOn(PR)[1]!)).toEqual(['RUN apt-get install --no-install-recommends bash']);
    expect(second.stdout).toContain('Suggestions: 0 new, 1 updated, 1 unchanged, 1 removed');

    // A new fixable line: a second review with only that suggestion.
    push({ Dockerfile: `${HEAD.replace('ENV APP_HOME /srv', 'ENV APP_HOME=/srv')}EXPOSE 9090/UDP\n` });
    const third = await run();
    expect(third.status).toBe(0);
    expect(gh.reviews).toHaveLength(2);
    expect(gh.reviewCommentsOn(PR).map((c) => [c.line, block(c)])).toEqual([
      [3, ['EXPOSE 8080/tcp']],
      [5, ['RUN apt-get install --no-install-recommends bash']],
      [7, ['EXPOSE 9090/udp']],
    ]);
  });

  it('with a read-only token: one warning, no review, and the job still reports', async () => {
    push({ Dockerfile: HEAD });
    gh.setFailure({ writes: 403 });
    const result = await run();
    expect(result.status).toBe(0);
    const plain = commandLines(result, 'warning').filter((l) => l.startsWith('::warning::'));
    expect(plain).toHaveLength(1);
    expect(plain[0]).toContain('pull-requests: write');
    expect(gh.reviews).toEqual([]);
    expect(result.summary).toContain('### 📦 app: ');
    expect(existsSync(result.outputs.report!)).toBe(true);

    // Without the comment, the one warning is the review's own.
    const alone = await run({ comment: 'false' });
    const warnings = commandLines(alone, 'warning').filter((l) => l.startsWith('::warning::'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /Suggested changes were not posted: .*review pull request #31.*403.*pull-requests: write/,
    );
  });

  it('posts nothing with suggestions: false', async () => {
    push({ Dockerfile: HEAD });
    const result = await run({ suggestions: 'false' });
    expect(result.status).toBe(0);
    expect(gh.requests.filter((r) => r.path.includes('/pulls/'))).toEqual([]);
  });
});
