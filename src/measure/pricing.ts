/**
 * Puts a price on lint findings: a rule that declares the image paths it is about (`meta.paths`, e.g.
 * `/var/lib/apt/lists/**`) gets the bytes of matching files in the layer its flagged instruction made.
 * Pure: the archive analysis measures `globBytes` per layer, the history mapping ties layers to lines.
 */
import type { Finding } from '../report/model.js';
import { formatBytes } from '../units/size.js';

/** The part of a rule's meta that pricing reads. */
export interface PricingRule {
  id: string;
  /** Image path globs the rule is about; rules without paths are never priced. */
  paths?: readonly string[];
}

/** One measured layer, tied to the instruction that made it. */
export interface PricedLayer {
  /** 1-based line where the instruction that made the layer starts; null when unknown. */
  instructionLine: number | null;
  /**
   * 1-based last line of that instruction, when known, so findings reported inside a multi-line RUN
   * (at the `apt-get install` line, say) still find their layer. Only the start line counts when absent.
   */
  instructionEndLine?: number | null;
  /** Dockerfile path as findings carry it (relative to the workspace); null when unknown. */
  file: string | null;
  /** Bytes of this layer's files matching each glob, keyed by glob (`LayerAnalysis.globBytes`). */
  globBytes: Record<string, number>;
}

/**
 * Findings with `measuredBytes` set where it can be told: the rule declares paths and a layer made by
 * the flagged instruction (same file, line within the instruction) was measured for those paths. The
 * bytes are the sum over the rule's globs, so a rule should declare globs that do not overlap. When
 * several layers qualify (the same Dockerfile built for several images) the largest is kept: they are
 * the same instruction, not extra cost. Other findings come back unchanged; the input is not modified.
 */
export function priceFindings(
  findings: readonly Finding[],
  rules: readonly PricingRule[],
  layers: readonly PricedLayer[],
): Finding[] {
  const pathsByRule = new Map(rules.filter((r) => r.paths?.length).map((r) => [r.id, r.paths!]));
  return findings.map((finding) => {
    const paths = pathsByRule.get(finding.rule);
    if (!paths) return finding;
    let measured: number | undefined;
    for (const layer of layers) {
      if (!madeBy(layer, finding)) continue;
      const bytes = bytesFor(layer, paths);
      if (bytes !== undefined) measured = Math.max(measured ?? 0, bytes);
    }
    return measured === undefined
      ? finding
      : { ...finding, measuredBytes: measured, price: { bytes: measured, basis: 'layer' as const } };
  });
}

/** Every glob the rules declare, each once, in a stable order: what the archive analysis should measure. */
export function collectRuleGlobs(rules: readonly PricingRule[]): string[] {
  return [...new Set(rules.flatMap((rule) => rule.paths ?? []))].sort();
}

/**
 * A suffix for a finding's message saying what it costs: `apt lists left in this layer: 18.4 MB`.
 * `what` names the files (e.g. `apt lists`); by default the rule's files in general.
 */
export function describeMeasuredCost(bytes: number, what = 'files it is about'): string {
  return `${what} left in this layer: ${formatBytes(bytes)}`;
}

function madeBy(layer: PricedLayer, finding: Finding): boolean {
  if (layer.instructionLine === null || layer.file === null) return false;
  if (normalizePath(layer.file) !== normalizePath(finding.file)) return false;
  const last = Math.max(layer.instructionEndLine ?? layer.instructionLine, layer.instructionLine);
  return finding.line >= layer.instructionLine && finding.line <= last;
}

/** Sum of the layer's bytes for the globs; undefined when the layer was not measured for any of them. */
function bytesFor(layer: PricedLayer, paths: readonly string[]): number | undefined {
  const measured = paths.filter((glob) => Object.hasOwn(layer.globBytes, glob));
  if (measured.length === 0) return undefined;
  return measured.reduce((sum, glob) => sum + (layer.globBytes[glob] ?? 0), 0);
}

function normalizePath(file: string): string {
  return file.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}
