/**
 * Plain-text report for terminals and other CI systems. Findings are one per line,
 * `file:line:col severity rule message`, which editors and CI log parsers turn into links.
 */
import { formatBytes } from '../units/size.js';
import type { Finding, Report, Severity } from './model.js';
import { renderTextChart } from './chart.js';
import { renderHistoryText } from './history.js';
import { renderLayerTable } from './text-layers.js';
import { byPrice, describePrice, describeWhatIf, priceOf } from './prices.js';
import { describeBaseCache, verdictLine } from './verdict.js';

/** How to render. */
export interface TextOptions {
  /** ANSI colours; only for a terminal (the CLI decides: TTY and no `NO_COLOR`). */
  color?: boolean;
}

const SEVERITY_COLOUR: Record<Severity, number> = { error: 31, warning: 33, info: 36 };
const SEVERITY_ORDER: Severity[] = ['error', 'warning', 'info'];

/** Renders the report as plain text lines. */
export function renderText(report: Report, options: TextOptions = {}): string {
  const paint = (code: number, text: string): string =>
    options.color ? `\u001b[${code}m${text}\u001b[0m` : text;
  const lines: string[] = [];
  const line = (f: Finding): string => {
    const where = paint(1, `${f.file}:${f.line}:${f.column}`);
    const known = priceOf(f);
    const price = known ? ` [${describePrice(known)}]` : '';
    return `${where} ${paint(SEVERITY_COLOUR[f.severity], f.severity)} ${paint(2, f.rule)} ${f.message}${price}`;
  };
  for (const image of report.images) {
    lines.push(verdictLine(report, image).replace(/^📦 /, ''));
    if (image.head)
      lines.push(
        `  image ${image.head.imageId}  size ${formatBytes(image.head.size)} (${image.head.size} bytes)`,
      );
    if (
      image.baseline.source === 'none' &&
      image.baseline.reason &&
      !['not compared', 'removed'].includes(image.baseline.reason)
    )
      lines.push(`  no baseline: ${image.baseline.reason}`);
    if (image.baseline.source === 'build') {
      const cache = describeBaseCache(image);
      const reuse = cache ? `, ${cache}` : '';
      lines.push(`  compared with a build of ${image.baseline.ref ?? 'the base commit'}${reuse}`);
    } else if (image.baseline.source === 'registry') {
      lines.push(`  compared with ${image.baseline.ref ?? 'the base image'} from the registry`);
    } else if (image.baseline.source === 'unchanged') {
      lines.push(
        `  unchanged since ${image.baseline.ref ?? 'the base commit'}: no file the build reads changed, so the base was not built`,
      );
    } else if (image.baseline.source === 'stored') {
      const note = image.baseline.note ? `, ${image.baseline.note}` : '';
      lines.push(`  compared with the stored report of ${image.baseline.ref ?? 'the base commit'}${note}`);
    }
    if (image.buildContext)
      lines.push(
        `  build context ${image.buildContext.files} files, ${formatBytes(image.buildContext.bytes)}`,
      );
    if (image.head?.wastedBytes)
      lines.push(`  wasted ${formatBytes(image.head.wastedBytes)} in deleted or overwritten files`);
    for (const cache of image.head?.leftoverCaches ?? [])
      lines.push(`  leftover ${cache.kind} in ${cache.path}: ${formatBytes(cache.bytes)}`);
    const table = renderLayerTable(image);
    if (table.length > 0) lines.push('', ...table, '');
    // The bar chart the comment draws with Mermaid, as text; ASCII unless the terminal gets colour.
    if (image.head && table.length > 2)
      lines.push(...renderTextChart(image, { ascii: !options.color }).trimEnd().split('\n'), '');
    lines.push(...renderHistoryText(image));
    for (const violation of image.budget.violations)
      lines.push(`  budget ${violation.budget}: ${violation.message}`);
    const whatIf = describeWhatIf(image);
    if (whatIf) lines.push(`  what-if: ${whatIf}`);
    const own = report.findings.filter((f) => f.file === image.dockerfile);
    if (own.length > 0) lines.push('', ...byPrice(own).map(line), '');
    else if (report.findings.length > 0) lines.push(`  no findings in ${image.dockerfile}`, '');
  }
  // Each image's findings are under it (its own Dockerfile's), the rest under their own heading.
  const shown = new Set(report.images.map((image) => image.dockerfile));
  const others = report.findings.filter((f) => !shown.has(f.file));
  if (others.length > 0) {
    if (report.images.length > 0) lines.push('Other Dockerfiles:');
    lines.push(...others.map(line), '');
  }
  if (report.findings.length > 0) lines.push(summarise(report.findings));
  else lines.push('No lint findings.');
  return `${lines.join('\n')}\n`;
}

/** `3 findings (1 error, 2 warnings)`: counts per severity, highest first, zero counts left out. */
export function summarise(findings: readonly Finding[]): string {
  const counts = SEVERITY_ORDER.map((severity) => {
    const n = findings.filter((f) => f.severity === severity).length;
    const word = severity === 'info' || n === 1 ? severity : `${severity}s`;
    return n > 0 ? `${n} ${word}` : '';
  }).filter(Boolean);
  const files = new Set(findings.map((f) => f.file)).size;
  return `${findings.length} finding${findings.length === 1 ? '' : 's'} (${counts.join(', ')}) in ${files} file${files === 1 ? '' : 's'}`;
}
