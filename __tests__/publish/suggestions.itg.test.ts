/**
 * Suggested changes through the real Octokit client over real HTTP against the fake GitHub server,
 * on a real git repository whose pull request files come from `git diff`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { parseSettings } from '../../src/config/settings.js';
import { lintDockerfile } from '../../src/lint/engine.js';
import { runLint } from '../../src/lint/step.js';
import { CommentPermissionError, createGitHubClient, GitHubApiError } from '../../src/publish/github.js';
import { publishSuggestions, type SuggestionsOutcome } from '../../src/publish/suggestions.js';
import { parseMarker } from '../../src/publish/suggested-changes.js';
import { createReport } from '../../src/report/model.js';
import { Redactor } from '../../src/secrets/redactor.js';
import { FakeGitHub, pullFilesFromGit, type FakeReviewComment } from '../support/fake-github.js';

const PR = 21;
const quiet = {
  info: () => undefined,
  warning: () => undefined,
  group: <T>(_: string, fn: () => Promise<T>) => fn(),
};

const BASE = ['FROM debian:12', 'WORKDIR /app', 'RUN apt-get install -y curl', 'COPY . /app', ''].join('\n');
/** Line 3 is untouched (its finding stays out of the review); lines 5-9 are new. */
const HEAD = [
  'FROM debian:12',
  'WORKDIR /app',
  'RUN apt-get install -y curl',
  'COPY . /app',
  'EXPOSE 8080/TCP',
  'RUN apt-get update && \\',
  '    apt-get install -y jq && \\',
  '    echo done',
  'ENV APP_HOME /srv',
  '',
].join('\n');

let gh: FakeGitHub;
let repo: string;
let base: string;
let log: string[];

const git = (...args: string[]): string =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    cwd: repo,
    encoding: 'utf8',
  }).trim();

/** Commits `text` as the Dockerfile and tells the fake the pull request now has that head. */
function push(text: string, file = 'Dockerfile'): string {
  writeFileSync(path.join(repo, file), text);
  git('add', '-A');
  git('commit', '-q', '-m', 'change');
  const head = git('rev-parse', 'HEAD');
  gh.setPullFiles(PR, pullFilesFromGit(repo, base, head), head);
  return head;
}

/** One run: lint as the pipeline does, then publish the suggestions. */
async function run(
  options: { redactor?: Redactor; inputs?: Record<string, string> } = {},
): Promise<SuggestionsOutcome> {
  const settings = parseSettings({ ...options.inputs }, repo);
  const report = createReport('test');
  report.findings = await runLint(settings, repo, quiet);
  const client = createGitHubClient(
    'test-token',
    { owner: 'acme', repo: 'shop', retry: { retries: 0 } },
    { GITHUB_API_URL: gh.url },
  );
  return publishSuggestions({
    client,
    pullRequest: { number: PR, headSha: git('rev-parse', 'HEAD') },
    report,
    settings,
    workspace: repo,
    redactor: options.redactor ?? new Redactor(),
    log: (m) => log.push(m),
  });
}

/** The suggestion block of a comment, as lines. */
function block(comment: FakeReviewComment): string[] {
  const lines = comment.body.split('\n');
  const open = lines.findIndex((l) => /^`{3,}suggestion$/.test(l));
  return lines.slice(open + 1, lines.length - 1);
}

const writes = () => gh.requests.filter((r) => r.method !== 'GET');

beforeAll(async () => {
  gh = await FakeGitHub.start();
});
afterAll(async () => {
  await gh.stop();
});
beforeEach(() => {
  gh.reset();
  log = [];
  repo = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-suggest-'));
  git('init', '-q', '-b', 'main', '.');
  writeFileSync(path.join(repo, 'Dockerfile'), BASE);
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  base = git('rev-parse', 'HEAD');
  git('checkout', '-q', '-b', 'feature');
});
afterEach(() => rmSync(repo, { recursive: true, force: true }));

describe('publishSuggestions', () => {
  it('posts one review whose suggestions, applied, leave the file without those findings', async () => {
    push(HEAD);
    const outcome = await run();
    expect(outcome).toMatchObject({ created: 3, updated: 0, deleted: 0, unchanged: 0 });
    // The untouched line 3's missing --no-install-recommends stays in the comment and annotations.
    expect(outcome.outsideDiff).toBe(1);
    expect(gh.reviews).toHaveLength(1);
    expect(gh.reviews[0]).toMatchObject({ state: 'COMMENTED', commit_id: git('rev-parse', 'HEAD') });
    expect(gh.requests.filter((r) => r.method === 'POST')).toHaveLength(1);

    const comments = gh.reviewCommentsOn(PR);
    expect(comments.map((c) => [c.path, c.start_line, c.line, c.side])).toEqual([
      ['Dockerfile', null, 5, 'RIGHT'],
      ['Dockerfile', 6, 8, 'RIGHT'],
      ['Dockerfile', null, 9, 'RIGHT'],
    ]);
    expect(comments.every((c) => parseMarker(c.body)?.path === 'Dockerfile')).toBe(true);
    expect(block(comments[0]!)).toEqual(['EXPOSE 8080/tcp']);
    expect(parseMarker(comments[1]!.body)?.rules).toEqual([
      'apt-lists-not-removed',
      'apt-no-install-recommends',
    ]);

    // Commit every suggestion as GitHub would (bottom first), then lint again.
    const lines = HEAD.split('\n');
    for (const c of [...comments].reverse()) {
      const first = (c.start_line ?? c.line!) - 1;
      lines.splice(first, c.line! - first, ...block(c));
    }
    const after = lintDockerfile('Dockerfile', lines.join('\n'));
    const fixed = comments.flatMap((c) => parseMarker(c.body)!.rules);
    for (const rule of fixed) expect(after.filter((f) => f.rule === rule && f.line > 4)).toEqual([]);
    // The finding outside the diff is still there: it was not suggested.
    expect(after.some((f) => f.rule === 'apt-no-install-recommends' && f.line === 3)).toBe(true);
  });

  it('changes nothing when run again on the same head', async () => {
    push(HEAD);
    await run();
    const before = gh.requests.length;
    const outcome = await run();
    expect(outcome).toMatchObject({ created: 0, updated: 0, deleted: 0, unchanged: 3 });
    expect(gh.requests.slice(before).filter((r) => r.method !== 'GET')).toEqual([]);
    expect(gh.reviews).toHaveLength(1);
  });

  it('updates a changed suggestion, deletes one whose finding is gone, and reviews only the new one', async () => {
    push(HEAD);
    await run();
    const [expose, apt, env] = gh.reviewCommentsOn(PR);
    // The author fixes line 9 by hand and adds a line; the config turns one of line 6-8's rules off.
    writeFileSync(path.join(repo, '.docker-diet.yml'), 'rules:\n  apt-lists-not-removed: off\n');
    push(HEAD.replace('ENV APP_HOME /srv', 'ENV APP_HOME=/srv\nEXPOSE 9090/UDP'));
    gh.requests.length = 0;
    const outcome = await run();
    expect(outcome).toMatchObject({ created: 1, updated: 1, deleted: 1, unchanged: 1 });
    expect(writes().map((r) => `${r.method} ${r.path}`)).toEqual([
      `PATCH /repos/acme/shop/pulls/comments/${apt!.id}`,
      `DELETE /repos/acme/shop/pulls/comments/${env!.id}`,
      `POST /repos/acme/shop/pulls/${PR}/reviews`,
    ]);
    const now = gh.reviewCommentsOn(PR);
    expect(now.map((c) => c.id).slice(0, 2)).toEqual([expose!.id, apt!.id]);
    expect(parseMarker(now[1]!.body)?.rules).toEqual(['apt-no-install-recommends']);
    expect(block(now[1]!)).toEqual([
      'RUN apt-get update && \\',
      '    apt-get install --no-install-recommends -y jq && \\',
      '    echo done',
    ]);
    expect(now[2]).toMatchObject({ line: 10, start_line: null });
    expect(block(now[2]!)).toEqual(['EXPOSE 9090/udp']);
    expect(gh.reviews).toHaveLength(2);
  });

  it('replaces a suggestion whose comment GitHub marked outdated, and folds duplicates', async () => {
    push(HEAD);
    await run();
    const [expose, apt] = gh.reviewCommentsOn(PR);
    expose!.line = null; // a push moved or changed its lines
    gh.reviewComments.push({ ...apt!, id: apt!.id + 1000 }); // a second job posted the same
    const outcome = await run();
    expect(outcome).toMatchObject({ created: 1, deleted: 2, unchanged: 2 });
    const keys = gh.reviewCommentsOn(PR).map((c) => parseMarker(c.body)!.fingerprint);
    expect(new Set(keys).size).toBe(keys.length);
    expect(
      gh
        .reviewCommentsOn(PR)
        .map((c) => c.line)
        .sort(),
    ).toEqual([5, 8, 9]);
  });

  it('leaves suggestions on files this run does not lint to the run that does', async () => {
    writeFileSync(path.join(repo, 'worker.Dockerfile'), 'FROM debian:12\n');
    push(HEAD);
    gh.reviewComments.push({
      ...({} as FakeReviewComment),
      id: 1,
      pull_number: PR,
      path: 'worker.Dockerfile',
      line: 1,
      start_line: null,
      body: '<!-- docker-diet:suggestion rules=x file=worker.Dockerfile fp=0123456789abcdef -->\n',
    });
    await run({ inputs: { lint: 'Dockerfile' } });
    expect(gh.reviewCommentsOn(PR).some((c) => c.id === 1)).toBe(true);
  });

  it('does not post a suggestion whose text carries a secret, and says so', async () => {
    push(HEAD.replace('EXPOSE 8080/TCP', 'EXPOSE 8080/TCP\nENV PASSPHRASE_FILE s3cr3t-value'));
    const redactor = new Redactor();
    redactor.add('s3cr3t-value', 'API_TOKEN');
    const outcome = await run({ redactor });
    expect(outcome.skipped).toBe(1);
    expect(log.some((l) => /Dockerfile:6: suggestion not posted: .*secret/.test(l))).toBe(true);
    expect(JSON.stringify(gh.requests)).not.toContain('s3cr3t-value');
    expect(gh.reviewCommentsOn(PR).length).toBeGreaterThan(0);
  });

  it('throws the permission error of a read-only token, after reading only', async () => {
    push(HEAD);
    gh.setFailure({ writes: 403 });
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommentPermissionError);
    expect((error as Error).message).toContain('pull-requests: write');
    expect(gh.reviewCommentsOn(PR)).toEqual([]);
  });
});

describe('the fake checks review comments as GitHub does', () => {
  it('refuses the whole review when one line is outside the diff, or a range is not in one hunk', async () => {
    push(HEAD);
    const client = createGitHubClient(
      't',
      { owner: 'acme', repo: 'shop', retry: { retries: 0 } },
      { GITHUB_API_URL: gh.url },
    );
    const review = (comments: { line: number; startLine?: number }[]) =>
      client.createReview(PR, {
        commitId: 'x',
        body: 'b',
        comments: comments.map((c) => ({ path: 'Dockerfile', body: 'x', ...c })),
      });
    // Lines 1-9 are all in the one hunk of this small file (added or context).
    await expect(review([{ line: 9 }, { line: 8, startLine: 6 }])).resolves.toMatchObject({
      id: expect.any(Number),
    });
    const outside = await review([{ line: 5 }, { line: 40 }]).catch((e: unknown) => e);
    expect(outside).toBeInstanceOf(GitHubApiError);
    expect((outside as Error).message).toContain('line must be part of the diff');
    const same = await review([{ line: 5, startLine: 5 }]).catch((e: unknown) => e);
    expect((same as Error).message).toContain('start line must precede the end line');
    gh.setPullFiles(PR, [
      {
        filename: 'Dockerfile',
        status: 'modified',
        patch: '@@ -1,2 +1,2 @@\n A\n+B\n@@ -10,2 +10,2 @@\n C\n+D',
      },
    ]);
    const split = await review([{ line: 11, startLine: 2 }]).catch((e: unknown) => e);
    expect((split as Error).message).toContain('start line must be part of the same hunk as the line');
    expect(gh.reviews).toHaveLength(1);
  });
});
