/**
 * The suggested changes `mode: publish` posts: the plans the `check` jobs wrote into their reports.
 * A report may come from a pull request's own code, so a plan is only a proposal: a change is posted
 * only when its rules are docker-diet's fixable rules, its file is one its report says it linted,
 * and its lines are, in the pull request's diff as GitHub gives it now, exactly the lines the change
 * says it replaces. Everything else is dropped and counted; text is escaped when rendered.
 */
import type { PlannedSuggestion, Report, SuggestionPlan } from '../report/model.js';
import { hunkFor, touches, type DiffFile } from './patch.js';
import { FIXABLE_RULES, MAX_SUGGESTIONS } from './suggestions.js';

/** The plans merged into one, and how many changes were dropped. */
export interface VettedPlan {
  plan: SuggestionPlan;
  dropped: number;
}

/**
 * Merges the reports' plans (a file's earlier suggestions belong to the plans that linted it) and
 * keeps the changes that hold against `diff` (the pull request's files, by head path).
 */
export function vetPlans(reports: readonly Report[], diff: ReadonlyMap<string, DiffFile>): VettedPlan {
  const files = new Set<string>();
  const changes = new Map<string, PlannedSuggestion>();
  let dropped = 0;
  for (const report of reports) {
    const plan = report.suggestions;
    if (!plan) continue;
    const own = new Set(plan.files);
    for (const file of own) files.add(file);
    for (const change of plan.changes) {
      const key = `${change.path}\0${change.fingerprint}`;
      if (changes.has(key)) continue;
      if (!own.has(change.path) || !holds(change, diff.get(change.path)) || changes.size >= MAX_SUGGESTIONS) {
        dropped += 1;
        continue;
      }
      changes.set(key, change);
    }
  }
  return { plan: { files: [...files].sort(), changes: [...changes.values()] }, dropped };
}

/** True when the change is well-formed and its lines are in one hunk, as it says they read. */
function holds(change: PlannedSuggestion, file: DiffFile | undefined): boolean {
  const { startLine, endLine, original, fixes } = change;
  if (!file || endLine < startLine || original.length !== endLine - startLine + 1) return false;
  if (fixes.length === 0 || !fixes.every((fix) => FIXABLE_RULES.has(fix.rule))) return false;
  const hunk = hunkFor(file, startLine, endLine);
  if (!hunk || !touches(hunk, startLine, endLine)) return false;
  return original.every((line, i) => hunk.text.get(startLine + i)?.replace(/\r$/, '') === line);
}
