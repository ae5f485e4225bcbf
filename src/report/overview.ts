/**
 * The overview that opens the sticky comment once it holds several images: one row per image
 * (size, Δ, pull size, findings, budget) linking to its section, the largest change first. Each
 * matrix job only knows its own report, so every section carries these few numbers in a hidden line
 * (`comment.ts`) and whichever job writes last rebuilds the table from all of them.
 */
import { formatBytes, formatBytesDelta, formatPercentDelta } from '../units/size.js';
import { escapeMarkdown, table } from './markdown-escape.js';
import type { BudgetStatus, Report } from './model.js';
import { budgetMark, findingsFor } from './verdict.js';

/** The numbers of one image the overview shows; null where they are unknown (no build, no baseline). */
export interface SectionSummary {
  size: number | null;
  /** Head minus base, bytes. */
  delta: number | null;
  deltaPercent: number | null;
  /** What a registry stores (`compressedSize`). */
  pullSize: number | null;
  /** True when `pullSize` is estimated rather than exact. */
  pullEstimated?: boolean;
  findings: number;
  /** Null when nothing was measured, so no budget was checked. */
  budget: BudgetStatus | null;
  /** Why there is no size, e.g. `build failed`; absent when there is one. */
  note?: string;
}

/** One row of the overview: an image's name, the anchor of its section and its numbers. */
export interface OverviewRow {
  name: string;
  /** The `id` of the section's anchor, without `#`. */
  anchor: string;
  /** Undefined for a section written by a docker-diet without overview data. */
  summary?: SectionSummary;
}

/** The overview numbers of a report's (first) image, or of a lint-only run. */
export function summariseReport(report: Report): SectionSummary {
  const image = report.images[0];
  if (!image) {
    return {
      size: null,
      delta: null,
      deltaPercent: null,
      pullSize: null,
      findings: report.findings.length,
      budget: null,
    };
  }
  const head = image.head;
  const failed = image.buildSteps.some((s) => s.error);
  return {
    size: head?.size ?? null,
    delta: image.delta?.size ?? null,
    deltaPercent: image.delta?.sizePercent ?? null,
    pullSize: head?.compressedSize ?? null,
    ...(head?.compressedSizeEstimated ? { pullEstimated: true } : {}),
    findings: findingsFor(report, image),
    budget: head ? image.budget.status : null,
    ...(head ? {} : { note: failed ? 'build failed' : 'not measured' }),
  };
}

/** Checks a summary read back from a comment: anything else (an edit, an old format) is ignored. */
export function isSectionSummary(value: unknown): value is SectionSummary {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const numberOrNull = (x: unknown): boolean => x === null || (typeof x === 'number' && Number.isFinite(x));
  return (
    numberOrNull(v.size) &&
    numberOrNull(v.delta) &&
    numberOrNull(v.deltaPercent) &&
    numberOrNull(v.pullSize) &&
    typeof v.findings === 'number' &&
    (v.budget === null || v.budget === 'pass' || v.budget === 'warn' || v.budget === 'fail') &&
    (v.note === undefined || typeof v.note === 'string') &&
    (v.pullEstimated === undefined || typeof v.pullEstimated === 'boolean')
  );
}

/**
 * Rows by absolute growth, largest first (a shrink of 30 MB ranks above a growth of 1 MB: both are
 * worth a look); images without a Δ follow, then by name so the order never flickers between runs.
 */
export function sortRows(rows: readonly OverviewRow[]): OverviewRow[] {
  const magnitude = (row: OverviewRow): number =>
    row.summary?.delta === null || row.summary?.delta === undefined ? -1 : Math.abs(row.summary.delta);
  return [...rows].sort(
    (a, b) => magnitude(b) - magnitude(a) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
}

/** The overview table, sorted by `sortRows`. */
export function renderOverview(rows: readonly OverviewRow[]): string {
  const dash = '—';
  const body = sortRows(rows).map((row) => {
    const s = row.summary;
    const link = `[${escapeMarkdown(row.name)}](#${row.anchor})`;
    if (!s) return [link, dash, dash, dash, dash, dash];
    const delta =
      s.delta === null
        ? dash
        : `${formatBytesDelta(s.delta)}${s.deltaPercent === null ? '' : ` (${formatPercentDelta(s.deltaPercent)})`}`;
    return [
      link,
      s.size === null ? escapeMarkdown(s.note ?? dash) : formatBytes(s.size),
      delta,
      s.pullSize === null ? dash : `${s.pullEstimated ? '~' : ''}${formatBytes(s.pullSize)}`,
      String(s.findings),
      s.budget === null ? dash : budgetMark(s.budget),
    ];
  });
  return table(['Image', 'Size', 'Δ', 'Pull size', 'Findings', 'Budget'], body);
}

/** A section anchor from an image name: `services/api` → `docker-diet-services-api`. */
export function anchorFor(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `docker-diet-${slug || 'image'}`;
}
