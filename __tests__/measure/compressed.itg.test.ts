/**
 * The gzip size estimate against what a real registry stores: an image is pushed by the engine to a
 * local registry (Debian's docker-registry, started by scripts/ensure-registry.sh), its manifest is
 * read over HTTP, and each layer's estimate must be within 1 % of the registry's size.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDockerClient, type DockerClient } from '../../src/docker/client.js';
import { analyzeImageArchive } from '../../src/measure/archive.js';
import { BASE_IMAGES, removeImages } from '../support/docker-cli.js';

jest.setTimeout(300_000);

const REGISTRY = '127.0.0.1:5000';
const REPOSITORY = 'docker-diet-test/compressed';
const MANIFEST_TYPES = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
].join(', ');

let docker: DockerClient;
let workDir: string;
let tag: string;

interface Descriptor {
  digest: string;
  size: number;
}

async function registryJson<T>(urlPath: string, accept?: string): Promise<T> {
  const response = await fetch(`http://${REGISTRY}/v2/${REPOSITORY}/${urlPath}`, {
    headers: accept ? { accept } : {},
  });
  if (!response.ok) throw new Error(`GET ${urlPath}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

beforeAll(async () => {
  execFileSync('bash', ['scripts/ensure-registry.sh'], { stdio: 'inherit' });
  docker = createDockerClient();
  workDir = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-compressed-itg-'));
  // Random (incompressible), numbers (very compressible), program bytes (in between) and a hex dump
  // (the worst case found), each a layer of several MB, on the debian base (117 MB of typical files).
  writeFileSync(
    path.join(workDir, 'Dockerfile'),
    [
      `FROM ${BASE_IMAGES.debian}`,
      'RUN head -c 4000000 /dev/urandom > /random.bin',
      'RUN seq 1 900000 > /numbers.txt',
      'RUN cat /usr/bin/* 2>/dev/null | head -c 8000000 > /programs.bin',
      'RUN head -c 1500000 /dev/urandom | od -An -tx1 > /hex.txt',
      // Over 64 MiB: past its first 64 MiB the estimate samples pieces of each block.
      'RUN cp -a /usr /usr-copy && cat /usr/bin/* /usr/lib/x86_64-linux-gnu/*.so* > /usr-copy/blob 2>/dev/null; true',
    ].join('\n'),
  );
  tag = `${REGISTRY}/${REPOSITORY}:${process.pid}`;
  await docker.build({ context: workDir, dockerfile: path.join(workDir, 'Dockerfile'), tag });
  execFileSync('docker', ['push', tag], { stdio: 'ignore' });
});

afterAll(() => {
  removeImages(tag);
  rmSync(workDir, { recursive: true, force: true });
});

describe('compressed size estimate', () => {
  it('is within 1 % of the size the registry stores for each layer over 1 MB (2 % for a hex dump)', async () => {
    const manifest = await registryJson<{ config: Descriptor; layers: Descriptor[] }>(
      `manifests/${process.pid}`,
      MANIFEST_TYPES,
    );
    const config = await registryJson<{ rootfs: { diff_ids: string[] } }>(`blobs/${manifest.config.digest}`);
    // The manifest lists layers in rootfs order: diff_ids[i] is the uncompressed form of layers[i].
    const pushed = new Map(config.rootfs.diff_ids.map((diffId, index) => [diffId, manifest.layers[index]]));

    const analysis = await analyzeImageArchive(await docker.saveImage(tag));
    const compared = analysis.layers
      .map((layer) => ({ layer, stored: pushed.get(layer.diffId)?.size ?? 0 }))
      .filter(({ stored }) => stored > 1_000_000);

    expect(compared.map(({ layer }) => analysis.layers.indexOf(layer))).toEqual([0, 1, 2, 3, 4, 5]);
    const error = compared.map(({ layer, stored }) => Math.abs(layer.compressedSize / stored - 1));
    expect(compared.every(({ layer }) => layer.compressedSizeEstimated)).toBe(true);
    // debian base (117 MB: sampled past 64 MiB), random, numbers, program bytes, and the 184 MB copy
    // of /usr (mostly sampled): within 1 % (measured: -0.67, 0.00, 0.08, -0.60, -0.32 %).
    for (const index of [0, 1, 2, 3, 5]) expect(error[index]).toBeLessThan(0.01);
    // A hex dump is the known worst case: the engine pushes with Go's compress/gzip, which never emits
    // 3-byte matches, while zlib does, so zlib ends ~1.25 % larger on text made of 3-byte tokens.
    expect(error[4]).toBeLessThan(0.02);
    const estimatedTotal = compared.reduce((sum, { layer }) => sum + layer.compressedSize, 0);
    const storedTotal = compared.reduce((sum, { stored }) => sum + stored, 0);
    expect(Math.abs(estimatedTotal / storedTotal - 1)).toBeLessThan(0.005);
  });
});
