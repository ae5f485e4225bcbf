/**
 * Many matrix jobs publishing to one sticky comment at once, through the real Octokit client over real
 * HTTP, with every answer of the fake GitHub delayed 50–250 ms as a real round trip is. GitHub has no
 * conditional update for comments, so without the settle-and-repair loop some sections get lost.
 * The 20 repetitions run side by side, each on its own pull request, to keep the wall time in seconds.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { COMMENT_MARKER, readSections, upsertSection } from '../../src/publish/comment.js';
import { createGitHubClient } from '../../src/publish/github.js';
import type { SectionSummary } from '../../src/report/overview.js';
import { FakeGitHub } from '../support/fake-github.js';

jest.setTimeout(120_000);

const REPETITIONS = 20;
let gh: FakeGitHub;

beforeAll(async () => {
  gh = await FakeGitHub.start();
  gh.latency = { minMs: 50, maxMs: 250 };
});
afterAll(async () => {
  await gh.stop();
});

const numbers = (i: number): SectionSummary => ({
  size: 1_000_000 * (i + 1),
  delta: 1000 * i,
  deltaPercent: null,
  pullSize: null,
  findings: i,
  budget: 'pass',
});

/** One job: its own client (as a separate runner would have), started up to 300 ms late. */
async function job(pr: number, i: number, log: string[]): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, Math.random() * 300));
  const client = createGitHubClient(
    `token-${i}`,
    { owner: 'acme', repo: 'shop', retry: { minDelayMs: 5, maxDelayMs: 20 } },
    { GITHUB_API_URL: gh.url },
  );
  await upsertSection(client, pr, `image-${i}`, `section of image ${i} on #${pr}`, {
    summary: numbers(i),
    log: (message) => log.push(message),
  });
}

/** Runs `jobs` concurrent jobs on each of `REPETITIONS` pull requests and checks every comment. */
async function race(jobs: number, firstPr: number): Promise<string[]> {
  const log: string[] = [];
  const prs = Array.from({ length: REPETITIONS }, (_, r) => firstPr + r);
  await Promise.all(prs.flatMap((pr) => Array.from({ length: jobs }, (_, i) => job(pr, i, log))));
  for (const pr of prs) {
    const comments = gh.commentsOn(pr).filter((c) => c.body.startsWith(COMMENT_MARKER));
    expect({ pr, comments: comments.length }).toEqual({ pr, comments: 1 });
    const sections = readSections(comments[0]!.body);
    const expected = Array.from({ length: jobs }, (_, i) => [
      `image-${i}`,
      { text: `section of image ${i} on #${pr}`, summary: numbers(i) },
    ]);
    expect({ pr, sections: [...sections].sort() }).toEqual({ pr, sections: expected.sort() });
    // The overview lists every image once.
    const rows = comments[0]!.body.split('\n').filter((line) => line.startsWith('| [image-'));
    expect(rows).toHaveLength(jobs);
  }
  return log;
}

describe('concurrent jobs publishing to one comment, 50–250 ms per API answer', () => {
  it('8 jobs lose no section in 20 repetitions', async () => {
    const log = await race(8, 100);
    // Not vacuous: the jobs did run into each other and repaired what was dropped.
    expect(log.join('\n')).toMatch(/overwrote|dropped|created the comment too/);
  });

  it('16 jobs lose no section in 20 repetitions', async () => {
    await race(16, 200);
  });
});
