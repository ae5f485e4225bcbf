/**
 * The sticky PR comment: one comment per PR, found by a hidden marker, in which each image (each
 * matrix job) owns a section between its own markers. A run replaces only its section and edits the
 * comment in place, so re-runs never add comments. GitHub offers no conditional update for comments:
 * concurrent matrix jobs are handled by re-reading just before writing, checking after writing, and
 * folding a duplicate comment (two jobs that both found none) into the oldest one.
 * Each section also carries its image's headline numbers in a hidden line (base64url JSON), so that
 * a comment with several images opens with an overview rebuilt from all of them on every write. The
 * line sits inside the section, where an older docker-diet keeps it as text instead of dropping the
 * section for an unknown marker.
 */
import { COMMENT_LIMIT } from '../report/markdown.js';
import {
  anchorFor,
  isSectionSummary,
  renderOverview,
  type OverviewRow,
  type SectionSummary,
} from '../report/overview.js';
import { GitHubApiError, type GitHubClient, type IssueComment } from './github.js';

/** Marks the docker-diet comment; it is the first line of the body. */
export const COMMENT_MARKER = '<!-- docker-diet -->';
const HEADER = `${COMMENT_MARKER}\n## 📦 docker-diet\n`;
const SECTION = /<!-- docker-diet:section:(\S+) -->\n([\s\S]*?)\n?<!-- docker-diet:end:\1 -->/g;
/** The hidden numbers at the top of a section; section text is defused, so it cannot forge one. */
const DATA = /^<!-- docker-diet:data:([A-Za-z0-9_-]*) -->\n?/;
/** Room left for one section below which other sections are cut to their first line. */
const MIN_SECTION_ROOM = 4000;
const ATTEMPTS = 3;

/** Section markdown, or a renderer told how many characters it may use (e.g. `renderComment`). */
export type SectionContent = string | ((maxLength: number) => string);

/** What `upsertSection` did. */
export interface UpsertResult {
  /** `html_url` of the comment. */
  url: string;
  commentId: number;
  /** True when this run created the comment. */
  created: boolean;
}

/** Options of `upsertSection`. */
export interface UpsertOptions {
  /** Characters a comment may hold; GitHub's 65,536 by default. */
  limit?: number;
  /** Told about conflicts with concurrent writers. */
  log?: (message: string) => void;
  /** This image's numbers for the overview; without them its row shows dashes. */
  summary?: SectionSummary;
}

/** A section as stored: its markdown and the overview numbers in its hidden data line. */
export interface StoredSection {
  text: string;
  summary?: SectionSummary;
}

const encodeName = (name: string): string => encodeURIComponent(name);

/** The sections of a docker-diet comment body, by image name, with their overview numbers. */
export function readSections(body: string): Map<string, StoredSection> {
  const sections = new Map<string, StoredSection>();
  for (const match of body.matchAll(SECTION)) {
    let name: string;
    try {
      name = decodeURIComponent(match[1]!);
    } catch {
      // A section whose name is not valid percent-encoding was not written by docker-diet: skip it.
      continue;
    }
    const content = match[2]!.trim();
    const data = DATA.exec(content);
    const summary = decodeSummary(data?.[1]);
    const text = data ? content.slice(data[0].length).trim() : content;
    sections.set(name, { text, ...(summary ? { summary } : {}) });
  }
  return sections;
}

/** The sections of a docker-diet comment body, by image name. */
export function parseSections(body: string): Map<string, string> {
  return new Map([...readSections(body)].map(([name, section]) => [name, section.text]));
}

function encodeSummary(summary: SectionSummary): string {
  return Buffer.from(JSON.stringify(summary), 'utf8').toString('base64url');
}

/** The numbers in a marker; undefined when absent or not docker-diet's (then the row shows dashes). */
function decodeSummary(data: string | undefined): SectionSummary | undefined {
  if (!data) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(data, 'base64url').toString('utf8'));
    return isSectionSummary(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Section text that cannot end its own section early or pass for the comment's marker. */
function defuse(markdown: string): string {
  return markdown.replace(/<!--(\s*)docker-diet/g, '<!--$1docker\u200b-diet').trim();
}

/**
 * The whole comment body: the marker, a header, an overview when there are several sections, and
 * the sections sorted by name. The overview and the anchors sit outside the sections' markers: they
 * belong to no job and are rebuilt from the sections' numbers on every write.
 */
export function composeComment(sections: Map<string, string | StoredSection>): string {
  const names = [...sections.keys()].sort();
  const stored = (name: string): StoredSection => {
    const section = sections.get(name)!;
    return typeof section === 'string' ? { text: section } : section;
  };
  const overview = names.length > 1;
  const anchors = uniqueAnchors(names);
  const parts = names.map((name) => {
    const { text, summary } = stored(name);
    const data = summary ? `<!-- docker-diet:data:${encodeSummary(summary)} -->\n` : '';
    const anchor = overview ? `<a name="${anchors.get(name)!}"></a>\n` : '';
    return `${anchor}<!-- docker-diet:section:${encodeName(name)} -->\n${data}\n${defuse(text)}\n\n<!-- docker-diet:end:${encodeName(name)} -->`;
  });
  const rows: OverviewRow[] = names.map((name) => ({
    name,
    anchor: anchors.get(name)!,
    ...(stored(name).summary ? { summary: stored(name).summary } : {}),
  }));
  const head = overview ? `${renderOverview(rows)}\n\n` : '';
  return `${HEADER}\n${head}${parts.join('\n\n')}\n`;
}

/** An anchor per name; names that slug alike (`a/b`, `a-b`) get `-2`, `-3`, … in name order. */
function uniqueAnchors(names: readonly string[]): Map<string, string> {
  const seen = new Set<string>();
  const out = new Map<string, string>();
  for (const name of names) {
    const base = anchorFor(name);
    let anchor = base;
    for (let n = 2; seen.has(anchor); n++) anchor = `${base}-${n}`;
    seen.add(anchor);
    out.set(name, anchor);
  }
  return out;
}

/** First line of a section and a pointer to the rest, when the comment runs out of room. */
function shrink(markdown: string): string {
  const first = markdown.split('\n', 1)[0] ?? '';
  return `${first.slice(0, 500)}\n\n_Details left out to fit GitHub's comment limit; see that job's summary._`;
}

/** Puts `content` into `sections` under `name`, within `limit` characters for the whole comment. */
function placeSection(
  sections: Map<string, StoredSection>,
  name: string,
  content: SectionContent,
  limit: number,
  summary: SectionSummary | undefined,
): string {
  sections.delete(name);
  const placed = (text: string): StoredSection => ({ text, ...(summary ? { summary } : {}) });
  const room = (): number => limit - composeComment(new Map([...sections, [name, placed('')]])).length;
  if (room() < MIN_SECTION_ROOM) {
    for (const [other, section] of sections) sections.set(other, { ...section, text: shrink(section.text) });
  }
  const available = Math.max(0, room());
  let text = defuse(typeof content === 'string' ? content : content(available));
  if (text.length > available) text = shrink(text).slice(0, available);
  sections.set(name, placed(text));
  return text;
}

/** The docker-diet comments on the PR, oldest first. */
async function findComments(client: GitHubClient, pr: number): Promise<IssueComment[]> {
  const all = await client.listIssueComments(pr);
  return all.filter((c) => c.body.trimStart().startsWith(COMMENT_MARKER)).sort((a, b) => a.id - b.id);
}

/**
 * Creates the sticky comment or replaces this image's section in it, and returns where it is.
 * Throws `CommentPermissionError` when the token may not comment, `GitHubApiError` otherwise.
 */
export async function upsertSection(
  client: GitHubClient,
  pr: number,
  name: string,
  content: SectionContent,
  options: UpsertOptions = {},
): Promise<UpsertResult> {
  const limit = options.limit ?? COMMENT_LIMIT;
  let target = (await findComments(client, pr))[0];
  let created = false;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    // Re-read just before writing: listing many pages takes a while, and another job may have written.
    const current = target ? await client.getComment(target.id).catch(ifGone(undefined)) : undefined;
    const sections = current ? readSections(current.body) : new Map<string, StoredSection>();
    const text = placeSection(sections, name, content, limit, options.summary);
    const body = composeComment(sections);
    const written = current
      ? await client.updateComment(current.id, body)
      : await client.createComment(pr, body);
    const mine = !current;
    created ||= mine;

    const canonical = (await findComments(client, pr))[0] ?? written;
    if (canonical.id !== written.id) {
      // Another job created its comment too; the oldest one wins and ours is folded into it.
      options.log?.(`docker-diet: another job created the comment too; moving section "${name}" into it`);
      if (mine) await client.deleteComment(written.id).catch(ifGone(undefined));
      created = false;
      target = canonical;
      continue;
    }
    if (parseSections(canonical.body).get(name) === text) {
      return { url: canonical.url, commentId: canonical.id, created };
    }
    options.log?.(`docker-diet: a concurrent job overwrote section "${name}"; writing it again`);
    target = canonical;
  }
  throw new GitHubApiError(
    `docker-diet could not keep section "${name}" in the comment on #${pr}: other jobs kept overwriting it`,
    409,
  );
}

/** A `.catch` handler that turns "it is gone" (404) into `fallback` and rethrows anything else. */
function ifGone<T>(fallback: T): (error: unknown) => T {
  return (error) => {
    if (error instanceof GitHubApiError && error.status === 404) return fallback;
    throw error;
  };
}
