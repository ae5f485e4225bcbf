/**
 * The Bearer token flow over real HTTP, against a small server that answers as a token-protected
 * registry does (401 + WWW-Authenticate: Bearer realm=…, a token endpoint, then manifest and config).
 * Basic auth and the real registry are covered in compare/registry.itg.test.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readRegistryImage } from '../../src/registry/client.js';

const TOKEN = 'token-for-o-app';

describe('registry client: Bearer tokens and indexes', () => {
  let server: Server;
  let port: number;
  let dockerConfig: string;
  const seen: { path: string; auth?: string }[] = [];

  const manifest = {
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { digest: 'sha256:cfg', size: 10 },
    layers: [
      { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: 'sha256:l1', size: 1000 },
      { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: 'sha256:l2', size: 250 },
    ],
  };
  const config = {
    os: 'linux',
    architecture: 'amd64',
    rootfs: { type: 'layers', diff_ids: ['sha256:d1', 'sha256:d2'] },
    history: [{ created_by: 'ADD rootfs' }, { created_by: 'RUN x', comment: 'buildkit.dockerfile.v0' }],
  };
  const index = {
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [
      { digest: 'sha256:arm', size: 1, platform: { os: 'linux', architecture: 'arm64' } },
      { digest: 'sha256:amd', size: 1, platform: { os: 'linux', architecture: 'amd64' } },
    ],
  };

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      seen.push({ path: url.pathname + url.search, auth: req.headers.authorization });
      if (url.pathname === '/token') {
        const basic = `Basic ${Buffer.from('robot:s3cret').toString('base64')}`;
        if (
          req.headers.authorization !== basic ||
          url.searchParams.get('scope') !== 'repository:o/app:pull'
        ) {
          res.writeHead(401).end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: TOKEN }));
        return;
      }
      if (req.headers.authorization !== `Bearer ${TOKEN}`) {
        res
          .writeHead(401, {
            'www-authenticate': `Bearer realm="http://127.0.0.1:${port}/token",service="test-registry",scope="repository:o/app:pull"`,
          })
          .end();
        return;
      }
      const body =
        url.pathname === '/v2/o/app/manifests/main'
          ? index
          : url.pathname === '/v2/o/app/manifests/sha256:amd'
            ? manifest
            : url.pathname === '/v2/o/app/blobs/sha256:cfg'
              ? config
              : undefined;
      if (!body) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'docker-content-digest': 'sha256:served' });
      res.end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    dockerConfig = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-dockercfg-'));
    writeFileSync(
      path.join(dockerConfig, 'config.json'),
      JSON.stringify({
        auths: { [`127.0.0.1:${port}`]: { auth: Buffer.from('robot:s3cret').toString('base64') } },
      }),
    );
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dockerConfig, { recursive: true, force: true });
  });

  it('gets a token with the stored credentials, picks the platform and reads sizes and diff ids', async () => {
    const image = await readRegistryImage(`127.0.0.1:${port}/o/app:main`, {
      platform: 'linux/amd64',
      env: { DOCKER_CONFIG: dockerConfig },
    });
    expect(image.compressedSize).toBe(1250);
    expect(image.layers.map((l) => [l.diffId, l.size])).toEqual([
      ['sha256:d1', 1000],
      ['sha256:d2', 250],
    ]);
    expect(image.config.history).toHaveLength(2);
    expect(seen.some((r) => r.path.startsWith('/token?'))).toBe(true);
  });

  it('says which platforms exist when the wanted one does not', async () => {
    await expect(
      readRegistryImage(`127.0.0.1:${port}/o/app:main`, {
        platform: 'linux/s390x',
        env: { DOCKER_CONFIG: dockerConfig },
      }),
    ).rejects.toThrow(/has no image for linux\/s390x \(it has linux\/arm64, linux\/amd64\)/);
  });

  it('explains a refusal without credentials', async () => {
    await expect(
      readRegistryImage(`127.0.0.1:${port}/o/app:main`, { env: { DOCKER_CONFIG: '/nonexistent' } }),
    ).rejects.toThrow(/token service 127\.0\.0\.1:\d+ refused a token/);
  });
});
