/**
 * Reads the members of a `docker save` archive one by one, as the tar parser yields them: JSON
 * members are kept (manifest, index, config), layers are scanned as they stream (layer-scan.ts),
 * everything else is skipped. Which member is what is told by name where the name says it
 * (`manifest.json`, `<id>/layer.tar`) and by content for OCI blobs.
 */
import path from 'node:path';
import { detectContentKind, SNIFF_BYTES } from './content-kind.js';
import { normalizeTarPath } from './layer-record.js';
import { scanLayerCached, type ScanCache } from './cached-scan.js';
import { scanLayer, type LayerScan, type LayerScanOptions } from './layer-scan.js';
import type { TarMember } from './tar-reader.js';

/** What the archive held, keyed by archive path (no leading `./`). */
export interface ArchiveContents {
  /** Parsed JSON members. */
  json: Map<string, unknown>;
  /** Scanned layers. */
  layers: Map<string, LayerScan>;
  /** Symlinked members (20.10 links a layer.tar seen twice in one save to the first copy). */
  aliases: Map<string, string>;
}

/** How members are read: the scan's options, and the layer-analysis cache when there is one. */
export interface ReadMembersOptions extends LayerScanOptions {
  cache?: ScanCache;
}

/** JSON members larger than this are not configs or manifests. */
const MAX_JSON_BYTES = 8 * 1024 * 1024;

/** Reads every member of `members`; resolves when the archive ends. */
export async function readMembers(
  members: AsyncIterable<TarMember>,
  options: ReadMembersOptions,
): Promise<ArchiveContents> {
  const contents: ArchiveContents = { json: new Map(), layers: new Map(), aliases: new Map() };
  for await (const { header, body } of members) {
    const name = normalizeTarPath(header.name);
    const type = header.type ?? 'file';
    if ((type === 'symlink' || type === 'link') && header.linkname) {
      const target =
        type === 'symlink' ? path.posix.join(path.posix.dirname(name), header.linkname) : header.linkname;
      contents.aliases.set(name, normalizeTarPath(target));
    }
    // Anything else (directories, links) has no content to read; the reader passes over what is left.
    if (type === 'file' || type === 'contiguous-file')
      await readMember(name, header.size, body, contents, options);
  }
  return contents;
}

async function readMember(
  name: string,
  size: number,
  entry: AsyncIterable<Buffer>,
  contents: ArchiveContents,
  options: ReadMembersOptions,
): Promise<void> {
  if (options.cache?.identities.wants(name) && size <= MAX_JSON_BYTES) {
    // A legacy layer's v1 JSON, just before its layer.tar: it tells which layer that is.
    options.cache.identities.learn(name, Buffer.concat(await collect(entry)).toString('utf8'));
    return;
  }
  const isLegacyLayer = name.endsWith('/layer.tar');
  const isBlob = name.startsWith('blobs/');
  const isTopJson = !name.includes('/') && name.endsWith('.json');
  if (!isLegacyLayer && !isBlob && !isTopJson) return; // passed over by the reader
  const { head, rest } = await peek(entry, SNIFF_BYTES);
  const kind = detectContentKind(head);
  if ((isTopJson || isBlob) && kind === 'json' && size <= MAX_JSON_BYTES) {
    const text = Buffer.concat(await collect(rest)).toString('utf8');
    try {
      contents.json.set(name, JSON.parse(text));
    } catch {
      // Not JSON after all (a blob starting with `{`): nothing to learn from it.
    }
    return;
  }
  if (kind === 'tar' || kind === 'gzip' || kind === 'zstd') {
    contents.layers.set(name, await scanLayerCached(kind, rest, size, name, options, options.cache));
    return;
  }
  if (isLegacyLayer) {
    // Named a layer but of no known format (e.g. a pre-POSIX tar): let the tar parser decide, and note.
    contents.layers.set(name, await scanLayer('tar', rest, size, name, options));
    return;
  }
  // Anything else is passed over by the reader.
}

/**
 * Reads the first `bytes` bytes (fewer if the member is shorter) and gives back an iterable of the
 * whole member. A reader that stops early leaves the rest to the archive reader, which passes over it.
 */
async function peek(
  entry: AsyncIterable<Buffer>,
  bytes: number,
): Promise<{ head: Buffer; rest: AsyncIterable<Buffer> }> {
  const iterator = entry[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let length = 0;
  let ended = false;
  while (length < bytes) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    chunks.push(next.value);
    length += next.value.length;
  }
  const head = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
  let unread: Buffer | undefined = head.length > 0 ? head : undefined;
  const rest: AsyncIterator<Buffer> = {
    next: async () => {
      if (unread) {
        const value = unread;
        unread = undefined;
        return { done: false, value };
      }
      return ended ? { done: true, value: undefined } : iterator.next();
    },
  };
  return { head, rest: { [Symbol.asyncIterator]: () => rest } };
}

async function collect(source: AsyncIterable<Uint8Array>): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of source) chunks.push(Buffer.from(chunk));
  return chunks;
}
