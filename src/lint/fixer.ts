/**
 * Fixing a Dockerfile's text: lint, apply the edits of the fixable findings that do not clash, lint
 * the result again (one fix can enable another, or two fixes may want the same spot), until nothing is
 * left to fix or a bounded number of passes is reached. Pure text in, text out.
 */
import type { ConfigFile } from '../config/config-file.js';
import { lintDockerfile, type LintFinding } from './engine.js';
import { applyFixes } from './fix.js';
import type { Rule, TextEdit } from './types.js';

/** Passes at most: each applies every fix that does not clash, so real files need two or three. */
export const MAX_FIX_PASSES = 10;

/** How to fix. */
export interface FixOptions {
  /** Rules to run; all registered rules by default. */
  rules?: readonly Rule[];
  /** Rule settings (`off` rules are not fixed) from the config file. */
  config?: ConfigFile;
  /** Only fix these rule ids; every fixable rule when absent. */
  only?: ReadonlySet<string>;
  /** Where problems of docker-diet itself go. */
  onWarning?: (message: string) => void;
}

/** What fixing one file did. */
export interface FixOutcome {
  /** The fixed text (the input when nothing was fixed). */
  text: string;
  /** The rule id of every finding fixed, in the order fixed. */
  fixed: string[];
  /** Passes run. */
  passes: number;
}

/**
 * Fixes `text` as far as the fixable rules can. A finding's edits are applied all together or not at
 * all; a suppressed finding is never reported, so never fixed. Stops when a pass fixes nothing, when
 * the text comes back to one seen before (two fixes undoing each other), or after MAX_FIX_PASSES.
 */
export function fixDockerfile(file: string, text: string, options: FixOptions = {}): FixOutcome {
  const fixed: string[] = [];
  const seen = new Set([text]);
  let current = text;
  let passes = 0;
  while (passes < MAX_FIX_PASSES) {
    passes += 1;
    const findings = lintDockerfile(file, current, {
      rules: options.rules,
      config: options.config,
      onWarning: options.onWarning,
    }).filter((f) => f.fix !== undefined && (options.only?.has(f.rule) ?? true));
    const { edits, taken } = compatibleFixes(current, findings);
    if (taken.length === 0) break;
    const next = applyFixes(current, edits).text;
    if (seen.has(next)) break;
    seen.add(next);
    current = next;
    fixed.push(...taken.map((f) => f.rule));
  }
  return { text: current, fixed, passes };
}

/** The findings whose edits can all be applied together, in report order, and their edits. */
function compatibleFixes(
  text: string,
  findings: readonly LintFinding[],
): { edits: TextEdit[]; taken: LintFinding[] } {
  const edits: TextEdit[] = [];
  const taken: LintFinding[] = [];
  for (const finding of findings) {
    const candidate = [...edits, ...(finding.fix ?? [])];
    // applyFixes skips what clashes; a finding is taken only if none of its edits had to be skipped.
    if (applyFixes(text, candidate).skipped.length > 0) continue;
    edits.push(...(finding.fix ?? []));
    taken.push(finding);
  }
  return { edits, taken };
}
