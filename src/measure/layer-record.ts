/**
 * A compact record of one layer tar, built header by header while the tar streams past: what the
 * layer adds, deletes (whiteouts) and makes opaque. File contents are never kept. Layers of a
 * `docker save` archive arrive before the manifest that orders them, so each is reduced to this record
 * first and stacked later (layer-stack.ts).
 */
import picomatch from 'picomatch';

/** One path a layer adds. */
export interface LayerEntry {
  /** Image path without the leading slash, e.g. `usr/bin/env`. */
  path: string;
  kind: 'file' | 'dir' | 'symlink' | 'other';
  /** Content bytes; 0 for hard links (their content is counted on the entry they link to). */
  size: number;
  /**
   * Index (in `entries`) of the entry holding the content: itself for a regular file, the link
   * target for a hard link, so hard-linked paths share one copy of the bytes.
   */
  content: number;
}

/** What one layer tar holds, without file contents. */
export interface LayerRecord {
  /** Added paths (files, directories, links), in tar order. */
  entries: LayerEntry[];
  /** Paths this layer deletes (from `.wh.<name>` markers), without the marker prefix. */
  whiteouts: string[];
  /** Directories whose lower contents this layer hides (from `.wh..wh..opq` markers). */
  opaqueDirs: string[];
  /** Bytes of regular-file content (hard links counted once). */
  size: number;
  /** Bytes of regular-file content per requested glob. */
  globBytes: Record<string, number>;
}

/** The header fields a record needs (what tar-reader.ts decodes; tar-stream's `Headers` have them too). */
export interface TarHeader {
  name: string;
  type?: string | null;
  size?: number;
  linkname?: string | null;
}

const WHITEOUT_PREFIX = '.wh.';
const OPAQUE_MARKER = '.wh..wh..opq';
const AUFS_META = '.wh..wh.';

/** `./usr/bin/` → `usr/bin`; the root itself → ''. */
export function normalizeTarPath(name: string): string {
  const parts = name.split('/').filter((part) => part !== '' && part !== '.');
  return parts.join('/');
}

/** Builds a `LayerRecord` from tar headers fed in order. */
export class LayerRecordBuilder {
  private readonly entries: LayerEntry[] = [];
  private readonly whiteouts: string[] = [];
  private readonly opaqueDirs: string[] = [];
  private readonly indexByPath = new Map<string, number>();
  private readonly matchers: { glob: string; test: (path: string) => boolean }[];
  private readonly globBytes: Record<string, number> = {};
  private size = 0;

  /** `globs` are absolute image paths (`/var/lib/apt/lists/**`); tar paths are matched with a `/` prefix. */
  constructor(globs: readonly string[] = []) {
    this.matchers = globs.map((glob) => ({ glob, test: picomatch(glob, { dot: true }) }));
    for (const glob of globs) this.globBytes[glob] = 0;
  }

  /** Records one tar header. Unknown or metadata-only types (pax, long names) are ignored. */
  add(header: TarHeader): void {
    const path = normalizeTarPath(header.name);
    if (path === '') return;
    const slash = path.lastIndexOf('/');
    const base = path.slice(slash + 1);
    const dir = slash < 0 ? '' : path.slice(0, slash);
    if (base === OPAQUE_MARKER) {
      this.opaqueDirs.push(dir);
      return;
    }
    // Other `.wh..wh.` names (and what is inside them) are aufs bookkeeping (`.wh..wh.plnk/…`).
    if (path.includes(AUFS_META)) return;
    if (base.startsWith(WHITEOUT_PREFIX)) {
      const name = base.slice(WHITEOUT_PREFIX.length);
      this.whiteouts.push(dir === '' ? name : `${dir}/${name}`);
      return;
    }
    switch (header.type ?? 'file') {
      case 'file':
      case 'contiguous-file':
        this.addContent(path, header.size ?? 0);
        return;
      case 'link':
        this.addHardLink(path, normalizeTarPath(header.linkname ?? ''));
        return;
      case 'directory':
        this.push({ path, kind: 'dir', size: 0, content: -1 });
        return;
      case 'symlink':
        this.push({ path, kind: 'symlink', size: 0, content: -1 });
        return;
      case 'character-device':
      case 'block-device':
      case 'fifo':
        this.push({ path, kind: 'other', size: 0, content: -1 });
        return;
      default:
        return;
    }
  }

  /** The finished record. */
  build(): LayerRecord {
    return {
      entries: this.entries,
      whiteouts: this.whiteouts,
      opaqueDirs: this.opaqueDirs,
      size: this.size,
      globBytes: this.globBytes,
    };
  }

  private addContent(path: string, size: number): void {
    this.push({ path, kind: 'file', size, content: this.entries.length });
    this.size += size;
    const absolute = `/${path}`;
    for (const { glob, test } of this.matchers) {
      if (size > 0 && test(absolute)) this.globBytes[glob] = (this.globBytes[glob] ?? 0) + size;
    }
  }

  private addHardLink(path: string, target: string): void {
    const targetIndex = this.indexByPath.get(target);
    const targetEntry = targetIndex === undefined ? undefined : this.entries[targetIndex];
    if (!targetEntry || targetEntry.kind !== 'file') {
      // A link to nothing earlier in this tar: keep the path, with no content of its own.
      this.push({ path, kind: 'file', size: 0, content: this.entries.length });
      return;
    }
    this.push({ path, kind: 'file', size: 0, content: targetEntry.content });
  }

  private push(entry: LayerEntry): void {
    this.indexByPath.set(entry.path, this.entries.length);
    this.entries.push(entry);
  }
}
