/**
 * The bundled action end to end, as a runner runs it on a pull request: a real git repository with a
 * base and a head commit, the real engine building both, the real Octokit client talking to the fake
 * GitHub server, and the runner's event payload, output and summary files. Every number is checked
 * against `docker image inspect`, every comment against what the server stored.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { parseSections } from '../../src/publish/comment.js';
import { formatBytes, formatBytesDelta } from '../../src/units/size.js';
import { BASE_IMAGES, inspectImage, removeImages } from '../support/docker-cli.js';
import { testEngine } from '../support/engine.js';
import { FakeGitHub, pullFilesFromGit } from '../support/fake-github.js';
import { commandLines, runActionAsync, type ActionRun } from '../support/runner.js';

// The itg project's testTimeout does not reach tests in this file; each test runs the action a few times.
jest.setTimeout(120_000);

const OVERRIDE_LABEL = 'docker-diet:allow-growth';
const EXTRA_BYTES = 3_000_000;

/** The app's Dockerfile at the base commit: 1 MB of its own. */
const BASE_DOCKERFILE = [
  `FROM ${BASE_IMAGES.busybox}`,
  'RUN head -c 1000000 /dev/urandom > /base.bin',
  'COPY . /srv/',
].join('\n');
/** At the head: 3 MB more, a pointless `ps` (info) and `COPY .` without a .dockerignore (warning). */
const HEAD_DOCKERFILE = [
  `FROM ${BASE_IMAGES.busybox}`,
  'RUN head -c 1000000 /dev/urandom > /base.bin',
  `RUN head -c ${EXTRA_BYTES} /dev/urandom > /extra.bin`,
  'RUN ps > /dev/null',
  'COPY . /srv/',
].join('\n');
const WORKER_DOCKERFILE = `FROM ${BASE_IMAGES.busybox}\nRUN head -c 500000 /dev/urandom > /worker.bin\n`;
/** Added at the head; its third line fails. */
const BROKEN_DOCKERFILE = [`FROM ${BASE_IMAGES.busybox}`, 'COPY . /x/', 'RUN echo failing && exit 3'].join(
  '\n',
);

interface Fixture {
  repo: string;
  baseSha: string;
  headSha: string;
}

/** A repository whose base commit has the app and the worker, and whose head grows the app. */
function makeRepository(): Fixture {
  const repo = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-e2e-repo-'));
  const write = (file: string, text: string): void => {
    mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
    writeFileSync(path.join(repo, file), `${text}\n`);
  };
  const git = (...args: string[]): string =>
    execFileSync('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.com', ...args], {
      cwd: repo,
      encoding: 'utf8',
    }).trim();
  git('init', '-q', '-b', 'main', '.');
  write('Dockerfile', BASE_DOCKERFILE);
  write('app/hello.txt', 'hello');
  write('worker/Dockerfile', WORKER_DOCKERFILE);
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  const baseSha = git('rev-parse', 'HEAD');
  git('checkout', '-q', '-b', 'feature');
  write('Dockerfile', HEAD_DOCKERFILE);
  write('broken/Dockerfile', BROKEN_DOCKERFILE);
  write('broken/data.txt', 'data');
  git('add', '-A');
  git('commit', '-q', '-m', 'head');
  return { repo, baseSha, headSha: git('rev-parse', 'HEAD') };
}

/** The `pull_request` payload GitHub writes to GITHUB_EVENT_PATH (the fields docker-diet may read). */
function pullRequestEvent(fx: Fixture, number: number, labels: string[] = []): object {
  const repository = { id: 1, name: 'shop', full_name: 'acme/shop', owner: { login: 'acme' } };
  return {
    action: 'synchronize',
    number,
    pull_request: {
      number,
      state: 'open',
      title: 'Grow the app',
      html_url: `https://github.com/acme/shop/pull/${number}`,
      labels: labels.map((name, i) => ({ id: i + 1, name })),
      base: { sha: fx.baseSha, ref: 'main', label: 'acme:main', repo: repository },
      head: { sha: fx.headSha, ref: 'feature', label: 'acme:feature', repo: repository },
    },
    repository,
    sender: { login: 'octocat' },
  };
}

/** A `push` payload: no pull request. */
function pushEvent(fx: Fixture): object {
  return {
    ref: 'refs/heads/feature',
    before: fx.baseSha,
    after: fx.headSha,
    repository: { id: 1, name: 'shop', full_name: 'acme/shop', owner: { login: 'acme' } },
  };
}

interface ReportJson {
  schemaVersion: number;
  findings: { rule: string; severity: string; file: string; line: number }[];
  images: { base: { imageId: string } | null }[];
}

const readReport = (run: ActionRun): ReportJson =>
  JSON.parse(readFileSync(run.outputs.report ?? '', 'utf8')) as ReportJson;

describe('dist/index.js on a pull request', () => {
  let fx: Fixture;
  let gh: FakeGitHub;
  let events: string;
  const images = new Set<string>();

  /** Runs the action for `event` with the runner's variables; remembers the images it built. */
  async function run(
    inputs: Record<string, string>,
    event: { name: string; payload: object },
  ): Promise<ActionRun> {
    const eventPath = path.join(events, `${images.size}-${Date.now()}.json`);
    writeFileSync(eventPath, JSON.stringify(event.payload));
    const result = await runActionAsync(
      { 'github-token': 'e2e-token', context: 'app', dockerfile: 'Dockerfile', name: 'app', ...inputs },
      {
        GITHUB_WORKSPACE: fx.repo,
        GITHUB_EVENT_NAME: event.name,
        GITHUB_EVENT_PATH: eventPath,
        GITHUB_REPOSITORY: 'acme/shop',
        GITHUB_SHA: fx.headSha,
        GITHUB_API_URL: gh.url,
      },
    );
    if (result.outputs['image-id']) images.add(result.outputs['image-id']);
    if (result.outputs.report && existsSync(result.outputs.report)) {
      for (const image of readReport(result).images) if (image.base) images.add(image.base.imageId);
    }
    expect(result.stdout + result.stderr).not.toMatch(/^\s+at /m);
    return result;
  }
  const onPr = (number: number, labels?: string[]) => {
    // The pull request's files, as GitHub lists them for suggested changes.
    gh.setPullFiles(number, pullFilesFromGit(fx.repo, fx.baseSha, fx.headSha), fx.headSha);
    return { name: 'pull_request', payload: pullRequestEvent(fx, number, labels) };
  };
  const commentRequests = () => gh.requests.filter((r) => /\/issues\/.*comments/.test(r.path));

  beforeAll(async () => {
    fx = makeRepository();
    events = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-e2e-events-'));
    gh = await FakeGitHub.start();
  });
  beforeEach(() => gh.reset());
  afterAll(async () => {
    await gh.stop();
    removeImages(...images);
    rmSync(fx.repo, { recursive: true, force: true });
    rmSync(events, { recursive: true, force: true });
  });

  it('comments once, sets outputs that match the engine, and annotates the findings', async () => {
    const first = await run({}, onPr(7));
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    const comments = gh.commentsOn(7);
    expect(comments).toHaveLength(1);
    expect(gh.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(gh.requests.every((r) => r.authorization === 'token e2e-token')).toBe(true);
    expect(parseSections(comments[0]!.body).has('app')).toBe(true);

    // Sizes: the engine's own numbers for the head image and for the build of the base commit.
    const { outputs } = first;
    const size = Number(inspectImage(outputs['image-id']!, '{{.Size}}'));
    const report = readReport(first);
    const baseId = report.images[0]!.base!.imageId;
    expect(inspectImage(baseId, '{{index .Config.Labels "org.opencontainers.image.revision"}}')).toBe(
      fx.baseSha,
    );
    const baseSize = Number(inspectImage(baseId, '{{.Size}}'));
    expect(outputs.size).toBe(String(size));
    expect(outputs['base-size']).toBe(String(baseSize));
    expect(outputs['size-delta']).toBe(String(size - baseSize));
    expect(size - baseSize).toBeGreaterThanOrEqual(EXTRA_BYTES);
    expect(outputs['budget-status']).toBe('pass');
    expect(report.schemaVersion).toBe(1);
    expect(outputs.findings).toBe(String(report.findings.length));
    expect(outputs['comment-url']).toBe(comments[0]!.html_url);

    // The summary's verdict line, with the numbers formatted as everywhere else.
    const verdict = first.summary.split('\n').find((line) => line.startsWith('### 📦 app: '));
    expect(verdict).toContain(`📦 app: ${formatBytes(size)} (${formatBytesDelta(size - baseSize)}, +`);
    expect(verdict).toContain(`${report.findings.length} findings`);
    expect(verdict).toContain('budget ✅');

    // Every finding is an annotation at its line; the ones named in HEAD_DOCKERFILE are among them.
    const rules = report.findings.map((f) => `${f.rule}@${f.line}`);
    expect(rules).toEqual(expect.arrayContaining(['missing-dockerignore@5', 'pointless-commands@4']));
    const kinds = { error: 'error', warning: 'warning', info: 'notice' } as const;
    for (const finding of report.findings) {
      const kind = kinds[finding.severity as keyof typeof kinds];
      const lines = commandLines(first, kind).filter((l) =>
        l.includes(`file=${finding.file},line=${finding.line},`),
      );
      expect(lines.some((l) => l.includes(`title=${finding.rule},`))).toBe(true);
    }
    expect(commandLines(first, 'warning').some((l) => /^::warning .*file=Dockerfile,line=5,/.test(l))).toBe(
      true,
    );

    // The same PR again: the same comment is edited, none is added.
    const second = await run({}, onPr(7));
    expect(second.status).toBe(0);
    expect(gh.commentsOn(7)).toHaveLength(1);
    expect(gh.commentsOn(7)[0]!.id).toBe(comments[0]!.id);
    expect(gh.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
    expect(gh.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(second.outputs['comment-url']).toBe(first.outputs['comment-url']);
  });

  it('gives each image name its own section of one comment', async () => {
    const app = await run({}, onPr(11));
    const worker = await run(
      { name: 'worker', context: 'worker', dockerfile: 'worker/Dockerfile' },
      onPr(11),
    );
    expect([app.status, worker.status]).toEqual([0, 0]);
    const comments = gh.commentsOn(11);
    expect(comments).toHaveLength(1);
    const sections = parseSections(comments[0]!.body);
    expect([...sections.keys()]).toEqual(['app', 'worker']);
    const workerSize = Number(inspectImage(worker.outputs['image-id']!, '{{.Size}}'));
    // The base commit's worker ran its RUN again (new random bytes, same count). A graphdriver store's
    // Size counts file bytes: no change. The containerd store's counts the new gzip blob, whose length
    // may differ by a few bytes.
    const unchanged =
      testEngine().imageStore === 'containerd' ? '(?:±0 B|[-+]\\d{1,2} B, [-+]0\\.0 %)' : '±0 B';
    expect(sections.get('worker')).toMatch(
      new RegExp(`📦 worker: ${formatBytes(workerSize).replace('.', '\\.')} \\(${unchanged}`),
    );
    expect(sections.get('app')).toContain(`📦 app: ${formatBytes(Number(app.outputs.size))}`);
    expect(worker.outputs['comment-url']).toBe(app.outputs['comment-url']);
  });

  it('stays green with one warning when the token may not comment', async () => {
    gh.setFailure({ writes: 403 });
    const result = await run({}, onPr(12));
    expect(result.status).toBe(0);
    const plain = commandLines(result, 'warning').filter((line) => line.startsWith('::warning::'));
    expect(plain).toHaveLength(1);
    expect(plain[0]).toContain('pull-requests: write');
    expect(gh.commentsOn(12)).toHaveLength(0);
    expect(result.outputs['comment-url']).toBe('');
    expect(result.summary).toContain('### 📦 app: ');
  });

  it('fails a budget after publishing, and warns when the PR has the override label', async () => {
    const over = await run({ 'max-increase': '1MB' }, onPr(13));
    expect(over.status).toBe(1);
    const errors = commandLines(over, 'error').filter((line) => line.startsWith('::error::'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`more than the ${formatBytes(1_000_000)} allowed`);
    expect(errors[0]).toContain(OVERRIDE_LABEL);
    // The job fails after the report is out: the comment was written before the error line.
    expect(over.stdout.indexOf('the pull request comment')).toBeGreaterThan(-1);
    expect(over.stdout.indexOf('the pull request comment')).toBeLessThan(over.stdout.indexOf('::error::'));
    expect(over.outputs['budget-status']).toBe('fail');
    expect(over.summary).toContain('budget ❌');
    expect(gh.commentsOn(13)).toHaveLength(1);
    expect(gh.commentsOn(13)[0]!.body).toContain('Over budget');

    // The label is read from the API: a re-run keeps the original payload, which lacks later labels.
    gh.labels.set(13, ['bug', OVERRIDE_LABEL]);
    const accepted = await run({ 'max-increase': '1MB' }, onPr(13));
    expect(accepted.status).toBe(0);
    expect(commandLines(accepted, 'error')).toEqual([]);
    expect(accepted.outputs['budget-status']).toBe('warn');
    expect(gh.requests.some((r) => r.path === '/repos/acme/shop/issues/13/labels')).toBe(true);
    expect(gh.commentsOn(13)).toHaveLength(1);
    expect(gh.commentsOn(13)[0]!.body).toContain('accepted');
  });

  it('on a push, writes absolute sizes to the summary and does not comment', async () => {
    const result = await run({}, { name: 'push', payload: pushEvent(fx) });
    expect(result.status).toBe(0);
    expect(gh.requests).toEqual([]);
    const size = Number(inspectImage(result.outputs['image-id']!, '{{.Size}}'));
    expect(result.outputs.size).toBe(String(size));
    expect(result.outputs['base-size']).toBe('');
    expect(result.outputs['comment-url']).toBe('');
    expect(result.summary).toContain(`### 📦 app: ${formatBytes(size)} · `);
    expect(result.summary).toContain('No baseline');
  });

  it('makes no comment request with comment: false', async () => {
    const result = await run({ comment: 'false' }, onPr(14));
    expect(result.status).toBe(0);
    expect(commentRequests()).toEqual([]);
    expect(result.outputs['comment-url']).toBe('');
    expect(result.summary).toContain('### 📦 app: ');
  });

  it('fails a broken build at its instruction and still publishes the lint findings', async () => {
    const result = await run(
      { name: 'broken', context: 'broken', dockerfile: 'broken/Dockerfile' },
      onPr(15),
    );
    expect(result.status).toBe(1);
    // One error, at the failing instruction: not repeated without its place.
    const errors = commandLines(result, 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^::error .*file=broken\/Dockerfile,line=3[,:]/);
    expect(errors[0]).toContain('exit code: 3');
    const report = readReport(result);
    expect(report.findings.map((f) => `${f.file}:${f.rule}`)).toContain(
      'broken/Dockerfile:missing-dockerignore',
    );
    expect(result.outputs.findings).toBe(String(report.findings.length));
    expect(result.outputs.size).toBe('');
    expect(result.summary).toContain('build failed');
    expect(result.summary).toContain('missing-dockerignore');
    expect(parseSections(gh.commentsOn(15)[0]?.body ?? '').get('broken')).toContain('build failed');
  });
});
