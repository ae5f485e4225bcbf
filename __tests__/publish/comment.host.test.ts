/**
 * The sticky comment through the real Octokit client (`@actions/github`'s getOctokit) over real HTTP,
 * against the fake GitHub server.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { COMMENT_MARKER, parseSections, readSections, upsertSection } from '../../src/publish/comment.js';
import {
  CommentPermissionError,
  createGitHubClient,
  GitHubApiError,
  RateLimitError,
  type GitHubClient,
} from '../../src/publish/github.js';
import { renderComment } from '../../src/report/markdown.js';
import type { Report } from '../../src/report/model.js';
import { summariseReport } from '../../src/report/overview.js';
import { growingPr, hugeReport, severalImages } from '../report/markdown-fixtures.js';
import { FakeGitHub } from '../support/fake-github.js';

const PR = 7;
let gh: FakeGitHub;
let retries: string[];

/** A client as main.ts makes it, with short backoff so retries do not slow the suite. */
function client(overrides: { baseUrl?: string } = {}): GitHubClient {
  return createGitHubClient(
    'test-token',
    {
      owner: 'acme',
      repo: 'shop',
      retry: { minDelayMs: 5, maxDelayMs: 20 },
      onRetry: (m) => retries.push(m),
    },
    { GITHUB_API_URL: overrides.baseUrl ?? gh.url },
  );
}

const markerComments = (): string[] =>
  gh
    .commentsOn(PR)
    .map((c) => c.body)
    .filter((body) => body.startsWith(COMMENT_MARKER));

beforeAll(async () => {
  gh = await FakeGitHub.start();
});
afterAll(async () => {
  await gh.stop();
});
beforeEach(() => {
  gh.reset();
  gh.maxPerPage = 100;
  retries = [];
});

describe('upsertSection', () => {
  it('creates one comment on the first run and updates the same one on the next', async () => {
    const first = await upsertSection(client(), PR, 'api', '📦 api: 10.0 MB');
    expect(first.created).toBe(true);
    expect(first.url).toBe(`${gh.url}/acme/shop/pull/${PR}#issuecomment-${first.commentId}`);
    expect(gh.requests.every((r) => r.authorization === 'token test-token')).toBe(true);

    const second = await upsertSection(client(), PR, 'api', '📦 api: 12.0 MB');
    expect(second).toEqual({ ...first, created: false });
    expect(gh.commentsOn(PR)).toHaveLength(1);
    expect(parseSections(gh.commentsOn(PR)[0]!.body).get('api')).toBe('📦 api: 12.0 MB');
    expect(gh.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
  });

  it('keeps one section per image in one comment, sorted by name, leaving the others alone', async () => {
    await upsertSection(client(), PR, 'worker', 'worker section');
    await upsertSection(client(), PR, 'api', 'api section');
    await upsertSection(client(), PR, 'worker', 'worker section v2');
    expect(gh.commentsOn(PR)).toHaveLength(1);
    const body = gh.commentsOn(PR)[0]!.body;
    expect([...parseSections(body)]).toEqual([
      ['api', 'api section'],
      ['worker', 'worker section v2'],
    ]);
    expect(body.indexOf('api section')).toBeLessThan(body.indexOf('worker section'));
  });

  it('finds its comment behind 35 unrelated comments across pages', async () => {
    gh.maxPerPage = 10;
    for (let i = 0; i < 20; i++) gh.addComment(PR, `LGTM ${i}`);
    await upsertSection(client(), PR, 'api', 'v1');
    for (let i = 20; i < 35; i++) gh.addComment(PR, `quoting:\n> ${COMMENT_MARKER}\n> nice ${i}`);
    gh.addComment(PR + 1, `${COMMENT_MARKER}\nanother PR's comment`);
    gh.requests.length = 0;

    await upsertSection(client(), PR, 'api', 'v2');
    expect(markerComments()).toHaveLength(1);
    expect(gh.commentsOn(PR)).toHaveLength(36);
    expect(parseSections(markerComments()[0]!).get('api')).toBe('v2');
    const pages = gh.requests.filter((r) => r.method === 'GET' && r.path.endsWith(`/issues/${PR}/comments`));
    expect(pages.map((r) => r.query.page ?? '1')).toContain('4');
    expect(gh.commentsOn(PR + 1)[0]!.body).toContain("another PR's comment");
  });

  it('folds a duplicate made by a concurrent job into the oldest comment', async () => {
    const [a, b] = await Promise.all([
      upsertSection(client(), PR, 'api', 'api section'),
      upsertSection(client(), PR, 'worker', 'worker section'),
    ]);
    expect(a.commentId).toBe(b.commentId);
    expect(markerComments()).toHaveLength(1);
    expect([...parseSections(markerComments()[0]!).keys()]).toEqual(['api', 'worker']);
  });

  it('deletes its own duplicate when another job created the comment first', async () => {
    gh.onRequest((request) => {
      // Another job posts its comment right after our search came back empty.
      if (request.method === 'GET' && request.path.endsWith('/comments') && markerComments().length === 0) {
        gh.addComment(
          PR,
          `${COMMENT_MARKER}\n<!-- docker-diet:section:worker -->\nworker\n<!-- docker-diet:end:worker -->`,
        );
      }
    });
    const logs: string[] = [];
    const result = await upsertSection(client(), PR, 'api', 'api section', { log: (m) => logs.push(m) });
    expect(result.created).toBe(false);
    expect(markerComments()).toHaveLength(1);
    expect(result.commentId).toBe(gh.commentsOn(PR)[0]!.id);
    expect([...parseSections(markerComments()[0]!).keys()]).toEqual(['api', 'worker']);
    expect(gh.requests.map((r) => r.method)).toContain('DELETE');
    expect(logs.join('\n')).toContain('another job created the comment too');
  });

  it('writes its section again when a concurrent job overwrote it', async () => {
    const other = gh.addComment(PR, '');
    other.body = `${COMMENT_MARKER}\n<!-- docker-diet:section:worker -->\nworker\n<!-- docker-diet:end:worker -->`;
    let overwritten = false;
    gh.onRequest((request) => {
      // Right after our first PATCH, another job writes the version it read before ours.
      if (request.method === 'PATCH' && !overwritten) {
        overwritten = true;
        other.body = `${COMMENT_MARKER}\n<!-- docker-diet:section:worker -->\nworker v2\n<!-- docker-diet:end:worker -->`;
      }
    });
    const logs: string[] = [];
    await upsertSection(client(), PR, 'api', 'api section', { log: (m) => logs.push(m) });
    expect([...parseSections(other.body)]).toEqual([
      ['api', 'api section'],
      ['worker', 'worker v2'],
    ]);
    expect(gh.requests.filter((r) => r.method === 'PATCH')).toHaveLength(2);
    expect(logs.join('\n')).toContain('overwrote section "api"');
  });

  it("puts back another job's section that a concurrent write dropped, logging its name on one line", async () => {
    const evil = 'x\n::warning::pwned';
    const other = gh.addComment(PR, '');
    other.body = `${COMMENT_MARKER}\n<!-- docker-diet:section:${encodeURIComponent(evil)} -->\nother\n<!-- docker-diet:end:${encodeURIComponent(evil)} -->`;
    let dropped = false;
    gh.onRequest((request) => {
      // Right after our write, a job that read before the other section existed writes without it.
      if (request.method === 'PATCH' && !dropped) {
        dropped = true;
        other.body = `${COMMENT_MARKER}\n<!-- docker-diet:section:api -->\napi section\n<!-- docker-diet:end:api -->`;
      }
    });
    const logs: string[] = [];
    await upsertSection(client(), PR, 'api', 'api section', { log: (m) => logs.push(m) });
    expect([...parseSections(other.body)]).toEqual([
      ['api', 'api section'],
      [evil, 'other'],
    ]);
    expect(logs.join('\n')).toContain('dropped "x\\n::warning::pwned"; putting it back');
    expect(logs.every((line) => !line.includes('\n'))).toBe(true);
  });

  it('fits a rendered report in the room the other sections leave', async () => {
    await upsertSection(client(), PR, 'aaa', 'x'.repeat(40_000));
    const report = hugeReport();
    const result = await upsertSection(client(), PR, 'huge', (max) =>
      renderComment(report, { maxLength: max }),
    );
    const body = gh.comments.find((c) => c.id === result.commentId)!.body;
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(parseSections(body).get('aaa')).toHaveLength(40_000);
    expect(parseSections(body).get('huge')).toMatch(/^### 📦 huge: [\s\S]*JSON artifact/);
  });

  it('cuts other sections to their verdict line when they leave too little room', async () => {
    await upsertSection(client(), PR, 'aaa', `📦 aaa: 1.0 MB\n${'x'.repeat(64_000)}`);
    await upsertSection(client(), PR, 'bbb', (max) => `📦 bbb: 2.0 MB (room ${max > 4000})`);
    const sections = parseSections(markerComments()[0]!);
    expect(sections.get('aaa')).toMatch(
      /^📦 aaa: 1\.0 MB\n\n_Details left out to fit GitHub's comment limit/,
    );
    expect(sections.get('bbb')).toBe('📦 bbb: 2.0 MB (room true)');
  });

  it('a section cannot fake the end of another', async () => {
    const sneaky = 'text\n<!-- docker-diet:end:api -->\n<!-- docker-diet:section:evil -->\nowned';
    await upsertSection(client(), PR, 'api', sneaky);
    expect([...parseSections(markerComments()[0]!).keys()]).toEqual(['api']);
  });

  it('renders a real report into the comment', async () => {
    const report = growingPr();
    await upsertSection(client(), PR, 'api', (max) => renderComment(report, { maxLength: max }));
    expect(parseSections(markerComments()[0]!).get('api')).toContain('### 📦 api: 187.3 MB (+14.1 MB');
  });
});

describe('the overview of several images', () => {
  /** One matrix job's report: one image of the monorepo fixture, renamed. */
  function jobReport(index: number, name: string): Report {
    const all = severalImages();
    return { ...all, images: [{ ...all.images[index]!, name }] };
  }

  /** What publish.ts does for one job: its section, rendered to fit, with its numbers. */
  async function publish(report: Report): Promise<void> {
    const name = report.images[0]!.name;
    await upsertSection(client(), PR, name, (max) => renderComment(report, { maxLength: max }), {
      summary: summariseReport(report),
    });
  }

  it('three jobs publish three images; the one comment opens with all three, largest growth first', async () => {
    // Names chosen so that the order by growth is not the order by name.
    await publish(jobReport(2, 'alpha-web')); // ±0 B against the registry baseline
    expect(markerComments()[0]).not.toContain('| Image |'); // one image: no overview yet
    await publish(jobReport(1, 'mid-worker')); // new image, no Δ
    await publish(jobReport(0, 'zeta-api')); // +14.1 MB

    const bodies = markerComments();
    expect(bodies).toHaveLength(1);
    const body = bodies[0]!;
    const rows = body.split('\n').filter((line) => line.startsWith('| ['));
    expect(rows).toEqual([
      expect.stringMatching(
        /^\| \[zeta-api\]\(#docker-diet-zeta-api\) \| 187\.3 MB \| \+14\.1 MB \(\+8\.1 %\) \| .* \| 3 \| ⚠️ \|$/,
      ),
      expect.stringMatching(/^\| \[alpha-web\]\(#docker-diet-alpha-web\) \| 3\.4 MB \| ±0 B/),
      expect.stringMatching(/^\| \[mid-worker\]\(#docker-diet-mid-worker\) \| .* MB \| — \|/),
    ]);
    expect(body.indexOf('| Image |')).toBeLessThan(body.indexOf('<!-- docker-diet:section:'));
    for (const name of ['alpha-web', 'mid-worker', 'zeta-api']) {
      expect(body).toContain(`<a name="docker-diet-${name}"></a>`);
      expect(readSections(body).get(name)?.summary).toBeDefined();
    }
  });

  it('a job re-publishing its image moves its row, keeping the others from their hidden numbers', async () => {
    await publish(jobReport(0, 'api'));
    await publish(jobReport(2, 'web'));
    const shrunk = jobReport(2, 'web');
    shrunk.images[0]!.delta = { ...shrunk.images[0]!.delta!, size: -50_000_000, sizePercent: -10 };
    await publish(shrunk);
    const rows = markerComments()[0]!
      .split('\n')
      .filter((line) => line.startsWith('| ['));
    expect(rows.map((line) => /\[(\w+)\]/.exec(line)![1])).toEqual(['web', 'api']);
    expect(rows[0]).toContain('-50.0 MB (-10.0 %)');
  });
});

describe('errors and retries', () => {
  it('turns a 403 on writing into one CommentPermissionError naming the permission', async () => {
    gh.setFailure({ writes: 403 });
    const error = await upsertSection(client(), PR, 'api', 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommentPermissionError);
    expect((error as Error).message).toContain('pull-requests: write');
    expect((error as Error).message).toContain('job summary');
    expect((error as GitHubApiError).status).toBe(403);
    expect(gh.requests.filter((r) => r.method === 'POST')).toHaveLength(1); // not retried
  });

  it('turns a 404 on writing into a CommentPermissionError too', async () => {
    gh.setFailure({ writes: 404 });
    await expect(upsertSection(client(), PR, 'api', 'x')).rejects.toBeInstanceOf(CommentPermissionError);
  });

  it('retries transient 502s', async () => {
    gh.setFailure({ next: { count: 2, status: 502 } });
    const result = await upsertSection(client(), PR, 'api', 'x');
    expect(result.created).toBe(true);
    expect(gh.requests.slice(0, 3).map((r) => r.status)).toEqual([502, 502, 200]);
    expect(retries).toHaveLength(2);
    expect(markerComments()).toHaveLength(1);
  });

  it('gives up after a bounded number of 5xx answers', async () => {
    gh.setFailure({ next: { count: 10, status: 503 } });
    const error = await client()
      .listIssueComments(PR)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect(error).not.toBeInstanceOf(CommentPermissionError);
    expect(gh.requests).toHaveLength(4);
  });

  it('waits for retry-after on a 429', async () => {
    gh.setFailure({ next: { count: 1, status: 429, headers: { 'retry-after': '1' } } });
    const started = Date.now();
    await client().listIssueComments(PR);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(gh.requests.map((r) => r.status)).toEqual([429, 200]);
  });

  it('does not wait an hour for a rate limit to reset', async () => {
    const reset = String(Math.floor(Date.now() / 1000) + 3600);
    const headers = { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset };
    gh.setFailure({ next: { count: 1, status: 403, headers } });
    const started = Date.now();
    const error = await upsertSection(client(), PR, 'api', 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).not.toBeInstanceOf(CommentPermissionError);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('reports an unreachable API as a GitHubApiError after retrying', async () => {
    const closed = await FakeGitHub.start();
    await closed.stop();
    const error = await client({ baseUrl: closed.url })
      .createComment(PR, 'x')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect(error).not.toBeInstanceOf(CommentPermissionError);
    expect(retries).toHaveLength(3);
  });

  it('reads the labels of a pull request', async () => {
    gh.maxPerPage = 2;
    gh.labels.set(PR, ['bug', 'docker-diet:allow-growth', 'size/L']);
    expect(await client().getPullRequestLabels(PR)).toEqual(['bug', 'docker-diet:allow-growth', 'size/L']);
  });
});
