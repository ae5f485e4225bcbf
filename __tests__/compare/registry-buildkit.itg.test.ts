/**
 * Registry baselines and `image:` inputs made by a newer BuildKit than the suite's engine may have:
 * an OCI index holding a provenance attestation manifest (`unknown/unknown`) beside the image, and
 * zstd-compressed layers. The images are built and pushed by `docker buildx` (docker driver) on the
 * Docker 28 engine with the containerd image store, whatever engine the suite runs on, to the local
 * registry of scripts/ensure-registry.sh; the registry's own answers, read here over plain HTTP, are
 * the witness.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { RawInputs } from '../../src/config/inputs.js';
import { parseSettings } from '../../src/config/settings.js';
import { createDockerClient } from '../../src/docker/client.js';
import { DietError } from '../../src/errors.js';
import { runPipeline } from '../../src/pipeline.js';
import { readRegistryImage } from '../../src/registry/client.js';
import type { ImageReport } from '../../src/report/model.js';
import { BASE_IMAGES, inspectImage, removeImages } from '../support/docker-cli.js';
import { itWhen, testEngine } from '../support/engine.js';
import { recordingLogger } from './git-fixture.js';

// Two buildx pushes on a shared engine, then builds and measures on the suite's engine.
jest.setTimeout(300_000);

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
/**
 * The engine that builds and pushes, whatever DOCKER_HOST the suite runs with (DOCKER_DIET_PUSH_HOST
 * names another engine with a containerd store and buildx).
 */
const PUSH_HOST = process.env.DOCKER_DIET_PUSH_HOST ?? 'unix:///run/docker-diet/28-containerd/docker.sock';
const NONCE = `${Date.now().toString(36)}${process.pid}`;
const REGISTRY = '127.0.0.1:5000';
const REPOSITORY = `docker-diet-test/buildkit-${NONCE}`;
const ATTESTED = `${REGISTRY}/${REPOSITORY}:attested`;
const ZSTD = `${REGISTRY}/${REPOSITORY}:zstd`;
const NAME = `registry-buildkit-itg-${NONCE}`;
const INDEX_TYPES =
  'application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, ' +
  'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json';

/** The base image's layer is shared with the head; the two RUN layers are random, so never shared. */
const BASE_DOCKERFILE = [
  `FROM ${BASE_IMAGES.busybox}`,
  `RUN echo ${NONCE} > /nonce && head -c 300000 /dev/urandom > /first`,
  'RUN head -c 200000 /dev/urandom > /second',
  '',
].join('\n');
const HEAD_DOCKERFILE = [
  `FROM ${BASE_IMAGES.busybox}`,
  `RUN echo ${NONCE}-head > /nonce && head -c 100000 /dev/urandom > /first`,
  '',
].join('\n');

/** Runs the docker CLI against the pushing engine. */
function pushEngine(...args: string[]): string {
  return execFileSync('docker', args, {
    encoding: 'utf8',
    env: { ...process.env, DOCKER_HOST: PUSH_HOST, DOCKER_CONTEXT: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** What the registry itself says: the index entries, and the image manifest's layers and diff_ids. */
interface Witness {
  index: {
    digest: string;
    platform?: { os?: string; architecture?: string };
    annotations?: Record<string, string>;
  }[];
  imageDigest: string;
  layers: { mediaType: string; size: number }[];
  diffIds: string[];
}

async function readWitness(tag: string): Promise<Witness> {
  const base = `http://${REGISTRY}/v2/${REPOSITORY}`;
  const get = async (ref: string): Promise<Response> => {
    const response = await fetch(`${base}/manifests/${ref}`, { headers: { accept: INDEX_TYPES } });
    expect(response.status).toBe(200);
    return response;
  };
  const index = (await (await get(tag)).json()) as { manifests?: Witness['index'] };
  expect(index.manifests).toBeDefined();
  const image = index.manifests!.find((m) => m.platform?.os === 'linux')!;
  const manifest = (await (await get(image.digest)).json()) as {
    config: { digest: string };
    layers: Witness['layers'];
  };
  const config = (await (await fetch(`${base}/blobs/${manifest.config.digest}`)).json()) as {
    rootfs: { diff_ids: string[] };
  };
  return {
    index: index.manifests!,
    imageDigest: image.digest,
    layers: manifest.layers,
    diffIds: config.rootfs.diff_ids,
  };
}

const sum = (values: number[]): number => values.reduce((total, v) => total + v, 0);
const hostArch = (): string => ({ x64: 'amd64', arm64: 'arm64' })[process.arch as string] ?? process.arch;

describe('registry images from a newer BuildKit: attestation manifests, zstd layers', () => {
  const dirs: string[] = [];
  const images: string[] = [];
  let attested: Witness;
  let zstd: Witness;
  let config: string;

  /** build → measure → compare on the suite's engine, in a folder holding `dockerfile`. */
  async function compare(raw: RawInputs, dockerfile: string): Promise<ImageReport> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-buildkit-'));
    dirs.push(dir);
    writeFileSync(path.join(dir, 'Dockerfile'), dockerfile);
    const settings = parseSettings({ name: NAME, 'layer-cache': 'off', ...raw }, dir, 'input', {});
    const { report, buildError } = await runPipeline(
      settings,
      {
        docker: () => createDockerClient(),
        log: recordingLogger(),
        workspace: dir,
        readRegistry: (reference, options) =>
          readRegistryImage(reference, { ...options, env: { DOCKER_CONFIG: config } }),
      },
      { lint: false, measure: true, compare: true },
    );
    expect(buildError).toBeUndefined();
    const image = report.images[0]!;
    if (!raw.image) images.push(image.head?.imageId ?? '');
    return image;
  }

  beforeAll(async () => {
    execFileSync('bash', [path.join(ROOT, 'scripts/ensure-registry.sh')], { stdio: 'ignore' });
    // The command's own complaint (its stderr) says more than "Command failed".
    const firstLine = (error: unknown): string =>
      String((error as { stderr?: unknown }).stderr || (error as Error).message)
        .trim()
        .split('\n')[0]!;
    try {
      pushEngine('version', '--format', '{{.Server.Version}}');
    } catch (error) {
      throw new Error(
        `These tests push with docker buildx on the Docker 28 containerd-store engine at ${PUSH_HOST}, ` +
          `which does not answer (${firstLine(error)}). Start it with \`bash scripts/ensure-docker.sh 28-containerd\`.`,
        { cause: error },
      );
    }
    try {
      pushEngine('buildx', 'version');
    } catch (error) {
      throw new Error(
        `These tests push with docker buildx, which does not run (${firstLine(error)}). Install it with ` +
          '`bash scripts/ensure-buildx.sh 28-containerd`.',
        { cause: error },
      );
    }
    config = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-config-'));
    writeFileSync(path.join(config, 'config.json'), '{"auths":{}}');
    const context = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-buildkit-context-'));
    dirs.push(context, config);
    writeFileSync(path.join(context, 'Dockerfile'), BASE_DOCKERFILE);
    const build = [
      'buildx',
      'build',
      '--builder',
      'default',
      '--quiet',
      '--provenance=mode=min',
      '--sbom=false',
    ];
    // gzip layers (BuildKit's default) in an index with a provenance attestation.
    pushEngine(...build, '--push', '-t', ATTESTED, context);
    // The same build, its layers recompressed with zstd (OCI media types, as attestations need).
    pushEngine(
      ...build,
      '--output',
      `type=image,name=${ZSTD},push=true,compression=zstd,force-compression=true,oci-mediatypes=true`,
      context,
    );
    attested = await readWitness('attested');
    zstd = await readWitness('zstd');
  });

  afterAll(async () => {
    for (const tag of ['attested', 'zstd']) {
      const response = await fetch(`http://${REGISTRY}/v2/${REPOSITORY}/manifests/${tag}`, {
        method: 'HEAD',
        headers: { accept: INDEX_TYPES },
      }).catch(() => undefined);
      const digest = response?.headers.get('docker-content-digest');
      if (digest)
        await fetch(`http://${REGISTRY}/v2/${REPOSITORY}/manifests/${digest}`, { method: 'DELETE' }).catch(
          () => undefined,
        );
    }
    for (const reference of [ATTESTED, ZSTD]) {
      try {
        pushEngine('image', 'rm', '-f', reference);
      } catch {
        // not kept by that engine, or already gone
      }
    }
    removeImages(ZSTD, ...images);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('pushes what the tests assume: an index with one image and one attestation manifest', () => {
    for (const witness of [attested, zstd]) {
      expect(witness.index).toHaveLength(2);
      const attestation = witness.index.find((m) => m.platform?.os === 'unknown')!;
      expect(attestation.annotations?.['vnd.docker.reference.type']).toBe('attestation-manifest');
      expect(attestation.annotations?.['vnd.docker.reference.digest']).toBe(witness.imageDigest);
      // busybox's layer and the two RUN layers, the same tars in both pushes.
      expect(witness.layers).toHaveLength(3);
    }
    expect(zstd.diffIds).toEqual(attested.diffIds);
    // BuildKit keeps a layer's stored compression: busybox's, `docker load`ed from a plain archive,
    // is pushed as an uncompressed tar where the store keeps it so (the containerd store).
    expect(attested.layers.slice(1).map((l) => l.mediaType)).toEqual([
      'application/vnd.oci.image.layer.v1.tar+gzip',
      'application/vnd.oci.image.layer.v1.tar+gzip',
    ]);
    expect(zstd.layers.map((l) => l.mediaType)).toEqual(
      Array(3).fill('application/vnd.oci.image.layer.v1.tar+zstd'),
    );
  });

  it('skips the attestation manifest and reads the image for the platform', async () => {
    const image = await readRegistryImage(ATTESTED, { env: { DOCKER_CONFIG: config } });
    expect(image.manifestDigest).toBe(attested.imageDigest);
    expect(`${image.os}/${image.architecture}`).toBe(`linux/${hostArch()}`);
    expect(image.layers.map((l) => l.size)).toEqual(attested.layers.map((l) => l.size));
    expect(image.layers.map((l) => l.diffId)).toEqual(attested.diffIds);
    expect(image.compressedSize).toBe(sum(attested.layers.map((l) => l.size)));

    // A platform the index lacks: the message lists the images it has, not the attestation.
    const other = hostArch() === 'arm64' ? 'linux/s390x' : 'linux/arm64';
    const missing = readRegistryImage(ATTESTED, { platform: other, env: { DOCKER_CONFIG: config } });
    await expect(missing).rejects.toThrow(DietError);
    await expect(missing).rejects.toThrow(`has no image for ${other} (it has linux/${hostArch()}).`);
  });

  it('compares with an attested registry image: sizes are the pushed manifest’s', async () => {
    const image = await compare({ 'base-image': ATTESTED, compare: 'registry' }, HEAD_DOCKERFILE);
    const base = image.base!;
    expect(image.baseline).toEqual({ source: 'registry', ref: ATTESTED });
    expect(base.imageId).toBe(attested.imageDigest);
    expect(base.compressedSize).toBe(sum(attested.layers.map((l) => l.size)));
    expect(base.compressedSizeEstimated).toBe(false);
    const registryLayers = base.layers.filter((l) => l.diffId);
    expect(registryLayers.map((l) => l.compressedSize)).toEqual(attested.layers.map((l) => l.size));
    expect(registryLayers.every((l) => l.compressedSizeExact)).toBe(true);
    // gzip layers: the base's own layers count their tar size from the gzip trailer, a little over
    // the files' bytes (300,000 and 200,000 random bytes).
    expect(registryLayers[1]!.size).toBeGreaterThanOrEqual(300_000);
    expect(registryLayers[1]!.size).toBeLessThan(300_000 + 10_240);
    expect(registryLayers[2]!.size).toBeGreaterThanOrEqual(200_000);
    expect(registryLayers[2]!.size).toBeLessThan(200_000 + 10_240);
    expect(base.notes.join(' ')).not.toContain('not measured');
    // busybox's layer is shared; the head's RUN layer replaces the base's two.
    expect(image.layerChanges.map((row) => [row.status, row.fromBase])).toEqual([
      ['unchanged', true],
      ['changed', false],
      ['removed', false],
    ]);
  });

  it('compares with a zstd registry image: exact compressed sizes, uncompressed sizes said to be estimated', async () => {
    const image = await compare({ 'base-image': ZSTD, compare: 'registry' }, HEAD_DOCKERFILE);
    const head = image.head!;
    const base = image.base!;
    expect(base.imageId).toBe(zstd.imageDigest);
    expect(base.compressedSize).toBe(sum(zstd.layers.map((l) => l.size)));
    expect(base.compressedSizeEstimated).toBe(false);
    const registryLayers = base.layers.filter((l) => l.diffId);
    expect(registryLayers.map((l) => l.compressedSize)).toEqual(zstd.layers.map((l) => l.size));

    // No gzip trailer in a zstd blob: the two layers only the base has are not measured, and say so.
    const raw = await readRegistryImage(ZSTD, {
      knownDiffIds: new Set(head.layers.flatMap((l) => (l.diffId ? [l.diffId] : []))),
      env: { DOCKER_CONFIG: config },
    });
    expect(raw.layers.slice(1).map((l) => l.tarSize)).toEqual([null, null]);
    const note = base.notes.find((n) => n.includes('not measured'));
    expect(note).toContain('2 zstd-compressed base layers');
    expect(note).toContain('an estimate');
    expect(note).toContain('compressed (pull) sizes are exact');

    // The shared busybox layer: a head size estimated for gzip is not replaced by a zstd blob's size
    // (that would not be the head's pull size); an exact head blob size stays as it is.
    const shared = head.layers.find((l) => l.diffId === zstd.diffIds[0])!;
    expect(shared.compressedSize).not.toBe(zstd.layers[0]!.size);
    expect(shared.compressedSizeExact).toBe(testEngine().imageStore === 'containerd');
  });

  // Docker 20.10 cannot pull OCI zstd layers ("failed to register layer: … archive/tar: invalid tar
  // header", Docker 20.10.24, 2026-12), so such an image never is a local `image:` there.
  itWhen(testEngine().major >= 23, 'the engine cannot pull OCI zstd layers')(
    'measures a zstd image given as `image:` and compares it with itself in the registry',
    async () => {
      // Into the suite's engine: the containerd store keeps the zstd blobs, a graphdriver unpacks them.
      execFileSync('docker', ['pull', '-q', ZSTD], { stdio: 'ignore' });
      const image = await compare({ image: ZSTD, 'base-image': ZSTD, compare: 'registry' }, HEAD_DOCKERFILE);
      const head = image.head!;
      expect(head.layers.filter((l) => l.diffId).map((l) => l.diffId)).toEqual(
        JSON.parse(inspectImage(ZSTD, '{{json .RootFS.Layers}}')),
      );
      expect(head.size).toBe(Number(inspectImage(ZSTD, '{{.Size}}')));
      expect(image.layerChanges.every((row) => row.status === 'unchanged')).toBe(true);
      if (testEngine().imageStore === 'containerd') {
        // The store's blobs are the pushed ones: the pull size is exact and equals the registry's.
        expect(head.compressedSize).toBe(sum(zstd.layers.map((l) => l.size)));
        expect(head.compressedSizeEstimated).toBe(false);
        expect(image.delta!.compressedSize).toBe(0);
        // Node 20 has no zstd: the layers' files are not analysed, and the report says so per layer.
        if (!('createZstdDecompress' in (await import('node:zlib'))))
          expect(head.notes.filter((n) => n.includes('zstd-compressed'))).toHaveLength(zstd.layers.length);
      } else {
        // Unpacked by the engine: every layer is analysed; the head's pull size is a gzip estimate.
        expect(head.notes.join(' ')).not.toContain('zstd');
        expect(head.layers.filter((l) => l.diffId).every((l) => !l.compressedSizeExact)).toBe(true);
        expect(head.layers.find((l) => l.createdBy.includes('300000'))!.size).toBeGreaterThanOrEqual(300_000);
      }
    },
  );
});
