/**
 * Secrets never leave the runner, through the bundled action on a pull request: build-arg values
 * (given, taken from the environment for a bare KEY), an ARG default and an ENV value of
 * secret-looking names appear nowhere a reader of the repository could see them — the log (apart from
 * the runner's own `::add-mask::` commands, which the runner consumes), the JSON report, SARIF, the
 * job summary, the outputs file, the annotations and the comment sent to GitHub — while the base
 * commit is built and compared as usual.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { BASE_IMAGES, removeImages } from '../support/docker-cli.js';
import { FakeGitHub, pullFilesFromGit } from '../support/fake-github.js';
import { readRunReport, runActionAsync } from '../support/runner.js';

jest.setTimeout(120_000);

const GIVEN = 'given-npm-secret-4e5f6a';
const FROM_ENV = 'env-secret-0b1c2d';
const ARG_DEFAULT = 'arg-default-secret-3c4d';
const ENV_VALUE = 'env-instruction-secret-88bb';
const SECRETS = [GIVEN, FROM_ENV, ARG_DEFAULT, ENV_VALUE];

const dockerfile = (extra: string): string =>
  [
    `FROM ${BASE_IMAGES.busybox}`,
    'ARG NPM_TOKEN',
    'ARG FROM_ENV_TOKEN',
    `ARG API_KEY=${ARG_DEFAULT}`,
    `ENV DB_PASSWORD=${ENV_VALUE}`,
    `RUN echo "$NPM_TOKEN $FROM_ENV_TOKEN $API_KEY" > /dev/null && head -c ${extra} /dev/urandom > /data.bin`,
    // Fails the build of neither side, but makes a finding that quotes the instruction.
    'RUN ps > /dev/null',
    '',
  ].join('\n');

const leaks = (text: string): string[] => SECRETS.filter((secret) => text.includes(secret));

describe('dist/index.js with secrets', () => {
  let repo: string;
  let gh: FakeGitHub;
  let baseSha: string;
  let headSha: string;
  const images = new Set<string>();

  beforeAll(async () => {
    repo = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-e2e-secrets-'));
    const git = (...args: string[]): string =>
      execFileSync('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.com', ...args], {
        cwd: repo,
        encoding: 'utf8',
      }).trim();
    git('init', '-q', '-b', 'main', '.');
    writeFileSync(path.join(repo, 'Dockerfile'), dockerfile('1000'));
    git('add', '-A');
    git('commit', '-q', '-m', 'base');
    baseSha = git('rev-parse', 'HEAD');
    writeFileSync(path.join(repo, 'Dockerfile'), dockerfile('200000'));
    git('commit', '-q', '-am', 'head');
    headSha = git('rev-parse', 'HEAD');
    gh = await FakeGitHub.start();
    gh.setPullFiles(9, pullFilesFromGit(repo, baseSha, headSha), headSha);
  });
  afterAll(async () => {
    await gh.stop();
    removeImages(...images);
    rmSync(repo, { recursive: true, force: true });
  });

  it('keeps every secret out of everything it writes, and masks them for the runner', async () => {
    const events = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-e2e-secrets-event-'));
    const eventPath = path.join(events, 'event.json');
    const repository = { id: 1, name: 'shop', full_name: 'acme/shop', owner: { login: 'acme' } };
    writeFileSync(
      eventPath,
      JSON.stringify({
        action: 'synchronize',
        number: 9,
        pull_request: {
          number: 9,
          labels: [],
          base: { sha: baseSha, ref: 'main', repo: repository },
          head: { sha: headSha, ref: 'feature', repo: repository },
        },
        repository,
      }),
    );
    const sarif = path.join(events, 'out', 'docker-diet.sarif');
    mkdirSync(path.dirname(sarif));
    const run = await runActionAsync(
      {
        'github-token': 'e2e-token',
        'build-args': `NPM_TOKEN=${GIVEN}\nFROM_ENV_TOKEN`,
        compare: 'build',
        sarif,
        name: 'app',
      },
      {
        GITHUB_WORKSPACE: repo,
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: eventPath,
        GITHUB_REPOSITORY: 'acme/shop',
        GITHUB_SHA: headSha,
        GITHUB_API_URL: gh.url,
        FROM_ENV_TOKEN: FROM_ENV,
      },
    );
    const report = readRunReport(run, images);
    expect(run.status).toBe(0);
    expect(report.images[0]!.baseline.source).toBe('build');

    // The runner is told to mask the given and environment values before anything else is logged.
    const lines = run.stdout.split('\n');
    const masks = lines.filter((line) => line.startsWith('::add-mask::'));
    expect(masks).toEqual(expect.arrayContaining([`::add-mask::${GIVEN}`, `::add-mask::${FROM_ENV}`]));
    const firstOther = lines.findIndex((line) => line !== '' && !line.startsWith('::add-mask::'));
    expect(lines.findIndex((line) => line === `::add-mask::${FROM_ENV}`)).toBeLessThan(firstOther);

    const log = lines.filter((line) => !line.startsWith('::add-mask::')).join('\n');
    expect(leaks(log)).toEqual([]);
    expect(leaks(run.stderr)).toEqual([]);
    const json = readFileSync(run.outputs.report ?? '', 'utf8');
    expect(leaks(json)).toEqual([]);
    // The engine's history carried the values; the report keeps the keys with the values masked.
    expect(json).toContain('|3 NPM_TOKEN=*** FROM_ENV_TOKEN=*** API_KEY=*** ');
    expect(leaks(readFileSync(sarif, 'utf8'))).toEqual([]);
    expect(leaks(run.summary)).toEqual([]);
    expect(leaks(JSON.stringify(run.outputs))).toEqual([]);
    expect(log).toMatch(/^::(warning|notice|error) /m); // annotations were written, and checked above
    const sent = gh.requests.map((request) => JSON.stringify(request.body ?? '')).join('\n');
    expect(gh.commentsOn(9)).toHaveLength(1);
    expect(leaks(sent)).toEqual([]);
    rmSync(events, { recursive: true, force: true });
  });
});
