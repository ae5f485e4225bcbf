/**
 * Inline suppression comments:
 *   `# docker-diet ignore=<id>[,<id>]`         on the comment line(s) directly above an instruction;
 *   `# docker-diet global ignore=<id>[,<id>]`  anywhere, for the whole file;
 *   `# hadolint ignore=DL3009,DL3015` and `# hadolint global ignore=…`, matched through rule aliases,
 *   so Dockerfiles already annotated for hadolint keep working.
 *   BuildKit's own `# check=skip=<Check>[,<Check>]` (or `skip=all`) parser directive, for the whole file,
 *   matched through the BuildKit check names in rule aliases: a check skipped for the build stays
 *   silent in docker-diet too.
 * Ids are matched case-insensitively against rule ids and aliases. Text after the id list (a reason)
 * is allowed: `# docker-diet ignore=apk-no-cache -- the cache is a mounted volume`.
 */
import type { DockerfileModel } from '../dockerfile/model.js';
import type { Range, RuleMeta } from './types.js';

const DIRECTIVE =
  /^\s*#\s*(docker-diet|hadolint)\s+(global\s+)?ignore\s*=\s*([A-Za-z0-9_-]+(?:\s*,\s*[A-Za-z0-9_-]+)*)/i;

/** The suppressions of one Dockerfile. */
export interface Suppressions {
  /** Lower-cased ids suppressed everywhere in the file. */
  global: Set<string>;
  /** 0-based start line of an instruction → lower-cased ids suppressed on it. */
  byInstruction: Map<number, Set<string>>;
  /** True when `# check=skip=all` skips every BuildKit check (so every rule with a check name as alias). */
  skipAllChecks?: boolean;
  /** Ids in `# docker-diet` comments that name no known rule (typos), with their 0-based line. */
  unknown: { id: string; line: number }[];
}

/**
 * Reads the suppression comments of `model`. Comment lines inside an instruction (between
 * continuation lines, or in a heredoc body) are part of that instruction and are not read.
 * @param rules metadata of the known rules, to spot ids that name nothing
 */
export function parseSuppressions(model: DockerfileModel, rules: readonly RuleMeta[]): Suppressions {
  const result: Suppressions = { global: new Set(), byInstruction: new Map(), unknown: [] };
  readCheckSkips(model, result);
  // Most files have no directive at all: skip the per-line work for them.
  if (!/ignore/i.test(model.text)) return result;
  const { lines } = model;
  const owner = new Array<number | undefined>(lines.length);
  for (const instruction of model.instructions) {
    const { start, end } = instruction.range;
    for (let line = start.line; line <= end.line && line < lines.length; line += 1) owner[line] = start.line;
  }
  const known = knownIds(rules);

  lines.forEach((text, line) => {
    if (owner[line] !== undefined || !/ignore/i.test(text)) return;
    const match = DIRECTIVE.exec(text);
    if (!match) return;
    const [, tool = '', global, list = ''] = match;
    const ids = list.split(',').map((id) => id.trim().toLowerCase());
    // hadolint comments name codes docker-diet does not have: not typos. ShellCheck's codes
    // (`SC2086`, or `shellcheck` for all) are known to both.
    if (tool.toLowerCase() === 'docker-diet') {
      for (const id of ids.filter((i) => !known.has(i) && !SHELLCHECK_ID.test(i)))
        result.unknown.push({ id, line });
    }
    if (global) {
      for (const id of ids) result.global.add(id);
      return;
    }
    const target = instructionBelow(lines, owner, line);
    if (target === undefined) return;
    const set = result.byInstruction.get(target) ?? new Set<string>();
    for (const id of ids) set.add(id);
    result.byInstruction.set(target, set);
  });
  return result;
}

/** True when a finding of the rule `meta` at `range` is suppressed. */
export function isSuppressed(
  suppressions: Suppressions,
  model: DockerfileModel,
  meta: RuleMeta,
  range: Range,
): boolean {
  // Most files suppress nothing: answer without building the names.
  if (suppressions.skipAllChecks && meta.aliases.some(isBuildCheckName)) return true;
  if (suppressions.global.size === 0 && suppressions.byInstruction.size === 0) return false;
  const names = [meta.id, ...meta.aliases].map((n) => n.toLowerCase());
  if (names.some((n) => suppressions.global.has(n))) return true;
  const line = range.start.line;
  const instruction = model.instructions.find((i) => i.range.start.line <= line && line <= i.range.end.line);
  const local = instruction && suppressions.byInstruction.get(instruction.range.start.line);
  return local !== undefined && names.some((n) => local.has(n));
}

/** `# check=skip=A,B;error=true` among the parser directives: the skipped checks join the global ids. */
function readCheckSkips(model: DockerfileModel, result: Suppressions): void {
  for (const directive of model.directives) {
    if (directive.getName().toLowerCase() !== 'check') continue;
    for (const part of directive.getValue().split(';')) {
      const match = /^\s*skip\s*=(.*)$/i.exec(part);
      if (!match) continue;
      for (const name of (match[1] ?? '').split(',').map((n) => n.trim().toLowerCase())) {
        if (name === 'all') result.skipAllChecks = true;
        else if (name !== '') result.global.add(name);
      }
    }
  }
}

/** True for a BuildKit check name (`StageNameCasing`), false for a hadolint or ShellCheck code. */
function isBuildCheckName(alias: string): boolean {
  return !/^(DL|SC)\d{4}$/.test(alias);
}

/** ShellCheck's codes in suppression comments, lower-cased. */
const SHELLCHECK_ID = /^(sc\d{4}|shellcheck)$/;

/**
 * The start line of the instruction right below a comment, skipping only further comment lines
 * (a block of comments may carry several directives); a blank line or anything else breaks the link.
 */
function instructionBelow(lines: string[], owner: (number | undefined)[], line: number): number | undefined {
  for (let next = line + 1; next < lines.length; next += 1) {
    if (owner[next] !== undefined) return owner[next] === next ? next : undefined;
    if (!/^\s*#/.test(lines[next] ?? '')) return undefined;
  }
  return undefined;
}

/** Lower-cased ids and aliases of `rules`, worked out once per list of rules. */
function knownIds(rules: readonly RuleMeta[]): Set<string> {
  let known = KNOWN_IDS.get(rules);
  if (!known) {
    known = new Set(rules.flatMap((r) => [r.id, ...r.aliases].map((id) => id.toLowerCase())));
    KNOWN_IDS.set(rules, known);
  }
  return known;
}

const KNOWN_IDS = new WeakMap<readonly RuleMeta[], Set<string>>();
