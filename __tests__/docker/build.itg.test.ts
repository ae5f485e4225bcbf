/**
 * build() against the real engine: steps and cached flags, progress display, and failures mapped to
 * Dockerfile lines. Images are FROM the local docker-diet-base/busybox:1 (no registry is reachable).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BuildFailedError } from '../../src/docker/build-error.js';
import { plainProgressPrinter } from '../../src/docker/build-progress-display.js';
import { createDockerClient, type BuildRequest, type DockerClient } from '../../src/docker/client.js';
import { DietError } from '../../src/errors.js';
import { inspectImage } from '../support/docker-cli.js';
import { testEngine } from '../support/engine.js';

const BASE = 'docker-diet-base/busybox:1';
const PREFIX = `docker-diet-test/build-itg-${process.pid}`;

let docker: DockerClient;
let root: string;
const tags: string[] = [];

beforeAll(async () => {
  docker = createDockerClient();
  await docker.ping();
  await docker.inspectImage(BASE);
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'docker-diet-build-itg-'));
});

afterAll(async () => {
  for (const tag of tags) await docker.removeImage(tag);
  if (root) await fs.rm(root, { recursive: true, force: true });
});

/** Writes a context folder with a Dockerfile and files; returns a request for it. */
async function context(
  name: string,
  dockerfile: string,
  files: Record<string, string> = {},
): Promise<BuildRequest> {
  const dir = path.join(root, name);
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, 'Dockerfile'), dockerfile);
  for (const [file, text] of Object.entries(files)) await fs.writeFile(path.join(dir, file), text);
  const tag = `${PREFIX}-${name}:1`;
  tags.push(tag);
  return { context: dir, dockerfile: path.join(dir, 'Dockerfile'), tag, displayPath: `${name}/Dockerfile` };
}

/** Runs a build that must fail and returns its error. */
async function failure(request: BuildRequest): Promise<BuildFailedError> {
  const error = await docker.build(request).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BuildFailedError);
  return error as BuildFailedError;
}

describe('DockerClient.build', () => {
  it('reports the steps of a multi-step build, and the RUN step as cached when built again', async () => {
    // A fresh token makes the first build really run the RUN step, whatever the cache holds.
    const token = randomUUID();
    const request = await context(
      'steps',
      `FROM ${BASE}\nRUN echo "building ${token}" && sleep 0.3\nWORKDIR /app\nCOPY hello.txt ./\n`,
      { 'hello.txt': 'hello\n' },
    );
    const printed: string[] = [];
    let ends = 0;
    const display = plainProgressPrinter((line) => printed.push(line));
    const first = await docker.build(request, { ...display, onEnd: () => (ends += 1) });

    expect(first.imageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(first.contextFiles).toBe(2);
    const run = first.steps.find((s) => s.name === `[2/4] RUN echo "building ${token}" && sleep 0.3`);
    expect(run).toMatchObject({ cached: false });
    expect(run?.seconds).toBeGreaterThanOrEqual(0.3);
    // The containerd store's BuildKit names the base with the digest it resolved (the image id there).
    const from =
      testEngine().imageStore === 'containerd'
        ? `FROM docker.io/${BASE}@${inspectImage(BASE, '{{.Id}}')}`
        : `FROM docker.io/${BASE}`;
    // BuildKit shares FROM vertexes between builds that run at once (other suites build the same
    // base in parallel): a vertex keeps the name of whichever build sent it first (`[1/4]` here, or
    // another build's `[build 1/2]`), and the containerd store's BuildKit may also send this build
    // another build's FROM of the same base (`[runtime 1/3] FROM …`). Only their command is certain.
    const froms = first.steps.filter((s) => / FROM /.test(` ${s.name.replace(/^\[[^\]]*\] /, '')}`));
    expect(first.steps[0]).toBe(froms[0]);
    for (const step of froms) {
      expect(step.name).toMatch(/^\[[^\]]*\d+\/\d+\] /);
      expect(step.name.replace(/^\[[^\]]*\] /, '')).toBe(from);
    }
    expect(first.steps.filter((s) => !froms.includes(s)).map((s) => s.name)).toEqual([
      `[2/4] RUN echo "building ${token}" && sleep 0.3`,
      '[3/4] WORKDIR /app',
      '[4/4] COPY hello.txt ./',
    ]);
    expect(ends).toBe(1);
    const header = printed.find((line) => line.endsWith(`[2/4] RUN echo "building ${token}" && sleep 0.3`));
    const number = header?.split(' ')[0] ?? '#?';
    expect(printed).toEqual(expect.arrayContaining([expect.stringMatching(/^#\d+ DONE \d+\.\ds$/)]));
    expect(printed).toContainEqual(
      expect.stringMatching(new RegExp(`^${number} \\d+\\.\\d{3} building ${token}$`)),
    );

    const second = await docker.build(request);
    expect(second.imageId).toBe(first.imageId);
    const cached = second.steps.find((s) => s.name.startsWith('[2/4] RUN'));
    expect(cached).toMatchObject({ cached: true });
    expect(second.steps.find((s) => s.name === '[4/4] COPY hello.txt ./')).toMatchObject({ cached: true });
  });

  it('fails a RUN with its line, the exit code and what it printed before failing', async () => {
    const request = await context(
      'run-fails',
      [
        `FROM ${BASE} AS build`,
        'RUN echo ok',
        `RUN echo "step one ${randomUUID()}" && \\`,
        '    echo "about to fail" >&2 && \\',
        '    exit 7',
        '',
        `FROM ${BASE}`,
        'COPY --from=build /etc/hostname /copied',
        '',
      ].join('\n'),
    );
    const error = await failure(request);
    expect(error.kind).toBe('build');
    expect(error.instruction).toMatchObject({ file: 'run-fails/Dockerfile', line: 3 });
    expect(error.instruction?.text).toMatch(/^RUN echo "step one .*" && echo "about to fail" >&2 && exit 7$/);
    expect(error.message.split('\n')[0]).toMatch(
      /^Build failed at run-fails\/Dockerfile:3 \(RUN echo .*\): .*exit code: 7$/,
    );
    // stdout and stderr are read separately by BuildKit: their relative order is not guaranteed.
    expect(error.logTail).toHaveLength(2);
    expect(error.logTail).toEqual(
      expect.arrayContaining([expect.stringMatching(/^step one /), 'about to fail']),
    );
    expect(error.message).toContain('\n  > about to fail');
    expect(error.message).toMatch(/\n {2}> step one /);
    expect(error.step).toMatch(/^\[build 3\/3\] RUN echo/);
    expect(error.steps.find((s) => s.name === error.step)?.error).toMatch(/exit code: 7$/);
    expect(error.steps.find((s) => s.name === '[build 2/3] RUN echo ok')?.error).toBeUndefined();
  });

  it('points an unknown instruction at its line', async () => {
    const request = await context('syntax', `FROM ${BASE}\nRUN echo fine\n\nRUNN echo typo\n`);
    const error = await failure(request);
    expect(error.instruction).toEqual({ file: 'syntax/Dockerfile', line: 4, text: 'RUNN echo typo' });
    expect(error.message).toMatch(
      /^Build failed at syntax\/Dockerfile:4 \(RUNN echo typo\): .*unknown instruction: RUNN/,
    );
  });

  it('names the missing COPY source and its line', async () => {
    const request = await context(
      'missing',
      `FROM ${BASE}\nRUN echo fine\nCOPY present.txt missing.txt /\n`,
      {
        'present.txt': 'here\n',
      },
    );
    const error = await failure(request);
    expect(error.instruction).toEqual({
      file: 'missing/Dockerfile',
      line: 3,
      text: 'COPY present.txt missing.txt /',
    });
    expect(error.message).toMatch(
      /^Build failed at missing\/Dockerfile:3 \(COPY present.txt missing.txt \/\): .*missing\.txt/,
    );
    expect(error.hint).toMatch(/\.dockerignore/);
  });

  it('passes build args and stops at the target stage', async () => {
    const request = await context(
      'target',
      [
        `FROM ${BASE} AS base`,
        'ARG FLAVOUR=plain',
        'RUN echo "flavour=$FLAVOUR" > /flavour',
        '',
        'FROM base AS broken',
        'RUN echo "this stage must not be built" && exit 1',
        '',
      ].join('\n'),
    );
    const outcome = await docker.build({ ...request, target: 'base', buildArgs: { FLAVOUR: 'spicy' } });
    const names = outcome.steps.map((s) => s.name);
    expect(names).toContain('[base 2/2] RUN echo "flavour=spicy" > /flavour');
    expect(names.some((name) => name.includes('must not be built'))).toBe(false);
    const image = await docker.inspectImage(request.tag ?? '');
    expect(image.id).toBe(outcome.imageId);
  });

  it('says no engine answers when DOCKER_HOST points nowhere, and that DOCKER_HOST named it', async () => {
    const request = await context('unreachable', `FROM ${BASE}\n`);
    const offline = createDockerClient({ ...process.env, DOCKER_HOST: 'tcp://127.0.0.1:1' });
    const error = await offline.build(request).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DietError);
    expect((error as DietError).kind).toBe('environment');
    expect((error as DietError).message).toMatch(
      /^No Docker engine answers at tcp:\/\/127\.0\.0\.1:1 \(from DOCKER_HOST: .*ECONNREFUSED.*\)\.$/,
    );
  });
});
