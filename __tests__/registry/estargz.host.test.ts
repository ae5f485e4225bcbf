/**
 * eStargz layers in a registry (local registry of scripts/ensure-registry.sh). An eStargz blob is a
 * gzip of the tar followed by more gzip members, the last an empty footer: its gzip trailer says 0, not
 * the tar's size. No engine here writes eStargz (Docker 28.5.2 as packaged by Debian crashes on
 * `compression=estargz`, 2026-12), so the blobs are made in the test with that shape and pushed
 * through the registry's upload API; the registry stores and serves them like any other.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import tar from 'tar-stream';
import { readRegistryImage } from '../../src/registry/client.js';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const REGISTRY = '127.0.0.1:5000';
const REPOSITORY = `docker-diet-test/estargz-${Date.now().toString(36)}${process.pid}`;
const TOC = 'containerd.io/snapshot/stargz/toc.digest';
const UNCOMPRESSED = 'io.containers.estargz.uncompressed-size';

const digestOf = (bytes: Buffer): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/** A real tar holding one file of `size` random bytes (so its gzip is about as large). */
async function makeTar(size: number): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (chunk) => {
    chunks.push(chunk as Buffer);
  });
  const done = new Promise<void>((resolve) => pack.on('end', () => resolve()));
  pack.entry({ name: 'data.bin' }, randomBytes(size));
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

/** Monolithic blob upload (POST, then PUT with the digest). */
async function pushBlob(bytes: Buffer): Promise<string> {
  const digest = digestOf(bytes);
  const start = await fetch(`http://${REGISTRY}/v2/${REPOSITORY}/blobs/uploads/`, { method: 'POST' });
  expect(start.status).toBe(202);
  const location = new URL(start.headers.get('location')!, `http://${REGISTRY}`);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, {
    method: 'PUT',
    body: bytes,
    headers: { 'content-type': 'application/octet-stream' },
  });
  expect(put.status).toBe(201);
  return digest;
}

describe('eStargz layers in a registry', () => {
  let tarBytes: Buffer;
  let config: string;
  const digests: string[] = [];

  /** Pushes a one-layer image whose layer is `blob` with `annotations`, tagged `tag`. */
  async function pushImage(tag: string, blob: Buffer, annotations?: Record<string, string>): Promise<void> {
    const configBlob = Buffer.from(
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        rootfs: { type: 'layers', diff_ids: [digestOf(tarBytes)] },
        history: [{ created_by: 'COPY data.bin / # buildkit' }],
      }),
    );
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: {
          mediaType: 'application/vnd.oci.image.config.v1+json',
          digest: await pushBlob(configBlob),
          size: configBlob.length,
        },
        layers: [
          {
            mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
            digest: await pushBlob(blob),
            size: blob.length,
            ...(annotations ? { annotations } : {}),
          },
        ],
      }),
    );
    const put = await fetch(`http://${REGISTRY}/v2/${REPOSITORY}/manifests/${tag}`, {
      method: 'PUT',
      body: manifest,
      headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
    });
    expect(put.status).toBe(201);
    digests.push(digestOf(manifest));
  }

  const read = (tag: string) =>
    readRegistryImage(`${REGISTRY}/${REPOSITORY}:${tag}`, {
      platform: 'linux/amd64',
      knownDiffIds: new Set(),
      env: { DOCKER_CONFIG: config },
    });

  beforeAll(async () => {
    execFileSync('bash', [path.join(ROOT, 'scripts/ensure-registry.sh')], { stdio: 'ignore' });
    config = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-config-'));
    writeFileSync(path.join(config, 'config.json'), '{"auths":{}}');
    tarBytes = await makeTar(64 * 1024);
    // The tar's gzip, then a stand-in table of contents and the empty footer member, as eStargz ends.
    const estargz = Buffer.concat([
      gzipSync(tarBytes),
      gzipSync(Buffer.from('{"version":1,"entries":[]}')),
      gzipSync(Buffer.alloc(0)),
    ]);
    expect(estargz.readUInt32LE(estargz.length - 4)).toBe(0);
    await pushImage('gzip', gzipSync(tarBytes));
    await pushImage('estargz', estargz, {
      [TOC]: digestOf(Buffer.from('toc')),
      [UNCOMPRESSED]: String(tarBytes.length),
    });
    await pushImage('estargz-unsized', estargz, { [TOC]: digestOf(Buffer.from('toc')) });
  });

  afterAll(async () => {
    for (const digest of digests)
      await fetch(`http://${REGISTRY}/v2/${REPOSITORY}/manifests/${digest}`, { method: 'DELETE' }).catch(
        () => undefined,
      );
    if (config) rmSync(config, { recursive: true, force: true });
  });

  it('reads a plain gzip layer’s tar size from its trailer', async () => {
    const image = await read('gzip');
    expect(image.layers[0]!.tarSize).toBe(tarBytes.length);
    expect(image.layers[0]!.estargz).toBeUndefined();
  });

  it('takes an eStargz layer’s size from its annotation, never from the footer’s trailer', async () => {
    const image = await read('estargz');
    expect(image.layers[0]!.tarSize).toBe(tarBytes.length);
    expect(image.layers[0]!.estargz).toBe(true);
  });

  it('leaves an eStargz layer without the annotation unmeasured rather than 4 GiB', async () => {
    const image = await read('estargz-unsized');
    expect(image.layers[0]!.tarSize).toBeNull();
    expect(image.layers[0]!.estargz).toBe(true);
  });
});
