/**
 * Size history, drawn: a Mermaid `xychart-beta` line chart (size and pull size, the head as the last
 * point) for the comment and the job summary, a Unicode sparkline with min/max for terminals, and the
 * per-commit tables of `docker-diet history`. Pure: points in, text out.
 */
import { formatBytes, formatBytesDelta } from '../units/size.js';
import { mermaidString, pickUnit } from './chart.js';
import { escapeHtml, escapeMarkdown, table } from './markdown-escape.js';
import type { HistoryPoint, ImageReport } from './model.js';

/** One point of a chart: a stored measurement or the head. */
export interface ChartPoint {
  /** x-axis label: a short SHA, or what the head is (`this PR`). */
  label: string;
  size: number;
  /** Null when not measured. */
  compressedSize: number | null;
}

/** A stored measurement as it is listed: the fields `docker-diet history` and the report share. */
export type ListedPoint = Omit<HistoryPoint, 'comparable'>;

/** Characters of a commit shown in charts and tables. */
const SHORT_SHA = 7;

const BLOCKS = '▁▂▃▄▅▆▇█';

/** A sparkline of `values`, one block character each, the lowest value `▁` and the highest `█`. */
export function sparkline(values: readonly number[]): string {
  if (values.length === 0) return '';
  const min = Math.min(...values);
  const max = Math.max(...values);
  return values
    .map((value) => BLOCKS[max === min ? 0 : Math.round(((value - min) / (max - min)) * (BLOCKS.length - 1))])
    .join('');
}

/** `▁▃█ min 10.2 MB, max 12.0 MB` for `values`. */
export function sparklineWithRange(values: readonly number[]): string {
  if (values.length === 0) return '';
  return `${sparkline(values)}  min ${formatBytes(Math.min(...values))}, max ${formatBytes(Math.max(...values))}`;
}

/** What the last point stands for: the pull request's head when there is a baseline, else this run's commit. */
function headLabel(image: ImageReport): string {
  return image.baseline.source === 'none' ? 'this commit' : 'this PR';
}

/** The points to chart for an image: its comparable history, oldest first, then its head. */
export function chartPoints(image: ImageReport): ChartPoint[] {
  if (!image.head) return [];
  const stored = (image.history ?? [])
    .filter((point) => point.comparable)
    .map((point) => ({
      label: point.commit.slice(0, SHORT_SHA),
      size: point.size,
      compressedSize: point.compressedSize,
    }));
  return [
    ...stored,
    { label: headLabel(image), size: image.head.size, compressedSize: image.head.compressedSize },
  ];
}

/**
 * A Mermaid `xychart-beta` block: a line for the size and, when every point has one, a line for the
 * pull size. Undefined for fewer than 2 points. GitHub's xychart has no legend, so a caption follows.
 */
export function renderHistoryChart(points: readonly ChartPoint[], title: string): string | undefined {
  if (points.length < 2) return undefined;
  const pulls = points.every((p) => p.compressedSize !== null);
  const unit = pickUnit(Math.max(...points.map((p) => Math.max(p.size, p.compressedSize ?? 0))));
  // Four significant digits: commit-to-commit changes are often a fraction of a percent.
  const values = (pick: (p: ChartPoint) => number): string =>
    points.map((p) => String(Number((pick(p) / unit.factor).toPrecision(4)))).join(', ');
  const lines = [
    '```mermaid',
    'xychart-beta',
    `  title ${mermaidString(`${title} (${unit.name})`)}`,
    `  x-axis [${points.map((p) => mermaidString(p.label)).join(', ')}]`,
    `  y-axis ${mermaidString(unit.name)}`,
    `  line [${values((p) => p.size)}]`,
  ];
  if (pulls) lines.push(`  line [${values((p) => p.compressedSize ?? 0)}]`);
  lines.push('```', '', caption(points, pulls));
  return lines.join('\n');
}

function caption(points: readonly ChartPoint[], pulls: boolean): string {
  const last = escapeMarkdown(points.at(-1)!.label);
  if (!pulls) return `_Size per commit; the last point is ${last}. (Some points have no pull size.)_`;
  const above = points.every((p) => p.size >= (p.compressedSize ?? 0));
  const which = above
    ? 'Upper line: size. Lower line: pull size.'
    : 'First line: size. Second line: pull size.';
  return `_${which} The last point is ${last}._`;
}

/**
 * The history section of an image in the comment and the summary: a `<details>` with the chart, what
 * was left out, and why the history is short. Empty when there is nothing to show.
 */
export function renderHistoryBlock(image: ImageReport, open: boolean): string {
  if (!image.head || image.history === undefined) return '';
  const points = chartPoints(image);
  const otherStore = image.history.filter((p) => !p.comparable);
  const notes: string[] = [];
  if (otherStore.length > 0) {
    const n = otherStore.length;
    notes.push(
      `${n} stored measurement${n === 1 ? ' was' : 's were'} made on another image store or platform ` +
        `than this one (${describeStore(image.head.imageStore, image.head.platform)}), or before docker-diet recorded them: left out.`,
    );
  }
  if (image.historyNote) notes.push(`ℹ️ ${escapeMarkdown(capitalise(image.historyNote))}.`);
  const chart = renderHistoryChart(points, `Size history of ${image.name}`);
  if (!chart) {
    if (notes.length === 0) return '';
    return `_No size history to chart (a stored measurement on the base branch is needed)._ ${notes.join(' ')}`;
  }
  const sizes = points.map((p) => p.size);
  const first = points[0]!;
  const summary =
    `Size history: ${points.length - 1} stored commit${points.length === 2 ? '' : 's'} and ${points.at(-1)!.label}, ` +
    `${formatBytes(first.size)} → ${formatBytes(points.at(-1)!.size)} (min ${formatBytes(Math.min(...sizes))}, max ${formatBytes(Math.max(...sizes))})`;
  const body = [chart, ...notes].join('\n\n');
  return `<details${open ? ' open' : ''}><summary>${escapeHtml(summary)}</summary>\n\n${body}\n\n</details>`;
}

/** The sparkline lines of the text report: size and pull size over the history and the head. */
export function renderHistoryText(image: ImageReport): string[] {
  const points = chartPoints(image);
  if (points.length < 2) return image.historyNote ? [`  size history: ${image.historyNote}`] : [];
  const lines = [`  size history (${points.length - 1} stored, then ${points.at(-1)!.label}):`];
  lines.push(`    size  ${sparklineWithRange(points.map((p) => p.size))}`);
  if (points.every((p) => p.compressedSize !== null))
    lines.push(`    pull  ${sparklineWithRange(points.map((p) => p.compressedSize ?? 0))}`);
  if (image.historyNote) lines.push(`    (${image.historyNote})`);
  return lines;
}

/** `graphdriver, linux/amd64`, or what is not known. */
export function describeStore(store: string | undefined, platform: string | undefined): string {
  const known = (value: string | undefined): value is string => Boolean(value) && value !== 'unknown';
  if (!known(store) && !known(platform)) return 'image store and platform not recorded';
  return `${known(store) ? store : 'image store not recorded'}, ${known(platform) ? platform : 'platform not recorded'}`;
}

/** Points of one image measured alike (same store and platform): only these are compared with each other. */
export interface PointGroup {
  imageStore: string;
  platform: string;
  points: ListedPoint[];
}

/** Splits points (oldest first) into groups of the same image store and platform, newest group first. */
export function groupByStore(points: readonly ListedPoint[]): PointGroup[] {
  const groups = new Map<string, PointGroup>();
  for (const point of points) {
    const key = `${point.imageStore}\u0000${point.platform}`;
    const group = groups.get(key) ?? { imageStore: point.imageStore, platform: point.platform, points: [] };
    group.points.push(point);
    groups.set(key, group);
  }
  const newest = (g: PointGroup): string => g.points.at(-1)!.date;
  return [...groups.values()].sort((a, b) => (newest(a) < newest(b) ? 1 : newest(a) > newest(b) ? -1 : 0));
}

/** Table rows of a group: commit, date, size, Δ vs the previous point of the group, pull size. */
function rows(points: readonly ListedPoint[]): string[][] {
  return points.map((point, i) => {
    const previous = points[i - 1];
    const pull =
      point.compressedSize === null
        ? '—'
        : `${point.compressedSizeEstimated ? '~' : ''}${formatBytes(point.compressedSize)}`;
    return [
      point.commit.slice(0, SHORT_SHA),
      shortDate(point.date),
      formatBytes(point.size),
      previous ? formatBytesDelta(point.size - previous.size) : '—',
      pull,
    ];
  });
}

const HEADER = ['Commit', 'Date', 'Size', 'Δ', 'Pull size'];

/** `2026-12-04 23:37` (UTC) from an ISO 8601 date. */
function shortDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().slice(0, 16).replace('T', ' ');
}

/** The plain-text tables of `docker-diet history` for one image: one per store and platform. */
export function renderPointsText(name: string, points: readonly ListedPoint[]): string {
  const out: string[] = [];
  for (const group of groupByStore(points)) {
    const n = group.points.length;
    out.push(
      `${name} (${describeStore(group.imageStore, group.platform)}): ${n} commit${n === 1 ? '' : 's'}` +
        `  ${sparklineWithRange(group.points.map((p) => p.size))}`,
    );
    const body = [HEADER, ...rows(group.points)];
    const widths = HEADER.map((_, c) => Math.max(...body.map((row) => [...row[c]!].length)));
    for (const row of body)
      out.push(
        `  ${row
          .map((cell, c) => (c >= 2 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
          .join('  ')
          .trimEnd()}`,
      );
    out.push('');
  }
  return out.join('\n');
}

/** The markdown of `docker-diet history` for one image: per store and platform, a table and a chart. */
export function renderPointsMarkdown(name: string, points: readonly ListedPoint[]): string {
  const out: string[] = [];
  for (const group of groupByStore(points)) {
    out.push(
      `### ${escapeMarkdown(name)} (${escapeMarkdown(describeStore(group.imageStore, group.platform))})`,
    );
    const chart = renderHistoryChart(
      group.points.map((p) => ({
        label: p.commit.slice(0, SHORT_SHA),
        size: p.size,
        compressedSize: p.compressedSize,
      })),
      `Size history of ${name}`,
    );
    if (chart) out.push(chart);
    out.push(table(HEADER, rows(group.points)));
  }
  return out.join('\n\n');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
