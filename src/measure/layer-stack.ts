/**
 * Stacks layer records in order into the final filesystem, the way overlayfs does, and counts what
 * each layer's files lose to later layers. Per layer: opaque markers first, then whiteouts, then the
 * added paths. A path that is deleted or replaced hides the copy below it; a file replacing a
 * directory (or a whiteout of a directory) hides everything under it. Each hidden copy is counted once,
 * on the layer that stored it, and hard-linked paths share one copy: their bytes count as wasted only
 * when every path of the copy is hidden.
 */
import type { LayerRecord } from './layer-record.js';
import { wastedFolderKey, wastedPathKey } from './wasted-paths.js';

/** A path in the stacked filesystem. Directories have `children`. */
export interface FsNode {
  children: Map<string, FsNode> | null;
  /** Index of the layer that last wrote (or, for a directory, listed or implied) this path; -1 for the root. */
  layer: number;
  /** Index of the content entry in that layer's record; -1 when the path holds no content. */
  content: number;
}

/** What later layers did to one layer's files, and what this layer did. */
export interface LayerStackCounts {
  /** Bytes of this layer's files hidden by later layers. */
  wastedBytes: number;
  /** Non-directory paths this layer creates where nothing was. */
  filesAdded: number;
  /** Non-directory paths this layer writes over an existing path. */
  filesOverwritten: number;
  /** Non-directory paths this layer removes (whiteouts, opaque directories, replaced directories). */
  filesDeleted: number;
}

/** The stacked result. */
export interface StackedImage {
  root: FsNode;
  /** One per input layer, in order. */
  counts: LayerStackCounts[];
  /** Wasted bytes per grouping directory (see wasted-paths.ts). */
  wastedByPath: Map<string, number>;
}

/**
 * Stacks `layers` (oldest first). A null record (a layer whose content could not be read) adds
 * nothing and hides nothing.
 */
export function stackLayers(layers: readonly (LayerRecord | null)[]): StackedImage {
  const root: FsNode = { children: new Map(), layer: -1, content: -1 };
  const counts = layers.map(() => ({ wastedBytes: 0, filesAdded: 0, filesOverwritten: 0, filesDeleted: 0 }));
  const wastedByPath = new Map<string, number>();
  // Live paths per content entry, per layer: a copy is wasted when its last path is hidden.
  const livePaths = layers.map((record) => new Uint32Array(record ? record.entries.length : 0));

  /**
   * Hides `node` (at `path`) and everything under it; returns how many non-directories it held. What
   * a removed directory held is grouped under that directory (`folder`), as the reader removed it.
   */
  const hide = (node: FsNode, path: string, folder?: string): number => {
    if (node.children) {
      const key = folder ?? wastedFolderKey(path);
      let files = 0;
      for (const [name, child] of node.children) files += hide(child, join(path, name), key);
      return files;
    }
    const record = layers[node.layer];
    const live = livePaths[node.layer];
    if (record && live && node.content >= 0) {
      live[node.content] = (live[node.content] ?? 0) - 1;
      const entry = record.entries[node.content];
      const size = entry?.size ?? 0;
      if (live[node.content] === 0 && size > 0 && entry) {
        (counts[node.layer] as LayerStackCounts).wastedBytes += size;
        const key = folder ?? wastedPathKey(entry.path);
        wastedByPath.set(key, (wastedByPath.get(key) ?? 0) + size);
      }
    }
    return 1;
  };

  layers.forEach((record, layer) => {
    if (!record) return;
    const own = counts[layer] as LayerStackCounts;
    const live = livePaths[layer] as Uint32Array;
    for (const dir of record.opaqueDirs) {
      const node = lookup(root, dir);
      if (!node?.children) continue;
      const key = wastedFolderKey(dir);
      for (const [name, child] of node.children) own.filesDeleted += hide(child, join(dir, name), key);
      node.children.clear();
    }
    for (const path of record.whiteouts) {
      const parent = lookup(root, parentOf(path));
      const name = baseOf(path);
      const node = parent?.children?.get(name);
      if (!parent?.children || !node) continue;
      own.filesDeleted += hide(node, path);
      parent.children.delete(name);
    }
    for (const entry of record.entries) {
      const parent = ensureDirectory(root, parentOf(entry.path), layer, (node, path) => {
        own.filesDeleted += hide(node, path);
      });
      const name = baseOf(entry.path);
      const existing = parent.get(name);
      if (entry.kind === 'dir') {
        if (existing?.children) {
          existing.layer = layer;
          continue;
        }
        if (existing) own.filesDeleted += hide(existing, entry.path);
        parent.set(name, { children: new Map(), layer, content: -1 });
        continue;
      }
      if (existing?.children) own.filesDeleted += hide(existing, entry.path);
      else if (existing) {
        hide(existing, entry.path);
        own.filesOverwritten += 1;
      }
      if (!existing || existing.children) own.filesAdded += 1;
      parent.set(name, { children: null, layer, content: entry.kind === 'file' ? entry.content : -1 });
      if (entry.kind === 'file') live[entry.content] = (live[entry.content] ?? 0) + 1;
    }
  });
  return { root, counts, wastedByPath };
}

/** The node at `path` ('' is the root), or undefined. */
export function lookup(root: FsNode, path: string): FsNode | undefined {
  let node: FsNode | undefined = root;
  if (path === '') return node;
  for (const part of path.split('/')) {
    node = node.children?.get(part);
    if (!node) return undefined;
  }
  return node;
}

/**
 * The children map of directory `path`, creating missing directories; a non-directory in the way is
 * replaced (reported through `replaced`), as extracting the tar would do.
 */
function ensureDirectory(
  root: FsNode,
  path: string,
  layer: number,
  replaced: (node: FsNode, path: string) => void,
): Map<string, FsNode> {
  let node = root;
  if (path === '') return node.children as Map<string, FsNode>;
  let current = '';
  for (const part of path.split('/')) {
    current = current === '' ? part : `${current}/${part}`;
    const children = node.children as Map<string, FsNode>;
    let next = children.get(part);
    if (!next?.children) {
      if (next) replaced(next, current);
      next = { children: new Map(), layer, content: -1 };
      children.set(part, next);
    }
    node = next;
  }
  return node.children as Map<string, FsNode>;
}

function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

function baseOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function join(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}
