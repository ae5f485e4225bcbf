/**
 * Reads the members of a `docker save` archive one by one, as the tar parser yields them: JSON
 * members are kept (manifest, index, config), layers are scanned as they stream (layer-scan.ts),
 * everything else is skipped. Which member is what is told by name where the name says it
 * (`manifest.json`, `<id>/layer.tar`) and by content for OCI blobs.
 */
import path from 'node:path';
import type { Extract } from 'tar-stream';
import { detectContentKind, SNIFF_BYTES } from './content-kind.js';
import { normalizeTarPath } from './layer-record.js';
import { scanLayerCached, type ScanCache } from './cached-scan.js';
import { scanLayer, type LayerScan, type LayerScanOptions } from './layer-scan.js';
import { consume } from './stream-waits.js';

/** What the archive held, keyed by archive path (no leading `./`). */
export interface ArchiveContents {
  /** Parsed JSON members. */
  json: Map<string, unknown>;
  /** Scanned layers. */
  layers: Map<string, LayerScan>;
  /** Symlinked members (20.10 links a layer.tar seen twice in one save to the first copy). */
  aliases: Map<string, string>;
}

/** One member as the parser yields it. */
type Entry = Extract extends AsyncIterable<infer Member> ? Member : never;

/** How members are read: the scan's options, and the layer-analysis cache when there is one. */
export interface ReadMembersOptions extends LayerScanOptions {
  cache?: ScanCache;
}

/** JSON members larger than this are not configs or manifests. */
const MAX_JSON_BYTES = 8 * 1024 * 1024;

/** Reads every member of `extract`; resolves when the archive ends. */
export async function readMembers(extract: Extract, options: ReadMembersOptions): Promise<ArchiveContents> {
  const contents: ArchiveContents = { json: new Map(), layers: new Map(), aliases: new Map() };
  for await (const entry of extract) {
    const name = normalizeTarPath(entry.header.name);
    const type = entry.header.type ?? 'file';
    if ((type === 'symlink' || type === 'link') && entry.header.linkname) {
      const target =
        type === 'symlink'
          ? path.posix.join(path.posix.dirname(name), entry.header.linkname)
          : entry.header.linkname;
      contents.aliases.set(name, normalizeTarPath(target));
    }
    if (type !== 'file' && type !== 'contiguous-file') {
      await consume(entry);
      continue;
    }
    await readMember(name, entry, contents, options);
  }
  return contents;
}

async function readMember(
  name: string,
  entry: Entry,
  contents: ArchiveContents,
  options: ReadMembersOptions,
): Promise<void> {
  if (options.cache?.identities.wants(name) && (entry.header.size ?? 0) <= MAX_JSON_BYTES) {
    // A legacy layer's v1 JSON, just before its layer.tar: it tells which layer that is.
    options.cache.identities.learn(
      name,
      Buffer.concat(await collect(entry as AsyncIterable<Uint8Array>)).toString('utf8'),
    );
    return;
  }
  const isLegacyLayer = name.endsWith('/layer.tar');
  const isBlob = name.startsWith('blobs/');
  const isTopJson = !name.includes('/') && name.endsWith('.json');
  if (!isLegacyLayer && !isBlob && !isTopJson) {
    await consume(entry);
    return;
  }
  const { head, rest } = await peek(entry, SNIFF_BYTES);
  const kind = detectContentKind(head);
  const size = entry.header.size ?? 0;
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
  await consume(rest);
}

/**
 * Reads the first `bytes` bytes (fewer if the member is shorter) and gives back an iterable of the
 * whole member. If its reader stops early, the rest is drained, so the archive can go on.
 */
async function peek(entry: Entry, bytes: number): Promise<{ head: Buffer; rest: AsyncIterable<Uint8Array> }> {
  // streamx types chunks as unknown; tar-stream member chunks are Buffers.
  const iterator = entry[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
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
  const head = Buffer.concat(chunks);
  async function* rest(): AsyncGenerator<Uint8Array> {
    let finished = ended;
    try {
      if (head.length > 0) yield head;
      while (!finished) {
        const next = await iterator.next();
        if (next.done) finished = true;
        else yield next.value;
      }
    } finally {
      // Abandoned early (e.g. a decompression error): consume the rest rather than destroy the member,
      // which would destroy the whole archive parser.
      while (!finished) finished = (await iterator.next()).done === true;
    }
  }
  return { head, rest: rest() };
}

async function collect(source: AsyncIterable<Uint8Array>): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of source) chunks.push(Buffer.from(chunk));
  return chunks;
}
