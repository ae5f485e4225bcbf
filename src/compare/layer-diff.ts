/**
 * Aligns base and head layers by their Dockerfile instructions, so the report can point at the line
 * that grew. Pure. Layers of the base image are compared as one block; the image's own layers are
 * aligned with a longest common subsequence on normalised instruction text, and a pair whose text
 * differs but sits between two matches is reported as `changed` rather than removed + added.
 */
import type { Layer, LayerComparison } from '../report/model.js';

/** Instruction text with variable whitespace folded, for matching. */
export function normalizeInstruction(layer: Layer): string {
  const text = layer.instruction?.text ?? layer.createdBy;
  return text
    .replace(/\s+/g, ' ')
    .replace(/ # buildkit$/, '')
    .trim()
    .toLowerCase();
}

/** Compares base and head layers (filesystem layers only; empty history steps are skipped). */
export function diffLayers(base: Layer[], head: Layer[]): LayerComparison[] {
  const rows: LayerComparison[] = [];
  const baseOwn = base.filter((l) => !l.fromBase && l.diffId !== null);
  const headOwn = head.filter((l) => !l.fromBase && l.diffId !== null);
  const baseFrom = base.filter((l) => l.fromBase && l.diffId !== null);
  const headFrom = head.filter((l) => l.fromBase && l.diffId !== null);

  if (baseFrom.length > 0 || headFrom.length > 0) {
    const baseSize = sum(baseFrom);
    const headSize = sum(headFrom);
    const same =
      baseFrom.length === headFrom.length && baseFrom.every((l, i) => l.diffId === headFrom[i]?.diffId);
    rows.push({
      status: same
        ? 'unchanged'
        : baseFrom.length === 0
          ? 'added'
          : headFrom.length === 0
            ? 'removed'
            : 'changed',
      instruction: null,
      createdBy: 'base image',
      baseSize: baseFrom.length > 0 ? baseSize : null,
      headSize: headFrom.length > 0 ? headSize : null,
      delta: headSize - baseSize,
      fromBase: true,
    });
  }

  const pairs = lcs(
    baseOwn,
    headOwn,
    (a, b) => a.diffId === b.diffId || normalizeInstruction(a) === normalizeInstruction(b),
  );
  let i = 0;
  let j = 0;
  const flushGap = (iEnd: number, jEnd: number): void => {
    // Between two matches, pair leftovers of the same keyword as `changed`, the rest removed/added.
    while (i < iEnd && j < jEnd && keyword(baseOwn[i]!) === keyword(headOwn[j]!)) {
      rows.push(row('changed', baseOwn[i]!, headOwn[j]!));
      i += 1;
      j += 1;
    }
    for (; i < iEnd; i += 1) rows.push(row('removed', baseOwn[i]!, null));
    for (; j < jEnd; j += 1) rows.push(row('added', null, headOwn[j]!));
  };
  for (const [bi, hj] of pairs) {
    flushGap(bi, hj);
    const b = baseOwn[bi]!;
    const h = headOwn[hj]!;
    rows.push(row(b.diffId === h.diffId || b.size === h.size ? 'unchanged' : 'changed', b, h));
    i = bi + 1;
    j = hj + 1;
  }
  flushGap(baseOwn.length, headOwn.length);
  return rows;
}

function row(status: LayerComparison['status'], base: Layer | null, head: Layer | null): LayerComparison {
  const shown = head ?? base!;
  return {
    status,
    instruction: shown.instruction,
    createdBy: shown.createdBy,
    baseSize: base ? base.size : null,
    headSize: head ? head.size : null,
    delta: (head?.size ?? 0) - (base?.size ?? 0),
    fromBase: false,
  };
}

function keyword(layer: Layer): string {
  return normalizeInstruction(layer).split(' ')[0] ?? '';
}

function sum(layers: Layer[]): number {
  return layers.reduce((total, l) => total + l.size, 0);
}

/** Index pairs of a longest common subsequence of `a` and `b` under `same`. */
function lcs<T>(a: T[], b: T[], same: (x: T, y: T) => boolean): [number, number][] {
  const table: number[][] = Array.from({ length: a.length + 1 }, () =>
    new Array<number>(b.length + 1).fill(0),
  );
  for (let x = a.length - 1; x >= 0; x -= 1) {
    for (let y = b.length - 1; y >= 0; y -= 1) {
      table[x]![y] = same(a[x]!, b[y]!)
        ? table[x + 1]![y + 1]! + 1
        : Math.max(table[x + 1]![y]!, table[x]![y + 1]!);
    }
  }
  const pairs: [number, number][] = [];
  let x = 0;
  let y = 0;
  while (x < a.length && y < b.length) {
    if (same(a[x]!, b[y]!)) {
      pairs.push([x, y]);
      x += 1;
      y += 1;
    } else if (table[x + 1]![y]! >= table[x]![y + 1]!) {
      x += 1;
    } else {
      y += 1;
    }
  }
  return pairs;
}
