/**
 * Tells which layer (diff ID) an archive member holds before reading it, so a cached layer can be
 * read past without hashing it. Only content-derived names are trusted, so a wrong answer would need
 * a sha256 collision:
 * - an OCI blob `blobs/sha256/<hex>` whose digest is one of the image's diff IDs holds that
 *   uncompressed tar (Docker 25+ with a graphdriver store);
 * - a compressed blob (the containerd image store) is looked up among the aliases learnt when it was
 *   last read (blob digest → diff ID of its content);
 * - a legacy `<v1 id>/layer.tar` (Docker 20.10): the v1 id is the sha256 of the layer's v1 JSON with the
 *   layer's chain ID in it, which `docker save` writes as `<v1 id>/json` just before the layer. Redoing
 *   that digest for each of the image's chain IDs finds the one it was made from. (Docker derives it in
 *   `image/v1.CreateID`: the JSON without `id`, plus `layer_id` and a `sha256:`-prefixed `parent`,
 *   keys sorted; `os` is set only after the digest on all layers but the last.) When the engine writes
 *   it another way, nothing matches and the layer is read as if uncached.
 */
import { createHash } from 'node:crypto';
import type { LayerCache } from './layer-cache.js';

const LEGACY_JSON = /^([0-9a-f]{64})\/json$/;
const LEGACY_LAYER = /^([0-9a-f]{64})\/layer\.tar$/;
const BLOB = /^blobs\/sha256\/([0-9a-f]{64})$/;

/** The diff IDs behind one image's archive members. */
export class LayerIdentities {
  private readonly diffIds: Set<string>;
  /** Chain ID → diff ID of its top layer. */
  private readonly byChain = new Map<string, string>();
  /** Legacy layer folder (v1 id) → diff ID. */
  private readonly legacy = new Map<string, string>();

  /** `diffIds` are the image's, oldest first, as the engine reports them before the save. */
  constructor(
    diffIds: readonly string[],
    private readonly cache: LayerCache,
  ) {
    this.diffIds = new Set(diffIds);
    let chain: string | undefined;
    for (const diffId of diffIds) {
      chain = chain === undefined ? diffId : sha256(`${chain} ${diffId}`);
      this.byChain.set(chain, diffId);
    }
  }

  /** True for the members `learn` wants to see (a legacy layer's v1 JSON). */
  wants(name: string): boolean {
    return LEGACY_JSON.test(name);
  }

  /** Reads a legacy `<v1 id>/json` member: finds the chain ID its folder's name was derived from. */
  learn(name: string, text: string): void {
    const v1Id = LEGACY_JSON.exec(name)?.[1];
    if (!v1Id) return;
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return;
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) return;
    const { id: _id, parent, ...rest } = json;
    void _id;
    const { os: _os, ...withoutOs } = rest;
    void _os;
    const variants = 'os' in rest ? [rest, withoutOs] : [rest];
    for (const [chain, diffId] of this.byChain) {
      for (const fields of variants) {
        const digested: Record<string, unknown> = { ...fields, layer_id: chain };
        if (typeof parent === 'string' && parent !== '') digested.parent = `sha256:${parent}`;
        if (sha256(goJson(digested)) === `sha256:${v1Id}`) {
          this.legacy.set(v1Id, diffId);
          return;
        }
      }
    }
  }

  /** The diff ID that member `name` holds, when it can be told without reading it. */
  async diffIdOf(name: string): Promise<string | undefined> {
    const legacy = LEGACY_LAYER.exec(name)?.[1];
    if (legacy) return this.legacy.get(legacy);
    const blob = BLOB.exec(name)?.[1];
    if (!blob) return undefined;
    const digest = `sha256:${blob}`;
    if (this.diffIds.has(digest)) return digest;
    const aliased = await this.cache.aliasOf(digest);
    return aliased && this.diffIds.has(aliased) ? aliased : undefined;
  }

  /** After reading member `name` (a compressed blob) whose content hashed to `diffId`: remember it. */
  learnt(name: string, diffId: string): void {
    const blob = BLOB.exec(name)?.[1];
    if (blob && `sha256:${blob}` !== diffId) this.cache.alias(`sha256:${blob}`, diffId);
  }
}

function sha256(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

/** Go's `json.Marshal` of a map: keys sorted, and `<`, `>`, `&`, U+2028, U+2029 escaped. */
function goJson(value: Record<string, unknown>): string {
  const body = Object.keys(value)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${JSON.stringify(value[key])}`)
    .join(',');
  return `{${body}}`
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
