/**
 * Builds `docker save` archives in memory with tar-stream, in the two layouts engines write: 20.10's
 * legacy layout (`<id>/layer.tar`, `<id>.json` config, `manifest.json` last) and the OCI layout of
 * Docker 25+ (`blobs/sha256/…`, `index.json`, optionally gzip-compressed layers).
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';

/** One entry of a layer tar. `content` is a byte count (filled with `fill`) or the bytes themselves. */
export interface FakeEntry {
  name: string;
  type?: 'file' | 'directory' | 'symlink' | 'link' | 'character-device';
  content?: number | Buffer;
  fill?: string;
  linkname?: string;
}

/** Shorthands for entries. */
export const file = (name: string, content: number | Buffer, fill = 'x'): FakeEntry => ({
  name,
  content,
  fill,
});
export const dir = (name: string): FakeEntry => ({ name, type: 'directory' });
export const whiteout = (path: string): FakeEntry => {
  const slash = path.lastIndexOf('/');
  return file(`${path.slice(0, slash + 1)}.wh.${path.slice(slash + 1)}`, 0);
};
export const opaque = (dirPath: string): FakeEntry => file(`${dirPath}/.wh..wh..opq`, 0);
export const hardLink = (name: string, target: string): FakeEntry => ({
  name,
  type: 'link',
  linkname: target,
});
export const symlink = (name: string, target: string): FakeEntry => ({
  name,
  type: 'symlink',
  linkname: target,
});

/** Packs entries into a tar (as a layer.tar). */
export async function layerTar(entries: FakeEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const entry of entries) {
    const content =
      typeof entry.content === 'number' ? Buffer.alloc(entry.content, entry.fill ?? 'x') : entry.content;
    const type = entry.type ?? 'file';
    const header = {
      name: entry.name,
      type,
      linkname: entry.linkname,
      mode: type === 'directory' ? 0o755 : 0o644,
    };
    if (type === 'file') pack.entry(header, content ?? Buffer.alloc(0));
    else pack.entry(header);
  }
  pack.finalize();
  return collect(pack);
}

/** `sha256:<hex>` of bytes. */
export function digest(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** An image config naming these layer tars, one history entry each (plus optional empty steps). */
export function imageConfig(layers: Buffer[], diffIds = layers.map(digest)): Record<string, unknown> {
  return {
    architecture: 'amd64',
    os: 'linux',
    rootfs: { type: 'layers', diff_ids: diffIds },
    history: [
      ...layers.map((_, index) => ({
        created_by: `/bin/sh -c step ${index}`,
        created: '2024-01-01T00:00:00Z',
      })),
      { created_by: 'CMD ["sh"]', empty_layer: true },
    ],
  };
}

/** A 20.10-style archive: layer folders, config, then manifest.json last, as the engine writes it. */
export async function legacyArchive(
  layers: Buffer[],
  options: { config?: Record<string, unknown>; duplicateAsSymlink?: boolean } = {},
): Promise<Buffer> {
  const config = Buffer.from(JSON.stringify(options.config ?? imageConfig(layers)));
  const configName = `${digest(config).slice(7)}.json`;
  const pack = tar.pack();
  const layerPaths: string[] = [];
  const seen = new Map<string, string>();
  layers.forEach((layer, index) => {
    const id = createHash('sha256').update(`layer ${index}`).digest('hex');
    const path = `${id}/layer.tar`;
    layerPaths.push(path);
    pack.entry({ name: `${id}/`, type: 'directory' });
    pack.entry({ name: `${id}/VERSION` }, '1.0');
    pack.entry({ name: `${id}/json` }, '{}');
    const earlier = seen.get(digest(layer));
    if (earlier && options.duplicateAsSymlink) {
      pack.entry({ name: path, type: 'symlink', linkname: `../${earlier}` });
    } else {
      pack.entry({ name: path }, layer);
      seen.set(digest(layer), path);
    }
  });
  pack.entry({ name: configName }, config);
  pack.entry(
    { name: 'manifest.json' },
    JSON.stringify([{ Config: configName, RepoTags: ['test:1'], Layers: layerPaths }]),
  );
  pack.entry({ name: 'repositories' }, '{}');
  pack.finalize();
  return collect(pack);
}

/** How a layer is stored in an OCI archive. */
export interface OciLayer {
  tar: Buffer;
  /** Stored gzip-compressed (as the containerd image store does). */
  gzip?: boolean;
  /** Stored as these exact bytes instead (e.g. a fake zstd blob). */
  stored?: Buffer;
}

/** A Docker 25+ style OCI archive: blobs, then index.json (and manifest.json unless `indexOnly`). */
export async function ociArchive(layers: OciLayer[], options: { indexOnly?: boolean } = {}): Promise<Buffer> {
  const pack = tar.pack();
  const blobs = new Map<string, Buffer>();
  const addBlob = (bytes: Buffer): string => {
    const id = digest(bytes);
    blobs.set(id, bytes);
    return id;
  };
  const stored = layers.map((layer) => layer.stored ?? (layer.gzip ? gzipSync(layer.tar) : layer.tar));
  const layerDigests = stored.map(addBlob);
  const configDigest = addBlob(Buffer.from(JSON.stringify(imageConfig(layers.map((layer) => layer.tar)))));
  const manifest = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest },
    layers: layers.map((layer, index) => ({
      mediaType: layer.gzip
        ? 'application/vnd.oci.image.layer.v1.tar+gzip'
        : 'application/vnd.oci.image.layer.v1.tar',
      digest: layerDigests[index],
      size: stored[index]?.length,
    })),
  };
  const manifestDigest = addBlob(Buffer.from(JSON.stringify(manifest)));
  pack.entry({ name: 'blobs/', type: 'directory' });
  pack.entry({ name: 'blobs/sha256/', type: 'directory' });
  for (const [id, bytes] of blobs) pack.entry({ name: `blobs/sha256/${id.slice(7)}` }, bytes);
  pack.entry(
    { name: 'index.json' },
    JSON.stringify({
      schemaVersion: 2,
      manifests: [
        {
          mediaType: manifest.mediaType,
          digest: manifestDigest,
          platform: { os: 'linux', architecture: 'amd64' },
        },
      ],
    }),
  );
  if (!options.indexOnly) {
    pack.entry(
      { name: 'manifest.json' },
      JSON.stringify([
        {
          Config: `blobs/sha256/${configDigest.slice(7)}`,
          RepoTags: ['test:1'],
          Layers: layerDigests.map((id) => `blobs/sha256/${id.slice(7)}`),
        },
      ]),
    );
  }
  pack.entry({ name: 'oci-layout' }, '{"imageLayoutVersion":"1.0.0"}');
  pack.finalize();
  return collect(pack);
}

/** Streams a buffer in small chunks, as a socket would. */
export async function* chunked(bytes: Buffer, size = 16 * 1024): AsyncGenerator<Buffer> {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}

async function collect(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
