/**
 * Layers side by side: the final stage's layers of the PR paired with the base's (a small diff by
 * instruction text), and the charts drawn from that pairing — a Mermaid `xychart-beta` block for
 * GitHub and a plain-text bar chart for terminals. Pure.
 */
import { formatBytes, formatBytesDelta } from '../units/size.js';
import type { ImageReport, LayerChange, LayerComparison } from './model.js';

/** A row of the layer table: the comparison row, or a head layer alone (status null) without a baseline. */
export type LayerRow = Omit<LayerComparison, 'status'> & { status: LayerChange | null };

/**
 * The rows to show for an image: the pipeline's comparison with the baseline when there is one,
 * else the head's layers (the base image's as one block), with status null.
 */
export function layerRows(image: ImageReport): LayerRow[] {
  if (image.base && image.layerChanges.length > 0) return image.layerChanges;
  const layers = (image.head?.layers ?? []).filter((layer) => layer.diffId !== null);
  const fromBase = layers.filter((layer) => layer.fromBase);
  const rows: LayerRow[] = layers
    .filter((layer) => !layer.fromBase)
    .map((layer) => ({
      status: null,
      instruction: layer.instruction,
      createdBy: layer.createdBy,
      baseSize: null,
      headSize: layer.size,
      delta: 0,
      fromBase: false,
    }));
  if (fromBase.length === 0) return rows;
  const size = fromBase.reduce((sum, layer) => sum + layer.size, 0);
  const block = { instruction: null, createdBy: 'base image', baseSize: null, delta: 0 };
  return [{ ...block, status: null, headSize: size, fromBase: true }, ...rows];
}

/** The instruction as written, or the history entry without the shell prefix BuildKit adds. */
export function rowText(row: LayerRow): string {
  const text = row.instruction?.text ?? row.createdBy.replace(/^\/bin\/sh -c (#\(nop\) )?/, '');
  return text
    .replace(/\s+/g, ' ')
    .replace(/ # buildkit$/, '')
    .trim();
}

/** A short label: the Dockerfile line and the instruction's first characters, e.g. `L4 RUN apt-get…`. */
export function shortLabel(row: LayerRow, maxLength = 16): string {
  // A removed row's line number is the base's: mark it so it is not read as the PR's line.
  const line = row.instruction ? `${row.status === 'removed' ? 'old ' : ''}L${row.instruction.line} ` : '';
  const label = `${line}${rowText(row)}`;
  return label.length > maxLength ? `${label.slice(0, maxLength - 1)}…` : label;
}

/** The rows worth charting: at most `limit`, the largest ones, kept in layer order. */
function chartRows(rows: LayerRow[], limit: number): LayerRow[] {
  const weight = (row: LayerRow): number => Math.max(row.headSize ?? 0, row.baseSize ?? 0);
  const keep = new Set([...rows].sort((x, y) => weight(y) - weight(x)).slice(0, limit));
  return rows.filter((row) => keep.has(row));
}

/** The decimal unit in which the largest value reads best, as `formatBytes` would pick it. */
export function pickUnit(max: number): { name: string; factor: number } {
  if (max >= 1e9) return { name: 'GB', factor: 1e9 };
  if (max >= 1e6) return { name: 'MB', factor: 1e6 };
  if (max >= 1e3) return { name: 'kB', factor: 1e3 };
  return { name: 'B', factor: 1 };
}

/** Mermaid strings cannot hold quotes, and `#`/`;` start entities and statements: keep plain characters. */
export function mermaidString(text: string): string {
  return `"${text.replace(/[^\p{L}\p{N} ._/:+=()…-]/gu, ' ')}"`;
}

/** The image's own layers that hold bytes on either side (the base image would dwarf them). */
function ownRows(image: ImageReport): LayerRow[] {
  return layerRows(image).filter((r) => !r.fromBase && (r.headSize ?? 0) + (r.baseSize ?? 0) > 0);
}

/**
 * A Mermaid `xychart-beta` block (GitHub renders it): bars for the PR's layer sizes, a line for the
 * base's when there is one. Undefined when fewer than two layers have bytes to show.
 */
export function renderMermaidChart(image: ImageReport, limit = 12): string | undefined {
  if (!image.head) return undefined;
  const rows = chartRows(ownRows(image), limit);
  if (rows.length < 2) return undefined;
  const unit = pickUnit(Math.max(...rows.map((r) => Math.max(r.headSize ?? 0, r.baseSize ?? 0))));
  const values = (pick: (r: LayerRow) => number | null): string =>
    // Three significant digits: a 5 MB layer next to a 1.2 GB one must not round to 0.
    rows.map((r) => String(Number(((pick(r) ?? 0) / unit.factor).toPrecision(3)))).join(', ');
  const withBase = rows.some((r) => r.status !== null);
  const lines = [
    '```mermaid',
    'xychart-beta',
    `  title ${mermaidString(`Final-stage layers (${unit.name})`)}`,
    `  x-axis [${rows.map((r) => mermaidString(shortLabel(r))).join(', ')}]`,
    `  y-axis ${mermaidString(unit.name)}`,
    `  bar [${values((r) => r.headSize)}]`,
  ];
  if (withBase) lines.push(`  line [${values((r) => r.baseSize)}]`);
  lines.push('```');
  if (withBase) lines.push('', '_Bars: this PR. Line: base._');
  return lines.join('\n');
}

/** Options of the plain-text chart. */
export interface TextChartOptions {
  /** Width of the longest bar in characters. */
  width?: number;
  /** Width of the instruction column. */
  labelWidth?: number;
  /** Draw with `#`, `+`, `-` instead of block characters (for terminals without Unicode). */
  ascii?: boolean;
}

/**
 * A plain-text bar chart of the final stage's layer sizes for the CLI. Each bar is the PR's size;
 * with a base, growth past the base size is drawn lighter and shrinkage as a lighter tail.
 */
export function renderTextChart(image: ImageReport, options: TextChartOptions = {}): string {
  if (!image.head) return '';
  const width = options.width ?? 40;
  const labelWidth = options.labelWidth ?? 32;
  const [full, grown, shrunk] = options.ascii ? ['#', '+', '-'] : ['█', '▒', '░'];
  const all = layerRows(image);
  const rows = all.filter((r) => !r.fromBase);
  const lines = [`${image.name}: final-stage layers`];
  const baseBlock = all.find((r) => r.fromBase);
  if (baseBlock)
    lines.push(`  base image ${formatBytes(baseBlock.headSize ?? 0)}${describeChange(baseBlock)}`);
  if (rows.length === 0) lines.push('  (no layers of its own)');
  const max = Math.max(1, ...rows.map((r) => Math.max(r.headSize ?? 0, r.baseSize ?? 0)));
  const cells = (bytes: number | null): number => Math.round(((bytes ?? 0) / max) * width);
  for (const row of rows) {
    const now = cells(row.headSize);
    const before = row.status === null ? now : cells(row.baseSize);
    const bar =
      full.repeat(Math.min(now, before)) +
      grown.repeat(Math.max(0, now - before)) +
      shrunk.repeat(Math.max(0, before - now));
    const text = rowText(row);
    const label = text.length > labelWidth ? `${text.slice(0, labelWidth - 1)}…` : text.padEnd(labelWidth);
    const line = `L${row.instruction?.line ?? '?'}`.padEnd(5);
    const size = (row.headSize === null ? '—' : formatBytes(row.headSize)).padStart(9);
    lines.push(`  ${line} ${label} ${bar.padEnd(width)} ${size}${describeChange(row)}`);
  }
  if (rows.some((r) => r.status !== null))
    lines.push(`  ${full} both  ${grown} grown  ${shrunk} shrunk (vs base)`);
  return `${lines.join('\n')}\n`;
}

/** `  +12.1 MB`, `  -1.0 kB removed`, or nothing for unchanged rows and rows without a base. */
function describeChange(row: LayerRow): string {
  if (row.status === null || row.status === 'unchanged') return '';
  return `  ${formatBytesDelta(row.delta)}${row.status === 'changed' ? '' : ` ${row.status}`}`;
}
