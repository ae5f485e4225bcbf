/**
 * Fixing a Dockerfile's text: lint, apply the edits of the fixable findings that do not clash, lint
 * the result again (one fix can enable another, or two fixes may want the same spot), until nothing is
 * left to fix or a bounded number of passes is reached. Pure text in, text out.
 */
import type { ConfigFile } from '../config/config-file.js';
import { lintDockerfile, type LintFinding } from './engine.js';
import { applyFixes, type TextSpan } from './fix.js';
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
  /**
   * Each pass that changed the text, in order: the text it started from, where its edits went in that
   * text, and the findings it fixed (positions in that text). Lets a caller follow an instruction from
   * the input to the output (the what-if build ties layers to fixes this way).
   */
  steps: FixStep[];
}

/** One pass of fixing that changed the text. */
export interface FixStep {
  /** The text before the pass. */
  text: string;
  /** The applied edits as offsets into `text`, in offset order. */
  spans: TextSpan[];
  /** The findings the pass fixed, as linted on `text`. */
  fixed: LintFinding[];
}

/**
 * Fixes `text` as far as the fixable rules can. A finding's edits are applied all together or not at
 * all; a suppressed finding is never reported, so never fixed. A fix after which its finding is still
 * there (the rule read the text differently than the edit assumed) is undone and not tried again.
 * Stops when a pass fixes nothing, when the text comes back to one seen before (two fixes undoing
 * each other), or after MAX_FIX_PASSES.
 */
export function fixDockerfile(file: string, text: string, options: FixOptions = {}): FixOutcome {
  const lint = (t: string): LintFinding[] =>
    lintDockerfile(file, t, { rules: options.rules, config: options.config, onWarning: options.onWarning });
  const fixable = (f: LintFinding): boolean =>
    f.fix !== undefined && (options.only?.has(f.rule) ?? true) && !ineffective.has(key(f));
  const ineffective = new Set<string>();
  const fixed: string[] = [];
  const seen = new Set([text]);
  let current = text;
  let findings = lint(text);
  let passes = 0;
  const steps: FixStep[] = [];
  while (passes < MAX_FIX_PASSES) {
    passes += 1;
    const { edits, taken } = compatibleFixes(current, findings.filter(fixable));
    if (taken.length === 0) break;
    const { text: next, spans } = applyFixes(current, edits);
    const after = lint(next);
    // A fix worked unless the same finding (rule, message, data) is still where it was.
    const stuck = taken.filter((f) => {
      const line = movedLine(f.line, edits);
      return after.some((a) => a.line === line && key(a) === key(f));
    });
    if (stuck.length > 0) {
      for (const f of stuck) ineffective.add(key(f));
      continue; // the same text again, without the fixes that did not work
    }
    if (seen.has(next)) break;
    seen.add(next);
    steps.push({ text: current, spans, fixed: taken });
    current = next;
    findings = after;
    fixed.push(...taken.map((f) => f.rule));
  }
  return { text: current, fixed, passes, steps };
}

function key(finding: LintFinding): string {
  return JSON.stringify([finding.rule, finding.messageId, finding.data ?? {}]);
}

/** Where 1-based `line` is once `edits` are applied: moved by the lines added or removed above it. */
function movedLine(line: number, edits: readonly TextEdit[]): number {
  let moved = line;
  for (const { range, text } of edits) {
    if (range.end.line + 1 >= line) continue;
    moved += text.split(/\r\n|\r|\n/).length - 1 - (range.end.line - range.start.line);
  }
  return moved;
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
