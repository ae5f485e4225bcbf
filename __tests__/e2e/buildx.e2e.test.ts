/**
 * The bundled action builds through buildx with build secrets on a pull request: head and base are
 * built with the same builder and secrets, the runner is told to mask the secret values before
 * anything else is logged, and the values appear nowhere the action writes or sends.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { BASE_IMAGES, removeImages } from '../support/docker-cli.js';
import { FakeGitHub } from '../support/fake-github.js';
import { readRunReport, runActionAsync } from '../support/runner.js';

jest.setTimeout(120_000);

const FROM_ENV = 'buildx-env-secret-5d6e7f';
const INLINE = 'buildx-inline-secret-9a8b';
const FILE_SECRET = 'buildx-file-secret-1c2d3e';
const SECRETS = [FROM_ENV, INLINE, FILE_SECRET];
const leaks = (text: string): string[] => SECRETS.filter((secret) => text.includes(secret));
/** Makes this run's steps its own: a step cached from an earlier run would print nothing. */
const RUN_ID = randomUUID();

const dockerfile = (bytes: number): string =>
  [
    `FROM ${BASE_IMAGES.busybox}`,
    'RUN --mount=type=secret,id=npm,required=true --mount=type=secret,id=git,required=true \\',
    '    --mount=type=secret,id=rc,required=true \\',
    `    cat /run/secrets/npm /run/secrets/git /run/secrets/rc && echo ${RUN_ID}`,
    `RUN head -c ${bytes} /dev/urandom > /data.bin`,
    '',
  ].join('\n');

describe('dist/index.js with builder: buildx and secrets', () => {
  let repo: string;
  let events: string;
  let gh: FakeGitHub;
  let baseSha: string;
  let headSha: string;
  const images = new Set<string>();

  beforeAll(async () => {
    if (spawnSync('docker', ['buildx', 'version']).status !== 0) {
      throw new Error(
        'docker buildx is not installed: run `bash scripts/ensure-buildx.sh` and the tests again.',
      );
    }
    repo = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-e2e-buildx-'));
    events = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-e2e-buildx-event-'));
    const git = (...args: string[]): string =>
      execFileSync('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.com', ...args], {
        cwd: repo,
        encoding: 'utf8',
      }).trim();
    git('init', '-q', '-b', 'main', '.');
    writeFileSync(path.join(repo, 'Dockerfile'), dockerfile(1000));
    git('add', '-A');
    git('commit', '-q', '-m', 'base');
    baseSha = git('rev-parse', 'HEAD');
    writeFileSync(path.join(repo, 'Dockerfile'), dockerfile(300000));
    git('commit', '-q', '-am', 'head');
    headSha = git('rev-parse', 'HEAD');
    gh = await FakeGitHub.start();
  });
  afterAll(async () => {
    await gh.stop();
    removeImages(...images);
    rmSync(repo, { recursive: true, force: true });
    rmSync(events, { recursive: true, force: true });
  });

  it('builds head and base with the secrets, masks them first and reports none of them', async () => {
    const eventPath = path.join(events, 'event.json');
    const secretFile = path.join(events, 'npmrc');
    writeFileSync(secretFile, `${FILE_SECRET}\n`);
    const repository = { id: 1, name: 'shop', full_name: 'acme/shop', owner: { login: 'acme' } };
    writeFileSync(
      eventPath,
      JSON.stringify({
        action: 'synchronize',
        number: 4,
        pull_request: {
          number: 4,
          labels: [],
          base: { sha: baseSha, ref: 'main', repo: repository },
          head: { sha: headSha, ref: 'feature', repo: repository },
        },
        repository,
      }),
    );
    const run = await runActionAsync(
      {
        'github-token': 'e2e-token',
        builder: 'buildx',
        secrets: `id=npm,env=NPM_TOKEN\ngit=${INLINE}\nid=rc,src=${secretFile}`,
        labels: 'org.example.team=shop',
        compare: 'build',
        name: 'app',
      },
      {
        GITHUB_WORKSPACE: repo,
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: eventPath,
        GITHUB_REPOSITORY: 'acme/shop',
        GITHUB_SHA: headSha,
        GITHUB_API_URL: gh.url,
        NPM_TOKEN: FROM_ENV,
      },
    );
    const report = readRunReport(run, images);
    expect(run.status).toBe(0);
    expect(report.images[0]!.baseline.source).toBe('build');
    expect(report.images[0]!.base).not.toBeNull();
    // Both builds went through buildx and had the secrets (the step fails without them).
    expect(run.stdout.match(/^Built sha256:[0-9a-f]+ with buildx \(/gm)).toHaveLength(2);
    const head = report.images[0]!.head!.imageId;
    expect(
      execFileSync(
        'docker',
        ['image', 'inspect', '--format', '{{index .Config.Labels "org.example.team"}}', head],
        { encoding: 'utf8' },
      ).trim(),
    ).toBe('shop');

    const lines = run.stdout.split('\n');
    const masks = lines.filter((line) => line.startsWith('::add-mask::'));
    expect(masks).toEqual(
      expect.arrayContaining([
        `::add-mask::${FROM_ENV}`,
        `::add-mask::${INLINE}`,
        `::add-mask::${FILE_SECRET}`,
      ]),
    );
    const firstOther = lines.findIndex((line) => line !== '' && !line.startsWith('::add-mask::'));
    for (const secret of SECRETS) expect(lines.indexOf(`::add-mask::${secret}`)).toBeLessThan(firstOther);

    const log = lines.filter((line) => !line.startsWith('::add-mask::')).join('\n');
    // The step printed them: the log shows the masks instead.
    expect(log).toMatch(/^#\d+ \d+\.\d+ \*\*\*/m);
    expect(leaks(log)).toEqual([]);
    expect(leaks(run.stderr)).toEqual([]);
    expect(leaks(readFileSync(run.outputs.report ?? '', 'utf8'))).toEqual([]);
    expect(leaks(run.summary)).toEqual([]);
    expect(leaks(JSON.stringify(run.outputs))).toEqual([]);
    expect(gh.commentsOn(4)).toHaveLength(1);
    expect(leaks(gh.requests.map((request) => JSON.stringify(request.body ?? '')).join('\n'))).toEqual([]);
  });
});
