/**
 * Suggested changes for a pull request review, worked out from one Dockerfile's text: the fixable
 * findings whose lines the pull request touched become GitHub ```` ```suggestion ```` blocks that replace
 * exactly those lines with the fixed text. Findings whose lines overlap share one suggestion over the
 * union of their lines, with every edit that does not clash applied (and, as `docker-diet fix` does,
 * the fixes a first edit makes possible inside those lines). Plain text in, plain data out.
 */
import { createHash } from 'node:crypto';
import { parseDockerfile } from '../dockerfile/model.js';
import type { LintFinding } from '../lint/engine.js';
import { applyFixes } from '../lint/fix.js';
import { MAX_FIX_PASSES } from '../lint/fixer.js';
import { docsUrl, type TextEdit } from '../lint/types.js';
import { message as renderMessage } from '../report/markdown-escape.js';
import type { Finding, PlannedSuggestion } from '../report/model.js';
import { hunkFor, touches, type DiffFile, type Hunk } from './patch.js';

/** One suggestion (the report's shape: `mode: publish` posts what a pull request run planned). */
export type SuggestedChange = PlannedSuggestion;

/** What `buildSuggestions` works from. */
export interface SuggestionSource {
  /** The file's diff in the pull request. */
  diff: DiffFile;
  /** The file's text in the workspace. */
  text: string;
  /** The report's findings in this file: only these are suggested (the report decides what is shown). */
  reported: readonly Finding[];
  /** Lints a text of this file with fix edits (the run's rules and config). */
  lint: (text: string) => LintFinding[];
}

/** What `buildSuggestions` found. */
export interface SuggestionResult {
  suggestions: SuggestedChange[];
  /** Fixable reported findings left out because their lines are not in (or not touched by) the diff. */
  outsideDiff: number;
}

type Span = [first: number, last: number];

/** The suggestions for one file; see the module comment. */
export function buildSuggestions(source: SuggestionSource): SuggestionResult {
  const { text, diff } = source;
  const lines = splitLines(text);
  const key = (f: Finding): string => `${f.rule}\0${f.line}\0${f.column}\0${f.messageId ?? ''}`;
  const reported = new Map(source.reported.map((f) => [key(f), f]));
  const fixable = leavesHeredocs(
    source.diff.path,
    text,
    source.lint(text).filter((f) => f.fix !== undefined && f.fix.length > 0 && reported.has(key(f))),
  );
  const messages = new Map(fixable.map((f) => [f, reported.get(key(f))?.message ?? f.message]));

  // Each finding's lines: its own range and every line its edits change. Overlapping ones form a group.
  const items = fixable
    .map((finding) => {
      const edits = union((finding.fix ?? []).map((e) => editSpan(e, lines.length)));
      return { finding, edits, span: union([[finding.line - 1, finding.endLine - 1], edits]) };
    })
    .sort((a, b) => a.span[0] - b.span[0] || a.span[1] - b.span[1]);
  const groups: { span: Span; edits: Span; findings: LintFinding[] }[] = [];
  for (const item of items) {
    const last = groups.at(-1);
    if (last && item.span[0] <= last.span[1]) {
      last.span = union([last.span, item.span]);
      last.edits = union([last.edits, item.edits]);
      last.findings.push(item.finding);
    } else groups.push({ span: item.span, edits: item.edits, findings: [item.finding] });
  }

  const suggestions: SuggestedChange[] = [];
  let outsideDiff = 0;
  for (const group of groups) {
    // The findings' whole lines when the diff shows them; else only the lines the edits change.
    const region = [group.span, group.edits].find((span) => commentable(diff, lines, span));
    if (!region) {
      outsideDiff += group.findings.length;
      continue;
    }
    const fixed = fixRegion(text, region, group.findings, (t) =>
      leavesHeredocs(diff.path, t, source.lint(t)),
    );
    const replacement = fixed && replacedLines(lines, splitLines(fixed.text), region);
    if (!fixed || !replacement) continue;
    const original = lines.slice(region[0], region[1] + 1);
    if (replacement.join('\n') === original.join('\n')) continue;
    suggestions.push({
      path: diff.path,
      startLine: region[0] + 1,
      endLine: region[1] + 1,
      original,
      replacement,
      fixes: fixed.findings.map((f) => ({ rule: f.rule, message: messages.get(f) ?? f.message })),
      fingerprint: '',
    });
  }
  numberFingerprints(suggestions);
  return { suggestions, outsideDiff };
}

/**
 * Applies the findings' edits inside `region` (0-based lines), then, like `docker-diet fix`, lints
 * again and applies the fixes that became possible inside the (moved) region, a bounded number of
 * times. A finding is taken whole or not at all; one that clashes with an edit taken before it waits
 * for the next pass.
 */
function fixRegion(
  text: string,
  region: Span,
  first: readonly LintFinding[],
  lint: (text: string) => LintFinding[],
): { text: string; findings: LintFinding[] } | undefined {
  let current = text;
  let end = region[1];
  let candidates = first;
  const findings: LintFinding[] = [];
  const seen = new Set([text]);
  for (let pass = 0; pass < MAX_FIX_PASSES; pass += 1) {
    const count = splitLines(current).length;
    const inside = candidates.filter((f) =>
      (f.fix ?? []).every((e) => within(editSpan(e, count), [region[0], end])),
    );
    const edits: TextEdit[] = [];
    const taken: LintFinding[] = [];
    for (const finding of inside) {
      const candidate = [...edits, ...(finding.fix ?? [])];
      if (finding.fix?.length && applyFixes(current, candidate).skipped.length === 0) {
        edits.push(...finding.fix);
        taken.push(finding);
      }
    }
    if (taken.length === 0) break;
    const next = applyFixes(current, edits).text;
    if (seen.has(next)) break;
    seen.add(next);
    end += splitLines(next).length - count;
    current = next;
    findings.push(...taken);
    candidates = lint(current).filter((f) => f.fix !== undefined);
  }
  return findings.length > 0 ? { text: current, findings } : undefined;
}

/**
 * The lines that replace `region` of `before` in `after`, when the text outside the region is the same
 * in both (an edit that reached past the region, e.g. by joining the next line, gives undefined).
 */
function replacedLines(before: string[], after: string[], region: Span): string[] | undefined {
  const suffix = before.length - 1 - region[1];
  const cut = after.length - suffix;
  if (cut < region[0]) return undefined;
  for (let i = 0; i < region[0]; i += 1) if (before[i] !== after[i]) return undefined;
  for (let i = 0; i < suffix; i += 1) if (before[region[1] + 1 + i] !== after[cut + i]) return undefined;
  return after.slice(region[0], cut);
}

/**
 * True when lines `span` (0-based) can carry one review comment: one hunk shows them all, the pull
 * request added at least one of them, and the hunk's text is the workspace's (a checkout of another
 * commit than the pull request's head, e.g. a merge with a base that changed the file, is not).
 */
function commentable(diff: DiffFile, lines: readonly string[], span: Span): boolean {
  const hunk: Hunk | undefined = hunkFor(diff, span[0] + 1, span[1] + 1);
  if (!hunk || !touches(hunk, span[0] + 1, span[1] + 1)) return false;
  for (let i = span[0]; i <= span[1]; i += 1) {
    if (hunk.text.get(i + 1)?.replace(/\r$/, '') !== lines[i]) return false;
  }
  return true;
}

/**
 * The findings none of whose edits reach into a heredoc (its body or closing delimiter): a heredoc's
 * text is a script or a file's content, kept as written, so its lines are never suggested over.
 */
function leavesHeredocs(file: string, text: string, findings: LintFinding[]): LintFinding[] {
  if (!text.includes('<<')) return findings;
  const kept = new Set<number>();
  for (const instruction of parseDockerfile(file, text).instructions) {
    for (const heredoc of instruction.heredocNodes) {
      const body = heredoc.getContentRange();
      const end = heredoc.getDelimiterRange() ?? body;
      if (!body || !end) continue;
      for (let line = body.start.line; line <= end.end.line; line += 1) kept.add(line);
    }
  }
  if (kept.size === 0) return findings;
  const count = splitLines(text).length;
  return findings.filter((f) =>
    (f.fix ?? []).every((e) => {
      const [first, last] = editSpan(e, count);
      for (let line = first; line <= last; line += 1) if (kept.has(line)) return false;
      return true;
    }),
  );
}

/** The 0-based lines an edit changes; an edit that ends at the start of a line stops before it. */
function editSpan(edit: TextEdit, lineCount: number): Span {
  const { start, end } = edit.range;
  const last = end.line > start.line && end.character === 0 ? end.line - 1 : end.line;
  const clamp = (n: number): number => Math.min(Math.max(0, n), Math.max(0, lineCount - 1));
  return [clamp(start.line), clamp(Math.max(start.line, last))];
}

function union(spans: readonly Span[]): Span {
  return [Math.min(...spans.map((s) => s[0])), Math.max(...spans.map((s) => s[1]))];
}

function within(inner: Span, outer: Span): boolean {
  return inner[0] >= outer[0] && inner[1] <= outer[1];
}

/** Lines as LSP and the linter count them: `\r\n`, `\n` and a lone `\r` end a line. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** Fingerprints from the replaced text, so a suggestion keeps its identity when lines above it move. */
function numberFingerprints(suggestions: SuggestedChange[]): void {
  const seen = new Map<string, number>();
  for (const s of suggestions) {
    const hash = createHash('sha256')
      .update(`${s.path}\n${s.original.join('\n')}`)
      .digest('hex');
    const base = hash.slice(0, 16);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    s.fingerprint = n === 1 ? base : `${base}-${n}`;
  }
}

/** Starts every docker-diet suggestion comment: what it fixes, where, and its identity. */
const MARKER = /^<!-- docker-diet:suggestion rules=([\w,.-]*) file=(\S+) fp=([0-9a-f]{16}(?:-\d+)?) -->/;

/** What a suggestion comment's marker says. */
export interface SuggestionMarker {
  rules: string[];
  path: string;
  fingerprint: string;
}

/** The hidden first line of a suggestion comment. */
export function renderMarker(marker: SuggestionMarker): string {
  return `<!-- docker-diet:suggestion rules=${marker.rules.join(',')} file=${encodeURIComponent(marker.path)} fp=${marker.fingerprint} -->`;
}

/** Reads the marker of a comment body; undefined when it is not a docker-diet suggestion. */
export function parseMarker(body: string): SuggestionMarker | undefined {
  const match = MARKER.exec(body);
  if (!match) return undefined;
  let file: string;
  try {
    file = decodeURIComponent(match[2] as string);
  } catch {
    return undefined;
  }
  return {
    rules: (match[1] as string).split(',').filter(Boolean),
    path: file,
    fingerprint: match[3] as string,
  };
}

/**
 * The comment body: the marker, one line per fix (rule linked to its doc, message), and the
 * suggestion block, fenced so no line of the replacement can close it.
 */
export function renderSuggestion(s: SuggestedChange): string {
  const rules = [...new Set(s.fixes.map((f) => f.rule))].sort();
  const longest = Math.max(0, ...s.replacement.flatMap((l) => (l.match(/`+/g) ?? []).map((r) => r.length)));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [
    renderMarker({ rules, path: s.path, fingerprint: s.fingerprint }),
    ...s.fixes.map((f) => `**docker-diet** [${f.rule}](${docsUrl(f.rule)}): ${renderMessage(f.message)}`),
    '',
    `${fence}suggestion`,
    ...s.replacement,
    fence,
  ].join('\n');
}
