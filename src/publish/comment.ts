/**
 * The sticky PR comment: one comment per PR, found by a hidden marker, in which each image (each
 * matrix job) owns a section between its own markers. A run replaces only its section and edits the
 * comment in place, so re-runs never add comments. GitHub offers no conditional update for comments:
 * concurrent matrix jobs are handled by re-reading after a randomised settle delay and repairing what
 * another writer dropped until the comment stays put (`upsertSections`), and by folding a duplicate
 * comment (two jobs that both found none) into the oldest one.
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
  /** How long to wait before checking the comment again (tests shorten it). */
  settle?: Partial<SettlePolicy>;
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

/** One section a run owns: its name, its content and its numbers for the overview. */
export interface OwnSection {
  name: string;
  content: SectionContent;
  /** This image's numbers for the overview; without them its row shows dashes. */
  summary?: SectionSummary;
}

/**
 * Puts the run's own sections into `sections`, sharing the room the others leave (within `limit`
 * characters for the whole comment) equally between them. Returns the text placed for each.
 */
function placeSections(
  sections: Map<string, StoredSection>,
  own: readonly OwnSection[],
  limit: number,
): Map<string, string> {
  const placed = (text: string, summary: SectionSummary | undefined): StoredSection => ({
    text,
    ...(summary ? { summary } : {}),
  });
  for (const entry of own) sections.delete(entry.name);
  const room = (): number =>
    limit -
    composeComment(new Map([...sections, ...own.map((e) => [e.name, placed('', e.summary)] as const)]))
      .length;
  if (room() < MIN_SECTION_ROOM * own.length) {
    for (const [other, section] of sections) sections.set(other, { ...section, text: shrink(section.text) });
  }
  const share = Math.max(0, Math.floor(room() / Math.max(1, own.length)));
  const texts = new Map<string, string>();
  for (const entry of own) {
    let text = defuse(typeof entry.content === 'string' ? entry.content : entry.content(share));
    if (text.length > share) text = shrink(text).slice(0, share);
    sections.set(entry.name, placed(text, entry.summary));
    texts.set(entry.name, text);
  }
  return texts;
}

/** The docker-diet comments on the PR, oldest first. */
async function findComments(client: GitHubClient, pr: number): Promise<IssueComment[]> {
  const all = await client.listIssueComments(pr);
  return all.filter((c) => c.body.trimStart().startsWith(COMMENT_MARKER)).sort((a, b) => a.id - b.id);
}

/** Writes a run may make before giving up on a comment that other writers keep changing. */
const MAX_WRITES = 8;
/** Consecutive re-reads that must find nothing to repair before the run trusts the comment. */
const STABLE_READS = 2;

/** How long to wait before re-reading; tests shorten it. */
export interface SettlePolicy {
  /** Least wait, ms. */
  floorMs: number;
  /** The wait grows with the slowest read-then-write this run saw, times 2 to 4 (randomised). */
  random: () => number;
}

const DEFAULT_SETTLE: SettlePolicy = { floorMs: 250, random: Math.random };

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
  return upsertSections(client, pr, [{ name, content, summary: options.summary }], options);
}

/**
 * Writes the run's sections into the sticky comment and keeps them there while other jobs write
 * theirs. GitHub has no conditional update, so a job that read before our write may overwrite it
 * later. After each write the run waits a randomised settle delay (longer than another job's
 * read-then-write takes) and reads again: a section of its own that is missing or stale is written
 * again, and a section of another job that it saw before and is now missing is put back from what it
 * read (text and hidden numbers). It stops once the comment needed no repair on consecutive reads.
 */
export async function upsertSections(
  client: GitHubClient,
  pr: number,
  own: readonly OwnSection[],
  options: UpsertOptions = {},
): Promise<UpsertResult> {
  const limit = options.limit ?? COMMENT_LIMIT;
  const settle = { ...DEFAULT_SETTLE, ...options.settle };
  const names = new Set(own.map((e) => e.name));
  // Names are quoted as JSON in log lines: a newline in one (from a report) cannot start a command.
  const label = own.length === 1 ? `section ${JSON.stringify(own[0]!.name)}` : `${own.length} sections`;
  /** Other jobs' sections as last seen, to put back if a concurrent write drops them. */
  const known = new Map<string, StoredSection>();
  /** What this run last placed for each of its sections. */
  let mine = new Map<string, string>();
  let target = (await findComments(client, pr))[0];
  let created = false;
  let writes = 0;
  let stable = 0;
  let window = 0;
  for (;;) {
    const started = Date.now();
    const current = target ? await client.getComment(target.id).catch(ifGone(undefined)) : undefined;
    if (target && !current) {
      // Deleted under us (folded into another job's comment): find the one that remains.
      target = (await findComments(client, pr))[0];
      if (writes++ >= MAX_WRITES) break;
      continue;
    }
    const sections = current ? readSections(current.body) : new Map<string, StoredSection>();
    for (const [name, section] of sections) if (!names.has(name)) known.set(name, section);
    const dropped = [...known.keys()].filter((name) => !sections.has(name));
    const stale = own.filter((e) => !keeps(sections.get(e.name)?.text, mine.get(e.name)));
    if (current && dropped.length === 0 && stale.length === 0) {
      if (++stable >= STABLE_READS) return { url: current.url, commentId: current.id, created };
    } else {
      if (writes++ >= MAX_WRITES) break;
      stable = 0;
      if (current && mine.size > 0 && stale.length > 0)
        options.log?.(`docker-diet: a concurrent job overwrote ${label}; writing it again`);
      if (dropped.length > 0)
        options.log?.(
          `docker-diet: a concurrent write dropped ${dropped.map((n) => JSON.stringify(n)).join(', ')}; putting it back`,
        );
      for (const name of dropped) sections.set(name, known.get(name)!);
      mine = placeSections(sections, own, limit);
      const body = composeComment(sections);
      const written = current
        ? await client.updateComment(current.id, body)
        : await client.createComment(pr, body);
      target = written;
      if (!current) {
        created = true;
        const canonical = (await findComments(client, pr))[0] ?? written;
        if (canonical.id !== written.id) {
          // Another job created its comment too; the oldest one wins and ours is folded into it.
          options.log?.(`docker-diet: another job created the comment too; moving ${label} into it`);
          await client.deleteComment(written.id).catch(ifGone(undefined));
          created = false;
          target = canonical;
          continue;
        }
      }
    }
    window = Math.max(window, Date.now() - started);
    await sleep(settle.floorMs + window * (2 + 2 * settle.random()));
  }
  throw new GitHubApiError(
    `docker-diet could not keep ${label} in the comment on #${pr}: other jobs kept overwriting it`,
    409,
  );
}

/** True when a section as read is what this run placed (or that text cut to fit by another job). */
function keeps(present: string | undefined, placed: string | undefined): boolean {
  return present !== undefined && placed !== undefined && (present === placed || present === shrink(placed));
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A `.catch` handler that turns "it is gone" (404) into `fallback` and rethrows anything else. */
function ifGone<T>(fallback: T): (error: unknown) => T {
  return (error) => {
    if (error instanceof GitHubApiError && error.status === 404) return fallback;
    throw error;
  };
}
