/**
 * One-line verdicts per image, shared by the text and markdown renderers so they say the same thing.
 */
import { formatBytes, formatBytesDelta, formatPercentDelta } from '../units/size.js';
import type { BudgetStatus, ImageReport, Report, Severity } from './model.js';

const BUDGET_MARK: Record<BudgetStatus, string> = { pass: '✅', warn: '⚠️', fail: '❌' };
const SEVERITY_MARK: Record<Severity, string> = { error: '❌', warning: '⚠️', info: 'ℹ️' };

/** The mark shown for a budget status: ✅ pass, ⚠️ warn (e.g. overridden), ❌ fail. */
export function budgetMark(status: BudgetStatus): string {
  return BUDGET_MARK[status];
}

/** The mark shown for a finding's severity. */
export function severityMark(severity: Severity): string {
  return SEVERITY_MARK[severity];
}

/** The first build step that failed, if the build failed. */
export function failedStep(image: ImageReport): { name: string; error: string } | undefined {
  const step = image.buildSteps.find((s) => s.error);
  return step?.error ? { name: step.name, error: step.error } : undefined;
}

/** `152.3 MB (+12.1 MB, +8.6 %)`, or just the size without a baseline, or why there is no size. */
export function describeSize(image: ImageReport): string {
  if (!image.head && image.baseline.reason === 'removed') return 'removed in this change';
  if (!image.head) return failedStep(image) ? 'build failed' : 'not measured';
  let text = formatBytes(image.head.size);
  if (image.delta) {
    const percent =
      image.delta.sizePercent === null ? '' : `, ${formatPercentDelta(image.delta.sizePercent)}`;
    text += ` (${formatBytesDelta(image.delta.size)}${percent})`;
  } else if (image.baseline.source === 'none' && image.baseline.reason === 'new image') {
    text += ' (new image)';
  }
  return text;
}

/** `pull 54.0 MB (+4.2 MB)` or undefined when the compressed size was not measured. */
export function describeCompressed(image: ImageReport): string | undefined {
  if (!image.head || image.head.compressedSize === null) return undefined;
  const delta = image.delta?.compressedSize;
  const suffix = delta === null || delta === undefined ? '' : ` (${formatBytesDelta(delta)})`;
  const estimate = image.head.compressedSizeEstimated ? '~' : '';
  return `pull ${estimate}${formatBytes(image.head.compressedSize)}${suffix}`;
}

/** Findings that concern this image's Dockerfile. */
export function findingsFor(report: Report, image: ImageReport): number {
  return report.findings.filter((f) => f.file === image.dockerfile).length;
}

/** `3 findings`, `1 finding`, `no findings`. */
export function describeFindingCount(count: number): string {
  if (count === 0) return 'no findings';
  return `${count} finding${count === 1 ? '' : 's'}`;
}

/** `3 of 5 steps from the build cache` for a baseline built from the base commit; undefined otherwise. */
export function describeBaseCache(image: ImageReport): string | undefined {
  const cache = image.baseline.cache;
  return cache ? `${cache.cachedSteps} of ${cache.totalSteps} steps from the build cache` : undefined;
}

/**
 * `📦 api: 152.3 MB (+12.1 MB, +8.6 %) · pull 54.0 MB (+4.2 MB) · 3 findings · fixes save 20.1 MB · budget ✅`
 * (the saving only when a what-if build measured one).
 */
export function verdictLine(report: Report, image: ImageReport): string {
  const count = findingsFor(report, image);
  const parts = [
    `📦 ${image.name}: ${describeSize(image)}`,
    describeCompressed(image),
    `${count} finding${count === 1 ? '' : 's'}`,
    image.whatIf && 'savedBytes' in image.whatIf && image.whatIf.savedBytes > 0
      ? `fixes save ${formatBytes(image.whatIf.savedBytes)}`
      : undefined,
    image.head ? `budget ${BUDGET_MARK[image.budget.status]}` : undefined,
  ];
  return parts.filter((part): part is string => part !== undefined).join(' · ');
}

/** `🔍 lint: 3 findings in 2 Dockerfiles`, the verdict of a run that built nothing. */
export function lintVerdictLine(report: Report): string {
  const files = new Set(report.findings.map((f) => f.file)).size;
  const where = files === 0 ? '' : ` in ${files} Dockerfile${files === 1 ? '' : 's'}`;
  return `🔍 lint: ${describeFindingCount(report.findings.length)}${where}`;
}
