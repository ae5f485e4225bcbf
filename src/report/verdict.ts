/**
 * One-line verdicts per image, shared by the text and markdown renderers so they say the same thing.
 */
import { formatBytes, formatBytesDelta, formatPercentDelta } from '../units/size.js';
import type { BudgetStatus, ImageReport, Report } from './model.js';

const BUDGET_MARK: Record<BudgetStatus, string> = { pass: '✅', warn: '⚠️', fail: '❌' };

/** `152.3 MB (+12.1 MB, +8.6 %)`, or just the size without a baseline, or `not measured`. */
export function describeSize(image: ImageReport): string {
  if (!image.head) return 'not measured';
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
  return `pull ${formatBytes(image.head.compressedSize)}${suffix}`;
}

/** Findings that concern this image's Dockerfile. */
export function findingsFor(report: Report, image: ImageReport): number {
  return report.findings.filter((f) => f.file === image.dockerfile).length;
}

/**
 * `📦 api: 152.3 MB (+12.1 MB, +8.6 %) · pull 54.0 MB (+4.2 MB) · 3 findings · budget ✅`
 */
export function verdictLine(report: Report, image: ImageReport): string {
  const count = findingsFor(report, image);
  const parts = [
    `📦 ${image.name}: ${describeSize(image)}`,
    describeCompressed(image),
    `${count} finding${count === 1 ? '' : 's'}`,
    `budget ${BUDGET_MARK[image.budget.status]}`,
  ];
  return parts.filter((part): part is string => part !== undefined).join(' · ');
}
