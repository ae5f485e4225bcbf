/**
 * Compare against an image pushed to a real registry (Debian's docker-registry on 127.0.0.1, started
 * by scripts/ensure-registry.sh): no base build, layers matched by diff_id, compressed sizes read
 * from the registry. The registry's own answers, fetched here over plain HTTP, are the witness.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { createDockerClient } from '../../src/docker/client.js';
import { DietError } from '../../src/errors.js';
import { runPipeline, type PipelineDeps } from '../../src/pipeline.js';
import { readRegistryImage } from '../../src/registry/client.js';
import type { ImageReport } from '../../src/report/model.js';
import type { RawInputs } from '../../src/config/inputs.js';
import { parseSettings } from '../../src/config/settings.js';
import { BASE_IMAGES, inspectImage, removeImages } from '../support/docker-cli.js';
import { builtBy, recordingLogger, TestRepo, type RecordingLogger } from './git-fixture.js';
import { testEngine } from '../support/engine.js';

// Builds FROM debian (117 MB) and measures it several times; the project's testTimeout does not reach
// per-file runs.
jest.setTimeout(180_000);

const NONCE = `${Date.now().toString(36)}${process.pid}`;
const REPOSITORY = `docker-diet-test/compare-${NONCE}`;
const NAME = `registry-itg-${NONCE}`;
const PLAIN = '127.0.0.1:5000';
const AUTH = '127.0.0.1:5001';
const USER = 'docker-diet';
const PASSWORD = 'docker-diet-test';
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

const SHARED = `RUN echo ${NONCE} > /nonce && head -c 2000000 /dev/urandom > /shared`;
const COPY = 'COPY app.txt /app/app.txt';
const MAIN_CHANGING = 'RUN head -c 4000000 /dev/urandom > /changing';
const HEAD_CHANGING = 'RUN head -c 1500000 /dev/urandom > /changing';
const dockerfile = (...lines: string[]): string => `${[`FROM ${BASE_IMAGES.debian}`, ...lines].join('\n')}\n`;

/** What the registry itself says about a pushed image, read without docker-diet's client. */
interface Witness {
  digest: string;
  layerSizes: number[];
  diffIds: string[];
}

async function readWitness(registry: string, tag: string, auth?: string): Promise<Witness> {
  const headers: Record<string, string> = {
    accept: 'application/vnd.docker.distribution.manifest.v2+json',
    ...(auth ? { authorization: auth } : {}),
  };
  const base = `http://${registry}/v2/${REPOSITORY}`;
  const response = await fetch(`${base}/manifests/${tag}`, { headers });
  expect(response.status).toBe(200);
  const manifest = (await response.json()) as { config: { digest: string }; layers: { size: number }[] };
  const config = (await (
    await fetch(`${base}/blobs/${manifest.config.digest}`, { headers: auth ? { authorization: auth } : {} })
  ).json()) as { rootfs: { diff_ids: string[] } };
  return {
    digest: response.headers.get('docker-content-digest') ?? '',
    layerSizes: manifest.layers.map((l) => l.size),
    diffIds: config.rootfs.diff_ids,
  };
}

const sum = (values: number[]): number => values.reduce((total, v) => total + v, 0);

describe('compare with a registry image', () => {
  const images: string[] = [];
  const basicAuth = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
  let repo: TestRepo;
  let baseSha: string;
  let mainId: string;
  let withAuth: string;
  let withoutAuth: string;
  let wrongAuth: string;

  /** Runs build → measure → compare; `env` is what the registry client sees (DOCKER_CONFIG). */
  async function compare(
    raw: RawInputs,
    env: NodeJS.ProcessEnv,
    extra: Partial<PipelineDeps> = {},
  ): Promise<{ image: ImageReport; log: RecordingLogger }> {
    const log = recordingLogger();
    const settings = parseSettings({ name: NAME, ...raw }, repo.dir, 'input', {});
    const { report, buildError } = await runPipeline(
      settings,
      {
        docker: () => createDockerClient(),
        log,
        workspace: repo.dir,
        readRegistry: (reference, options) => readRegistryImage(reference, { ...options, env }),
        ...extra,
      },
      { lint: false, measure: true, compare: true },
    );
    expect(buildError).toBeUndefined();
    const image = report.images[0]!;
    images.push(image.head?.imageId ?? '', image.base?.imageId ?? '');
    return { image, log };
  }

  const dockerConfig = (auths: Record<string, { auth: string }>): string => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-config-'));
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ auths }));
    return dir;
  };

  beforeAll(async () => {
    const env = { ...process.env, REGISTRY_USER: USER, REGISTRY_PASSWORD: PASSWORD };
    execFileSync('bash', [path.join(ROOT, 'scripts/ensure-registry.sh')], { env, stdio: 'ignore' });
    execFileSync('bash', [path.join(ROOT, 'scripts/ensure-registry.sh'), '--auth'], { env, stdio: 'ignore' });
    withAuth = dockerConfig({ [AUTH]: { auth: Buffer.from(`${USER}:${PASSWORD}`).toString('base64') } });
    withoutAuth = dockerConfig({});
    wrongAuth = dockerConfig({ [AUTH]: { auth: Buffer.from(`${USER}:wrong`).toString('base64') } });

    repo = new TestRepo();
    baseSha = repo.commit(
      { Dockerfile: dockerfile(SHARED, COPY, MAIN_CHANGING), 'app.txt': 'app\n' },
      'main',
    );
    // The base branch's image, built by the engine's BuildKit (so the head build can share its cache,
    // as a CI cache would) and pushed with the docker CLI to both registries.
    const main = await createDockerClient().build({
      context: repo.dir,
      dockerfile: path.join(repo.dir, 'Dockerfile'),
      tag: `${PLAIN}/${REPOSITORY}:main`,
    });
    mainId = main.imageId;
    execFileSync('docker', ['tag', mainId, `${AUTH}/${REPOSITORY}:main`]);
    execFileSync('docker', ['push', '-q', `${PLAIN}/${REPOSITORY}:main`], { stdio: 'ignore' });
    execFileSync('docker', ['--config', withAuth, 'push', '-q', `${AUTH}/${REPOSITORY}:main`], {
      stdio: 'ignore',
    });
    repo.commit({ Dockerfile: dockerfile(SHARED, COPY, HEAD_CHANGING) }, 'head: smaller changing layer');
  });

  afterAll(async () => {
    // Best effort: delete the pushed manifests (the registries run with delete enabled).
    for (const [registry, auth] of [
      [PLAIN, undefined],
      [AUTH, basicAuth],
    ] as const) {
      const witness = await readWitness(registry, 'main', auth).catch(() => undefined);
      if (witness) {
        await fetch(`http://${registry}/v2/${REPOSITORY}/manifests/${witness.digest}`, {
          method: 'DELETE',
          headers: auth ? { authorization: auth } : {},
        }).catch(() => undefined);
      }
    }
    removeImages(
      `${PLAIN}/${REPOSITORY}:main`,
      `${AUTH}/${REPOSITORY}:main`,
      mainId,
      ...images,
      ...builtBy(NAME, baseSha),
    );
    repo?.remove();
    for (const dir of [withAuth, withoutAuth, wrongAuth])
      if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('matches shared layers by diff_id and uses the registry sizes for the base', async () => {
    const reference = `${PLAIN}/${REPOSITORY}:main`;
    const witness = await readWitness(PLAIN, 'main');
    const { image } = await compare(
      { 'base-image': reference, compare: 'registry' },
      { DOCKER_CONFIG: withoutAuth },
    );
    const head = image.head!;
    const base = image.base!;
    expect(image.baseline).toEqual({ source: 'registry', ref: reference });
    expect(base.imageId).toBe(witness.digest);
    expect(base.compressedSize).toBe(sum(witness.layerSizes));

    // Head and registry image share every layer but the last: debian's, the seeded RUN and the COPY.
    const headDiffIds = head.layers.filter((l) => l.diffId).map((l) => l.diffId);
    expect(JSON.parse(inspectImage(head.imageId, '{{json .RootFS.Layers}}'))).toEqual(headDiffIds);
    const shared = witness.diffIds.length - 1;
    expect(headDiffIds.slice(0, shared)).toEqual(witness.diffIds.slice(0, shared));
    expect(headDiffIds[shared]).not.toBe(witness.diffIds[shared]);

    const rows = image.layerChanges.map((row) => [row.status, row.fromBase, row.instruction?.line ?? null]);
    expect(rows).toEqual([
      ['unchanged', true, null],
      ['unchanged', false, 2],
      ['unchanged', false, 3],
      ['changed', false, 4],
    ]);
    const changed = image.layerChanges[3]!;
    expect(changed.instruction?.text).toBe(HEAD_CHANGING);

    // Shared layers cancel out exactly: the compressed delta is the changed layers' alone, the head's
    // (estimated here) minus the registry's (exact).
    const headChanged = head.layers.find((l) => l.instruction?.line === 4)!;
    expect(image.delta!.compressedSize).toBe(headChanged.compressedSize! - witness.layerSizes[shared]!);
    const ownShared = head.layers.filter((l) => l.diffId && witness.diffIds.includes(l.diffId));
    expect(ownShared.map((l) => l.compressedSize)).toEqual(witness.layerSizes.slice(0, shared));
    // Exact per layer: shared layers and every registry layer carry the registry's size; the changed
    // head layer is exact only where the engine's store holds its pushed blob (the containerd store).
    const containerd = testEngine().imageStore === 'containerd';
    expect(ownShared.every((l) => l.compressedSizeExact)).toBe(true);
    expect(headChanged.compressedSizeExact).toBe(containerd);
    expect(head.compressedSizeEstimated).toBe(!containerd);
    expect(base.layers.filter((l) => l.diffId).every((l) => l.compressedSizeExact)).toBe(true);
    expect(base.compressedSizeEstimated).toBe(false);

    // The registry keeps only compressed layers: the base's own layer counts its tar size (from the
    // gzip trailer), a little over the file's 4,000,000 bytes. The image is also here locally, so the
    // estimate can be checked against docker's numbers: within 0.5 % of the changed bytes.
    expect(changed.baseSize).toBeGreaterThanOrEqual(4_000_000);
    expect(changed.baseSize).toBeLessThan(4_000_000 * 1.005);
    const trueDelta = head.size - Number(inspectImage(mainId, '{{.Size}}'));
    expect(Math.abs(image.delta!.size - trueDelta)).toBeLessThan(0.005 * 4_000_000);
    // On the containerd store Size counts the blobs held, so the registry image's size is its
    // compressed layers, exactly, and nothing about it is estimated.
    if (containerd) expect(base.size).toBe(sum(witness.layerSizes));
    expect(base.notes.join(' ').includes('estimated')).toBe(!containerd);
  });

  it('reads a registry that needs credentials from DOCKER_CONFIG, and says clearly when they are missing', async () => {
    const reference = `${AUTH}/${REPOSITORY}:main`;
    const raw = { 'base-image': reference, compare: 'registry' };
    const witness = await readWitness(AUTH, 'main', basicAuth);
    const { image } = await compare(raw, { DOCKER_CONFIG: withAuth });
    expect(image.baseline).toEqual({ source: 'registry', ref: reference });
    expect(image.base!.compressedSize).toBe(sum(witness.layerSizes));
    expect(image.layerChanges.map((row) => row.status)).toEqual([
      'unchanged',
      'unchanged',
      'unchanged',
      'changed',
    ]);

    const anonymous = compare(raw, { DOCKER_CONFIG: withoutAuth });
    await expect(anonymous).rejects.toThrow(DietError);
    await expect(anonymous).rejects.toThrow(`${AUTH} needs credentials and none were found for it.`);

    const wrong = compare(raw, { DOCKER_CONFIG: wrongAuth });
    await expect(wrong).rejects.toThrow(DietError);
    await expect(wrong).rejects.toThrow(/refused access to .*: HTTP 401/);
  });

  it('falls back to building the base commit when the registry image does not exist (compare: auto)', async () => {
    const missing = `${PLAIN}/${REPOSITORY}-missing:main`;
    const { image, log } = await compare(
      { 'base-image': missing, compare: 'auto' },
      { DOCKER_CONFIG: withoutAuth },
      { defaultBaseRef: baseSha },
    );
    expect(log.warnings).toHaveLength(1);
    expect(log.warnings[0]).toContain('Registry baseline unavailable');
    expect(log.warnings[0]).toContain('does not exist');
    expect(log.warnings[0]).toContain('building the base commit instead');
    expect(image.baseline).toMatchObject({ source: 'build', ref: baseSha });
    expect(image.delta!.size).toBe(
      Number(inspectImage(image.head!.imageId, '{{.Size}}')) -
        Number(inspectImage(image.base!.imageId, '{{.Size}}')),
    );
    expect(image.layerChanges.map((row) => row.status)).toEqual([
      'unchanged',
      'unchanged',
      'unchanged',
      'changed',
    ]);
    expect(repo.worktrees()).toEqual([repo.dir]);
  });
});
