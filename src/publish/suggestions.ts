/**
 * Suggested changes on the pull request: the fixes of findings on lines the pull request changed,
 * posted as one review (event COMMENT) whose comments hold ```` ```suggestion ```` blocks. Each comment
 * starts with a hidden marker (rules, file, fingerprint of the replaced lines), so a re-run leaves an
 * unchanged suggestion alone, edits one whose text changed, deletes one whose finding is gone, and
 * opens a review only for new ones: suggestions never stack. Fixes are worked out here, only for the
 * files of the diff that have fixable findings (the lint step reports findings without their edits).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { loadConfigFile, type ConfigFile } from '../config/config-file.js';
import type { Settings } from '../config/settings.js';
import { discoverDockerfiles } from '../lint/discover.js';
import { lintDockerfile } from '../lint/engine.js';
import { RULES } from '../lint/rules/index.js';
import type { Finding, Report, SuggestionPlan } from '../report/model.js';
import type { Redactor } from '../secrets/redactor.js';
import type { GitHubClient, NewReviewComment, ReviewComment } from './github.js';
import { diffFiles, type DiffFile } from './patch.js';
import {
  buildSuggestions,
  parseMarker,
  renderSuggestion,
  type SuggestedChange,
} from './suggested-changes.js';

/** Suggestions posted at most per run: a review with hundreds of comments helps nobody. */
export const MAX_SUGGESTIONS = 50;

/** What publishing suggestions needs. */
export interface SuggestionsInput {
  client: GitHubClient;
  /** The pull request and the head commit its review is on. */
  pullRequest: { number: number; headSha: string };
  /** The run's (redacted) report: its findings decide what is suggested. */
  report: Report;
  settings: Settings;
  /** Workspace root (the repository root): report and diff paths are relative to it. */
  workspace: string;
  /** The run's redactor: a suggestion whose text it would change is not posted. */
  redactor: Redactor;
  /** Where progress lines go (`core.info`). */
  log: (message: string) => void;
}

/** What `publishSuggestions` did. */
export interface SuggestionsOutcome {
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
  /** Suggestions not posted: their text would carry a secret, or past MAX_SUGGESTIONS. */
  skipped: number;
  /** Fixable findings left to the comment and annotations: their lines are not in the diff. */
  outsideDiff: number;
  /** Link to the review this run created, if it created one. */
  reviewUrl?: string;
}

/** Ids of the rules with a fix: the only ones a suggestion may carry. */
export const FIXABLE_RULES: ReadonlySet<string> = new Set(
  RULES.filter((rule) => rule.meta.fixable).map((rule) => rule.meta.id),
);

/**
 * Brings the pull request's docker-diet suggestions in line with this run's findings: plans them
 * (reads only) and posts the plan. Only the Dockerfiles this run lints are touched: another job
 * linting other files keeps its suggestions. GitHub errors are thrown as `GitHubApiError` (a 403/404
 * as `CommentPermissionError`).
 */
export async function publishSuggestions(input: SuggestionsInput): Promise<SuggestionsOutcome> {
  const planned = await planSuggestions(input);
  const posted = await postSuggestions(input.client, input.pullRequest, planned.plan, input.log);
  return { ...posted, skipped: planned.skipped, outsideDiff: planned.outsideDiff };
}

/** A plan, and what planning left out. */
export interface PlannedSuggestions {
  plan: SuggestionPlan;
  /** Suggestions left out: their text would carry a secret, or past MAX_SUGGESTIONS. */
  skipped: number;
  /** Fixable findings whose lines are not in the diff (they stay in the comment and annotations). */
  outsideDiff: number;
}

/**
 * Works out the suggestions for the fixable findings on lines the pull request changed, from the
 * workspace's files and the pull request's diff. Reads only: a read-only token (a fork's) can plan,
 * and the plan rides in the report to `mode: publish`.
 */
export async function planSuggestions(input: SuggestionsInput): Promise<PlannedSuggestions> {
  const { client, pullRequest, settings, workspace, log } = input;
  const label = path.relative(workspace, settings.config).split(path.sep).join('/') || settings.config;
  const config = await loadConfigFile(settings.config, settings.configRequired, label);
  const linted = (
    await discoverDockerfiles({
      workspace,
      patterns: settings.lint,
      dockerfile: settings.dockerfile,
      ignorePaths: config.ignorePaths,
    })
  ).files.map((found) => found.file);
  const lintedSet = new Set(linted);
  const files = diffFiles(await client.listPullRequestFiles(pullRequest.number));

  const result: PlannedSuggestions = { plan: { files: linted, changes: [] }, skipped: 0, outsideDiff: 0 };
  const seen = new Set<string>();
  for (const diff of files.values()) {
    if (!lintedSet.has(diff.path)) continue;
    const reported = input.report.findings.filter((f) => f.file === diff.path && FIXABLE_RULES.has(f.rule));
    if (reported.length === 0) continue;
    const built = await suggestFile(diff, reported, workspace, config, log);
    result.outsideDiff += built.outsideDiff;
    for (const change of built.suggestions) {
      // The plan rides in the report (for `mode: publish`) with the lines it replaces: neither the old
      // nor the new text may carry a secret.
      const text = [...change.original, ...change.replacement].join('\n');
      if (input.redactor.text(text) !== text) {
        log(
          `${change.path}:${change.startLine}: suggestion not posted: its text holds a value this run keeps secret`,
        );
        result.skipped += 1;
        continue;
      }
      if (result.plan.changes.length >= MAX_SUGGESTIONS) {
        result.skipped += 1;
        continue;
      }
      const key = keyOf(change.path, change.fingerprint);
      if (seen.has(key)) continue;
      seen.add(key);
      result.plan.changes.push({
        ...change,
        fixes: change.fixes.map((f) => ({ rule: f.rule, message: input.redactor.text(f.message) })),
      });
    }
  }
  if (result.skipped > 0 && result.plan.changes.length >= MAX_SUGGESTIONS)
    log(`Suggestions: only the first ${MAX_SUGGESTIONS} are posted`);
  if (result.outsideDiff > 0)
    log(
      `Suggestions: ${result.outsideDiff} fixable finding${result.outsideDiff === 1 ? '' : 's'} outside the diff (in the comment and annotations only)`,
    );
  return result;
}

/**
 * Posts a plan as the pull request's review comments: an unchanged suggestion is left alone, one whose
 * text changed is edited, one whose finding is gone (on the plan's files) is deleted, and new ones
 * come in one review on `headSha`.
 */
export async function postSuggestions(
  client: GitHubClient,
  pullRequest: { number: number; headSha: string },
  plan: SuggestionPlan,
  log: (message: string) => void,
): Promise<SuggestionsOutcome> {
  const outcome: SuggestionsOutcome = {
    created: 0,
    updated: 0,
    unchanged: 0,
    deleted: 0,
    skipped: 0,
    outsideDiff: 0,
  };
  const linted = new Set(plan.files);
  const wanted = new Map<string, { change: SuggestedChange; body: string }>();
  for (const change of plan.changes)
    wanted.set(keyOf(change.path, change.fingerprint), { change, body: renderSuggestion(change) });

  // Earlier suggestions of the files this run lints, oldest first.
  const existing = (await client.listReviewComments(pullRequest.number)).filter((c) => {
    const marker = parseMarker(c.body);
    return marker !== undefined && linted.has(marker.path);
  });
  const kept = new Set<string>();
  for (const comment of existing) {
    const key = keyOfComment(comment);
    const want = wanted.get(key);
    if (want && !kept.has(key) && sameLines(comment, want.change)) {
      kept.add(key);
      if (comment.body === want.body) outcome.unchanged += 1;
      else {
        await client.updateReviewComment(comment.id, want.body);
        outcome.updated += 1;
      }
    } else {
      // Its finding is gone, its lines moved or changed (GitHub cannot move a comment), or a duplicate.
      await client.deleteReviewComment(comment.id);
      outcome.deleted += 1;
    }
  }

  const fresh = [...wanted.entries()].filter(([key]) => !kept.has(key));
  if (fresh.length > 0) {
    const review = await client.createReview(pullRequest.number, {
      commitId: pullRequest.headSha,
      body: reviewBody(fresh.length),
      comments: fresh.map(([, { change, body }]) => toComment(change, body)),
    });
    outcome.created = fresh.length;
    outcome.reviewUrl = review.url;
    outcome.deleted += await foldDuplicates(client, pullRequest.number, linted);
  }
  log(
    `Suggestions: ${outcome.created} new${outcome.reviewUrl ? ` (${outcome.reviewUrl})` : ''}, ` +
      `${outcome.updated} updated, ${outcome.unchanged} unchanged, ${outcome.deleted} removed`,
  );
  return outcome;
}

/** The suggestions for one file of the diff, from its workspace text; none when it cannot be read. */
async function suggestFile(
  diff: DiffFile,
  reported: Finding[],
  workspace: string,
  config: ConfigFile,
  log: (message: string) => void,
): Promise<{ suggestions: SuggestedChange[]; outsideDiff: number }> {
  let text: string;
  try {
    text = await fs.readFile(path.join(workspace, diff.path), 'utf8');
  } catch (error) {
    log(`${diff.path}: no suggestions: ${(error as Error).message}`);
    return { suggestions: [], outsideDiff: 0 };
  }
  const lint = (t: string) =>
    lintDockerfile(diff.path, t, { config, fixes: true, onWarning: () => undefined });
  return buildSuggestions({ diff, text, reported, lint });
}

/** Deletes all but the oldest comment of each suggestion (two jobs that both posted it); returns how many. */
async function foldDuplicates(
  client: GitHubClient,
  pullNumber: number,
  linted: ReadonlySet<string>,
): Promise<number> {
  const seen = new Set<string>();
  let deleted = 0;
  const comments = await client.listReviewComments(pullNumber);
  for (const comment of [...comments].sort((a, b) => a.id - b.id)) {
    const marker = parseMarker(comment.body);
    if (!marker || !linted.has(marker.path)) continue;
    const key = keyOfComment(comment);
    if (!seen.has(key)) seen.add(key);
    else {
      await client.deleteReviewComment(comment.id);
      deleted += 1;
    }
  }
  return deleted;
}

function keyOf(file: string, fingerprint: string): string {
  return `${file}\0${fingerprint}`;
}

function keyOfComment(comment: ReviewComment): string {
  const marker = parseMarker(comment.body);
  return marker ? keyOf(marker.path, marker.fingerprint) : '';
}

/** True when the comment sits on exactly the suggestion's lines in the head (not outdated). */
function sameLines(comment: ReviewComment, change: SuggestedChange): boolean {
  return (
    comment.path === change.path &&
    comment.line === change.endLine &&
    (comment.startLine ?? comment.line) === change.startLine
  );
}

function toComment(change: SuggestedChange, body: string): NewReviewComment {
  return change.startLine === change.endLine
    ? { path: change.path, body, line: change.endLine }
    : { path: change.path, body, line: change.endLine, startLine: change.startLine };
}

function reviewBody(count: number): string {
  const what = count === 1 ? 'a suggested change' : `${count} suggested changes`;
  return (
    `📦 **docker-diet** has ${what} for findings on lines this pull request changed. ` +
    'Each can be committed from its comment.'
  );
}
