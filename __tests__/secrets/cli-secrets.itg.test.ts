/**
 * Secrets never leave the runner, through the CLI against the real engine: a secret given as a
 * build-arg, one taken from the environment for a bare KEY, an ARG default and an ENV value of
 * secret-looking names appear in no report format and not on stderr, while the engine's own history
 * does hold them (so the test would catch a redaction that stopped working).
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import type { Report } from '../../src/report/model.js';
import { runCli as runCliIn, workspace } from '../lint/cli-harness.js';
import { BASE_IMAGES, inspectImage, removeImages } from '../support/docker-cli.js';
import { engineEnv } from '../support/engine-env.js';

const GIVEN = 'given-npm-secret-1f2e3d';
const FROM_ENV = 'env-secret-9a8b7c';
const ARG_DEFAULT = 'arg-default-secret-5d4c';
const ENV_VALUE = 'env-instruction-secret-77aa';
const SECRETS = [GIVEN, FROM_ENV, ARG_DEFAULT, ENV_VALUE];

const DOCKERFILE = [
  `FROM ${BASE_IMAGES.busybox}`,
  'ARG NPM_TOKEN',
  'ARG FROM_ENV_TOKEN',
  `ARG API_KEY=${ARG_DEFAULT}`,
  `ENV DB_PASSWORD=${ENV_VALUE}`,
  'RUN echo "$NPM_TOKEN $FROM_ENV_TOKEN $API_KEY" > /dev/null && head -c 1000 /dev/urandom > /data.bin',
  '',
].join('\n');

const runCli = (argv: string[], cwd: string) =>
  runCliIn(argv, cwd, {
    env: { PATH: process.env.PATH, ...engineEnv(), FROM_ENV_TOKEN: FROM_ENV },
    engine: true,
  });

const leaks = (text: string): string[] => SECRETS.filter((secret) => text.includes(secret));

describe('docker-diet run with secrets', () => {
  const root = workspace({ Dockerfile: DOCKERFILE, '.dockerignore': 'report.sarif\n' });
  const images = new Set<string>();
  afterAll(() => {
    removeImages(...images);
    rmSync(root, { recursive: true, force: true });
  });

  const args = ['--build-arg', `NPM_TOKEN=${GIVEN}`, '--build-arg', 'FROM_ENV_TOKEN', '--compare', 'none'];

  it('keeps every secret out of the JSON report, stderr and the SARIF file', async () => {
    const sarif = path.join(root, 'report.sarif');
    const run = await runCli(['run', ...args, '--format', 'json', '--sarif', sarif], root);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    const head = report.images[0]!.head!;
    images.add(head.imageId);

    // The engine's history holds the values: the redaction is what keeps them out.
    const history = inspectImage(head.imageId, '{{json .Config.Env}}');
    expect(history).toContain(ENV_VALUE);
    const own = head.layers.filter((layer) => !layer.fromBase);
    const run3 = own.find((layer) => layer.createdBy.includes('|3 '));
    expect(run3?.createdBy).toMatch(/\|3 NPM_TOKEN=\*\*\* FROM_ENV_TOKEN=\*\*\* API_KEY=\*\*\* /);
    expect(run3?.instruction?.line).toBe(6);

    expect(leaks(run.stdout)).toEqual([]);
    expect(leaks(run.stderr)).toEqual([]);
    expect(existsSync(sarif)).toBe(true);
    expect(leaks(readFileSync(sarif, 'utf8'))).toEqual([]);
  });

  it.each(['text', 'markdown', 'sarif'])('keeps every secret out of the %s report', async (format) => {
    const run = await runCli(['run', ...args, '--format', format], root);
    expect(run.code).toBe(0);
    expect(run.stdout.length).toBeGreaterThan(0);
    expect(leaks(run.stdout)).toEqual([]);
    expect(leaks(run.stderr)).toEqual([]);
  });

  it('keeps the secrets out of the progress the engine prints (build steps with values expanded)', async () => {
    const run = await runCli(['measure', ...args.slice(0, 4), '--no-cache', '--format', 'json'], root);
    expect(run.code).toBe(0);
    images.add((JSON.parse(run.stdout) as Report).images[0]!.head!.imageId);
    expect(run.stderr).toMatch(/RUN echo "\*\*\* \*\*\* \*\*\*"|RUN echo "\$NPM_TOKEN/);
    expect(leaks(run.stderr)).toEqual([]);
  });
});
