/**
 * Plain-text report for terminals and other CI systems.
 */
import { formatBytes } from '../units/size.js';
import type { Report } from './model.js';
import { verdictLine } from './verdict.js';

/** Renders the report as plain text lines. */
export function renderText(report: Report): string {
  const lines: string[] = [];
  for (const image of report.images) {
    lines.push(verdictLine(report, image).replace(/^📦 /, ''));
    if (image.head)
      lines.push(
        `  image ${image.head.imageId}  size ${formatBytes(image.head.size)} (${image.head.size} bytes)`,
      );
    if (image.baseline.source === 'none' && image.baseline.reason)
      lines.push(`  no baseline: ${image.baseline.reason}`);
    for (const violation of image.budget.violations)
      lines.push(`  budget ${violation.budget}: ${violation.message}`);
  }
  if (report.findings.length > 0) {
    if (lines.length > 0) lines.push('');
    for (const f of report.findings) {
      lines.push(`${f.file}:${f.line}:${f.column} ${f.severity} ${f.rule}: ${f.message}`);
    }
  } else {
    lines.push('No lint findings.');
  }
  return `${lines.join('\n')}\n`;
}
