/**
 * Building through `docker buildx` against the real engine: secrets and an SSH agent reach the build
 * and never the report or the log, an exported cache makes a cold build cached, progress, failures and
 * warnings read as they do through the Engine API, and `auto` falls back to the Engine API where buildx
 * is missing. buildx must be installed (scripts/ensure-buildx.sh; scripts/test.sh runs it).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BuildFailedError } from '../../src/docker/build-error.js';
import type { ProgressUpdate } from '../../src/docker/build-progress.js';
import {
  createDockerClient,
  type BuildOutcome,
  type BuildRequest,
  type DockerClient,
} from '../../src/docker/client.js';
import { DietError, describeError } from '../../src/errors.js';
import type { Report } from '../../src/report/model.js';
import { runCli, workspace } from '../lint/cli-harness.js';
import { BASE_IMAGES, removeImages } from '../support/docker-cli.js';
import { engineEnv } from '../support/engine-env.js';
import { testEngine } from '../support/engine.js';

const engine = testEngine();
/** Named contexts (`--build-context`) need Dockerfile syntax 1.4, built into the engine from Docker 23. */
const NAMED_CONTEXTS_MIN_MAJOR = 23;
/** buildx's `docker` driver exports a cache only from an engine with the containerd image store. */
const exportsCache = engine.imageStore === 'containerd';
const images: string[] = [];
const dirs: string[] = [];
const env = { PATH: process.env.PATH, HOME: process.env.HOME, ...engineEnv() };

beforeAll(() => {
  const version = spawnSync('docker', ['buildx', 'version'], { encoding: 'utf8' });
  if (version.status !== 0) {
    throw new Error(
      'docker buildx is not installed: run `bash scripts/ensure-buildx.sh` (scripts/test.sh does) and run the tests again.',
    );
  }
});

afterAll(() => {
  removeImages(...images);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A temp folder removed after the tests. */
function tempDir(name: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `docker-diet-buildx-${name}-`));
  dirs.push(dir);
  return dir;
}

/** The CLI in `cwd` with the real engine; the image measured is removed afterwards. */
async function measure(cwd: string, args: string[], extraEnv: Record<string, string> = {}) {
  const run = await runCli(['measure', '--format', 'json', ...args], cwd, {
    env: { ...env, ...extraEnv },
    engine: true,
  });
  const report = run.code === 0 ? (JSON.parse(run.stdout) as Report) : undefined;
  const id = report?.images[0]?.head?.imageId;
  if (id) images.push(id);
  return { ...run, report };
}

describe(`buildx on ${engine.label}`, () => {
  it('builds and measures a Dockerfile that needs secrets; their values appear in no report or log line', async () => {
    const token = `npm-${randomUUID()}`;
    const fileSecret = `rc-${randomUUID()}`;
    const root = workspace({
      Dockerfile: [
        `FROM ${BASE_IMAGES.busybox}`,
        // Printed on purpose: the progress log must show it masked.
        'RUN --mount=type=secret,id=npm,required=true cat /run/secrets/npm && echo && sha256sum /run/secrets/npm',
        'RUN --mount=type=secret,id=rc,required=true head -c 100000 /dev/zero > /built && test -s /run/secrets/rc',
        '',
      ].join('\n'),
    });
    dirs.push(root);
    const secretFile = path.join(tempDir('secret'), 'npmrc');
    writeFileSync(secretFile, `${fileSecret}\n`);
    const run = await measure(
      root,
      [
        '--builder',
        'buildx',
        '--no-cache',
        '--secret',
        'id=npm,env=NPM_TOKEN',
        '--secret',
        `id=rc,src=${secretFile}`,
      ],
      { NPM_TOKEN: token },
    );
    expect(run.stderr).toContain(' with buildx (');
    expect(run.code).toBe(0);
    // The step saw the value (its hash), and the log shows *** where it printed it.
    expect(run.stderr).toContain(createHash('sha256').update(token).digest('hex'));
    expect(run.stderr).toMatch(/^#\d+ \d+\.\d+ \*\*\*$/m);
    const head = run.report?.images[0]?.head;
    expect(head?.layers.find((l) => l.instruction?.line === 3)?.size).toBeGreaterThanOrEqual(100_000);
    for (const text of [run.stdout, run.stderr]) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(fileSecret);
    }
  });

  it('builds with an SSH agent forwarded (a throw-away key in a throw-away agent)', async () => {
    const dir = tempDir('ssh');
    const socket = path.join(dir, 'agent.sock');
    execFileSync('ssh-keygen', [
      '-q',
      '-t',
      'ed25519',
      '-N',
      '',
      '-C',
      'docker-diet-test',
      '-f',
      path.join(dir, 'key'),
    ]);
    const agent = execFileSync('ssh-agent', ['-s', '-a', socket], { encoding: 'utf8' });
    const agentPid = /SSH_AGENT_PID=(\d+)/.exec(agent)?.[1];
    try {
      execFileSync('ssh-add', [path.join(dir, 'key')], {
        env: { ...env, SSH_AUTH_SOCK: socket },
        stdio: 'ignore',
      });
      const root = workspace({
        Dockerfile: [
          `FROM ${BASE_IMAGES.busybox}`,
          'RUN --mount=type=ssh,required=true test -S "$SSH_AUTH_SOCK" && echo "agent at $SSH_AUTH_SOCK"',
          '',
        ].join('\n'),
      });
      dirs.push(root);
      const run = await measure(root, ['--builder', 'buildx', '--no-cache', '--ssh', 'default'], {
        SSH_AUTH_SOCK: socket,
      });
      expect(run.code).toBe(0);
      expect(run.stderr).toMatch(/agent at \/run\/buildkit\/ssh_agent\.\d+/);

      // Without --ssh the step fails, and the message names the input to give.
      const without = await measure(root, ['--builder', 'buildx', '--no-cache'], { SSH_AUTH_SOCK: socket });
      expect(without.code).toBe(1);
      expect(without.stderr).toContain('Build failed at Dockerfile:2');
      expect(without.stderr).toContain('give it with `ssh` (CLI: --ssh)');
    } finally {
      if (agentPid) process.kill(Number(agentPid));
    }
  });

  const namedContextsBuild = async () => {
    const shared = tempDir('shared');
    writeFileSync(path.join(shared, 'config.txt'), 'from the named context\n');
    const root = workspace({
      Dockerfile: `FROM ${BASE_IMAGES.busybox}\nCOPY --from=shared config.txt /config.txt\nRUN cat /config.txt\n`,
    });
    dirs.push(root);
    return measure(root, [
      '--builder',
      'buildx',
      '--no-cache',
      '--build-context',
      `shared=${shared}`,
      '--label',
      'org.example.team=shop',
    ]);
  };

  if (engine.major >= NAMED_CONTEXTS_MIN_MAJOR) {
    it('builds with a named build context and labels (the built-in Dockerfile frontend has named contexts)', async () => {
      const run = await namedContextsBuild();
      expect(run.code).toBe(0);
      expect(run.stderr).toContain('from the named context');
      const head = run.report?.images[0]?.head;
      expect(head?.layers.find((l) => l.instruction?.line === 2)?.size).toBe(
        'from the named context\n'.length,
      );
      expect(
        execFileSync(
          'docker',
          ['image', 'inspect', '--format', '{{index .Config.Labels "org.example.team"}}', head!.imageId],
          {
            encoding: 'utf8',
          },
        ).trim(),
      ).toBe('shop');
    });
  } else {
    it("says named build contexts need a newer frontend (this engine's built-in Dockerfile frontend predates them)", async () => {
      const run = await namedContextsBuild();
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        "docker-diet: `build-contexts` need a newer Dockerfile frontend than this engine's: ",
      );
      expect(run.stderr).toContain('Use an engine from Docker 23 on, a `docker-container` builder');
    });
  }

  it('fails a secret mount through the Engine API with a pointer to the buildx builder and `secrets`', async () => {
    const root = workspace({
      Dockerfile: `FROM ${BASE_IMAGES.busybox}\nRUN --mount=type=secret,id=npm,required=true cat /run/secrets/npm\n`,
    });
    dirs.push(root);
    const run = await measure(root, ['--builder', 'engine', '--no-cache']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Build failed at Dockerfile:2');
    expect(run.stderr).toContain(
      'Set `builder: buildx` (CLI: --builder buildx) and give it with `secrets` (CLI: --secret) under the id "npm"',
    );
  });

  it('`auto` builds through the Engine API where the docker CLI has no buildx plugin, and through buildx where it has', async () => {
    const root = workspace({ Dockerfile: `FROM ${BASE_IMAGES.busybox}\nRUN echo auto > /auto\n` });
    dirs.push(root);
    // A docker config folder without cli-plugins: `docker buildx` does not exist for this run.
    const noPlugins = tempDir('no-plugins');
    const engineRun = await measure(root, [], { DOCKER_CONFIG: noPlugins });
    expect(engineRun.code).toBe(0);
    expect(engineRun.stderr).toContain(' with engine (');
    const buildxRun = await measure(root, []);
    expect(buildxRun.code).toBe(0);
    expect(buildxRun.stderr).toContain(' with buildx (');
    expect(buildxRun.report?.images[0]?.head?.size).toBe(engineRun.report?.images[0]?.head?.size);
  });
});

describe(`asking for a buildx builder that cannot build on ${engine.label}`, () => {
  const request = (dir: string): BuildRequest => ({ context: dir, dockerfile: path.join(dir, 'Dockerfile') });
  const contextDir = (): string => {
    const dir = tempDir('builder');
    writeFileSync(path.join(dir, 'Dockerfile'), `FROM ${BASE_IMAGES.busybox}\n`);
    return dir;
  };

  it('says buildx is missing when `builder: buildx` finds no plugin', async () => {
    const client = createDockerClient(
      { ...process.env, DOCKER_CONFIG: tempDir('no-plugins') },
      { builder: 'buildx' },
    );
    const error = await client.build(request(contextDir())).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DietError);
    expect((error as DietError).kind).toBe('environment');
    expect(describeError(error)).toMatch(/^`builder` asks for buildx, but `docker buildx` does not run here/);
  });

  it('says a named builder does not exist', async () => {
    const client = createDockerClient(process.env, { builder: { name: 'no-such-builder-docker-diet' } });
    const error = await client.build(request(contextDir())).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DietError);
    expect((error as DietError).kind).toBe('usage');
    expect(describeError(error)).toMatch(
      /^buildx builder "no-such-builder-docker-diet" does not exist: .*no-such-builder-docker-diet/,
    );
  });
});

describe(`buildx and the Engine API give the same progress, failures and warnings on ${engine.label}`, () => {
  const viaEngine = createDockerClient(process.env, { builder: 'engine' });
  const viaBuildx = createDockerClient(process.env, { builder: 'buildx' });

  /** Builds `dockerfile` with `client`, collecting the progress lines a display would print. */
  async function build(client: DockerClient, dockerfile: string) {
    const dir = tempDir('same');
    writeFileSync(path.join(dir, 'Dockerfile'), dockerfile);
    const request: BuildRequest = {
      context: dir,
      dockerfile: path.join(dir, 'Dockerfile'),
      displayPath: 'Dockerfile',
      noCache: true,
    };
    const lines: string[] = [];
    const onProgress = (update: ProgressUpdate) =>
      lines.push(...update.lines.map((l) => `${l.stream} ${l.text}`));
    const outcome: BuildOutcome | Error = await client
      .build(request, { onProgress })
      .catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
    if (!(outcome instanceof Error)) images.push(outcome.imageId);
    return { outcome, lines };
  }

  /** Output lines grouped by stream, each stream in its own order. */
  const byStream = (lines: string[]) => [
    ...lines.filter((l) => l.startsWith('1 ')),
    ...lines.filter((l) => l.startsWith('2 ')),
  ];

  /**
   * Step names without the base image's digest, which only buildx's resolver adds, and without the
   * FROM step's position: BuildKit shares that vertex with concurrent builds of the same base, and it
   * may carry the name another Dockerfile gave it (`[1/4] FROM …`).
   */
  // FROM steps are left out: on Docker 28 BuildKit shares the base image's resolve step between the
  // builds running at the same time, so it may show twice, or under another build's name.
  const ownSteps = <S extends { name: string }>(steps: S[]): S[] =>
    steps.filter((s) => !/^(\[[^\]]*\] )?FROM /.test(s.name));
  const stepNames = (steps: { name: string }[]) =>
    ownSteps(steps).map((s) => s.name.replace(/@sha256:[0-9a-f]+$/, ''));

  it('for a build with output and a build-check warning', async () => {
    const dockerfile = `FROM ${BASE_IMAGES.busybox} as base\nRUN echo out && echo err >&2\nRUN printf "no newline"\n`;
    const engineBuild = await build(viaEngine, dockerfile);
    const buildxBuild = await build(viaBuildx, dockerfile);
    if (engineBuild.outcome instanceof Error || buildxBuild.outcome instanceof Error) {
      throw new Error(
        `a build failed: ${describeError(engineBuild.outcome)} / ${describeError(buildxBuild.outcome)}`,
      );
    }
    expect(stepNames(buildxBuild.outcome.steps)).toEqual(stepNames(engineBuild.outcome.steps));
    expect(ownSteps(buildxBuild.outcome.steps).map((s) => s.cached)).toEqual(
      ownSteps(engineBuild.outcome.steps).map((s) => s.cached),
    );
    // Within a stream in order; stdout and stderr of one step may interleave either way (20.10 races).
    expect(byStream(buildxBuild.lines)).toEqual(byStream(engineBuild.lines));
    expect(byStream(buildxBuild.lines)).toEqual(['1 out', '1 no newline', '2 err']);
    expect(buildxBuild.outcome.warnings).toEqual(engineBuild.outcome.warnings);
    expect(buildxBuild.outcome.contextFiles).toBe(engineBuild.outcome.contextFiles);
    // Build checks come with BuildKit 0.14+ (Docker 25+); 20.10's BuildKit sends none, either way.
    expect(buildxBuild.outcome.warnings.map((w) => w.check)).toEqual(
      engine.major >= 25 ? ['FromAsCasing'] : [],
    );
  });

  it('for a failing RUN', async () => {
    const dockerfile = `FROM ${BASE_IMAGES.busybox}\nRUN echo start && \\\n    echo failing >&2 && exit 3\n`;
    const engineBuild = await build(viaEngine, dockerfile);
    const buildxBuild = await build(viaBuildx, dockerfile);
    expect(engineBuild.outcome).toBeInstanceOf(BuildFailedError);
    expect(buildxBuild.outcome).toBeInstanceOf(BuildFailedError);
    const [a, b] = [engineBuild.outcome as BuildFailedError, buildxBuild.outcome as BuildFailedError];
    expect(b.instruction).toEqual(a.instruction);
    expect(b.instruction?.line).toBe(2);
    expect([...b.logTail].sort()).toEqual(['failing', 'start']);
    expect([...b.logTail].sort()).toEqual([...a.logTail].sort());
    expect(b.message.split('\n')[0]).toBe(a.message.split('\n')[0]);
    expect(stepNames(b.steps)).toEqual(stepNames(a.steps));
  });
});

describe(`cache export and import through buildx on ${engine.label}`, () => {
  const client = createDockerClient(process.env, { builder: 'buildx' });
  const token = randomUUID();
  const dir = tempDir('cache');
  const cacheDir = path.join(dir, 'cache');
  mkdirSync(path.join(dir, 'app'));
  writeFileSync(
    path.join(dir, 'app', 'Dockerfile'),
    `FROM ${BASE_IMAGES.busybox}\nRUN echo ${token} > /token && head -c 200000 /dev/urandom > /r\nRUN echo second-${token} > /second\n`,
  );
  const request: BuildRequest = {
    context: path.join(dir, 'app'),
    dockerfile: path.join(dir, 'app', 'Dockerfile'),
    displayPath: 'Dockerfile',
  };
  /**
   * Forgets this test's build: the image, and the engine's build cache records of its own steps only.
   * A record stays while an image still holds its snapshot or the engine still holds the finished
   * build (longer on a loaded machine): remove and prune again until none is left.
   */
  const forget = (imageId: string): void => {
    const records = (): string =>
      execFileSync('docker', ['builder', 'du', '--verbose', '--filter', `description~=${token}`], {
        encoding: 'utf8',
      });
    for (let attempt = 0; attempt < 120; attempt += 1) {
      removeImages(imageId);
      execFileSync('docker', ['builder', 'prune', '--force', '--filter', `description~=${token}`], {
        stdio: 'ignore',
      });
      if (!/^ID:/m.test(records())) return;
      execFileSync('sleep', ['0.5']);
    }
    throw new Error(`the build cache records of ${token} could not be pruned within 60 s:\n${records()}`);
  };
  const ranSteps = (steps: { name: string; cached: boolean }[]) =>
    steps.filter((s) => / RUN /.test(s.name)).map((s) => s.cached);

  if (exportsCache) {
    it('`cache-to type=local` then a cold build with `cache-from` reports its steps cached (the containerd store exports caches)', async () => {
      const first = await client.build({ ...request, cacheTo: [`type=local,dest=${cacheDir}`] });
      expect(ranSteps(first.steps)).toEqual([false, false]);
      forget(first.imageId);

      const cold = await client.build(request);
      expect(ranSteps(cold.steps)).toEqual([false, false]);
      forget(cold.imageId);

      const warm = await client.build({ ...request, cacheFrom: [`type=local,src=${cacheDir}`] });
      images.push(warm.imageId);
      expect(ranSteps(warm.steps)).toEqual([true, true]);
      forget(warm.imageId);
    });
  } else {
    it("`cache-to` fails with a clear message (buildx's docker driver exports no cache from an overlay2/graphdriver store; a docker-container builder would)", async () => {
      const error = await client
        .build({ ...request, cacheTo: [`type=local,dest=${cacheDir}`] })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DietError);
      expect((error as DietError).kind).toBe('usage');
      expect(describeError(error)).toMatch(
        /^`cache-to` cannot export here: failed to build: Cache export is not supported for the docker driver\.\n.*`docker-container` builder/,
      );
    });
  }
});
