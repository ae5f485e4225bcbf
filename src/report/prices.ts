/**
 * How findings' prices and the what-if build read, shared by the text and markdown renderers so they
 * say the same thing: findings ordered by what they cost, a price's basis in words, the what-if line.
 */
import { formatBytes } from '../units/size.js';
import type { Finding, ImageReport, Price, Severity } from './model.js';

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** A finding's price; a report from before prices had only `measuredBytes`, the `layer` price. */
export function priceOf(finding: Finding): Price | undefined {
  if (finding.price) return finding.price;
  return finding.measuredBytes === undefined ? undefined : { bytes: finding.measuredBytes, basis: 'layer' };
}

/** Findings with the highest price first (unpriced last), then by severity, then as they came. */
export function byPrice<F extends Finding>(findings: readonly F[]): F[] {
  return findings
    .map((finding, i) => ({ finding, i }))
    .sort(
      (a, b) =>
        (priceOf(b.finding)?.bytes ?? -Infinity) - (priceOf(a.finding)?.bytes ?? -Infinity) ||
        SEVERITY_RANK[a.finding.severity] - SEVERITY_RANK[b.finding.severity] ||
        a.i - b.i,
    )
    .map(({ finding }) => finding);
}

const BASIS: Record<Price['basis'], string> = {
  measured: 'measured',
  estimated: 'estimated',
  layer: 'in its layer',
};

/** `523.8 MB, measured` / `1.4 GB, estimated` / `82.9 MB, in its layer`. */
export function describePrice(price: Price): string {
  return `${formatBytes(price.bytes)}, ${BASIS[price.basis]}`;
}

/**
 * What the price means, for a note or a tooltip: how it was found and, for a shared measured price,
 * whose fixes share it.
 */
export function explainPrice(price: Price): string {
  const parts: string[] = [];
  if (price.basis === 'measured') parts.push('the layers its fix changed, built with the fix and measured');
  if (price.basis === 'layer') parts.push('the files it is about in the layer its line made');
  if (price.note) parts.push(price.note);
  if (price.sharedWith?.length) parts.push(`together with the fixes of ${price.sharedWith.join(', ')}`);
  return parts.join('; ');
}

/**
 * `Applying the 3 suggested fixes makes this image 523.8 MB smaller (pull 233.2 MB smaller), measured
 * by building it.`, or why the what-if build failed; undefined without one.
 */
export function describeWhatIf(image: ImageReport): string | undefined {
  const whatIf = image.whatIf;
  if (!whatIf) return undefined;
  const fixes = `${whatIf.fixes.length} suggested fix${whatIf.fixes.length === 1 ? '' : 'es'}`;
  if ('error' in whatIf) return `The what-if build (the ${fixes} applied) did not finish: ${whatIf.error}`;
  const change = (bytes: number): string =>
    `${formatBytes(Math.abs(bytes))} ${bytes >= 0 ? 'smaller' : 'larger'}`;
  const pull = whatIf.savedCompressedBytes === null ? '' : ` (pull ${change(whatIf.savedCompressedBytes)})`;
  return `Applying the ${fixes} makes this image ${change(whatIf.savedBytes)}${pull}, measured by building it.`;
}
