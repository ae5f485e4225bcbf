/**
 * The lines of a pull request's diff that GitHub accepts review comments on, read from the `patch` of
 * each file in `GET /repos/{o}/{r}/pulls/{n}/files`. A comment on the RIGHT side may sit on an added
 * or a context line of a hunk, and a multi-line comment's first line must be in the same hunk as its
 * last; anything else is refused with 422 ("Pull request review thread line must be part of the diff").
 */

/** One hunk's RIGHT side: the new file's lines it shows. */
export interface Hunk {
  /** First new-file line (1-based) the hunk shows. */
  start: number;
  /** Last new-file line it shows; `start - 1` for a hunk that only removes lines. */
  end: number;
  /** New-file lines the pull request added (1-based). */
  added: ReadonlySet<number>;
  /** The text of each line shown (added and context), by 1-based line number. */
  text: ReadonlyMap<number, string>;
}

/** A file of the pull request, as far as review comments need it. */
export interface DiffFile {
  /** Path in the head commit, relative to the repository root. */
  path: string;
  hunks: Hunk[];
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/**
 * Parses a unified-diff `patch` (GitHub's: hunks only, no file headers) into its hunks. A binary or too
 * large file has no patch: no hunks, so no line of it can be commented on.
 */
export function parsePatch(patch: string | undefined | null): Hunk[] {
  if (!patch) return [];
  const hunks: Hunk[] = [];
  const lines = patch.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const header = HUNK_HEADER.exec(lines[i] as string);
    if (!header) continue;
    let oldLeft = header[2] === undefined ? 1 : Number(header[2]);
    let newLeft = header[4] === undefined ? 1 : Number(header[4]);
    // A hunk that only removes lines (`+4,0`) names the line before the removal, and shows none.
    const start = Number(header[3]) + (newLeft === 0 ? 1 : 0);
    let next = start;
    const added = new Set<number>();
    const text = new Map<number, string>();
    // Read exactly the lines the header counts: a stray line after them is not part of the hunk.
    while ((oldLeft > 0 || newLeft > 0) && i + 1 < lines.length) {
      const line = lines[i + 1] as string;
      if (HUNK_HEADER.test(line)) break;
      i += 1;
      const kind = line[0];
      if (kind === '\\') continue; // "\ No newline at end of file"
      if (kind === '+') {
        added.add(next);
        text.set(next, line.slice(1));
        next += 1;
        newLeft -= 1;
      } else if (kind === '-') {
        oldLeft -= 1;
      } else {
        // A context line; an empty line stands for a context line whose leading space was trimmed.
        text.set(next, line.slice(1));
        next += 1;
        oldLeft -= 1;
        newLeft -= 1;
      }
    }
    // A trailing marker belongs to the hunk just read.
    if (lines[i + 1]?.startsWith('\\')) i += 1;
    hunks.push({ start, end: next - 1, added, text });
  }
  return hunks;
}

/**
 * The hunk in which lines `first`..`last` (1-based) may carry one review comment, or undefined when
 * they are not all shown by one hunk.
 */
export function hunkFor(file: DiffFile, first: number, last: number): Hunk | undefined {
  return file.hunks.find((h) => first >= h.start && last <= h.end && h.end >= h.start);
}

/** True when the pull request added at least one of lines `first`..`last` in `hunk`. */
export function touches(hunk: Hunk, first: number, last: number): boolean {
  for (let line = first; line <= last; line += 1) if (hunk.added.has(line)) return true;
  return false;
}

/** A file as `GET /repos/{o}/{r}/pulls/{n}/files` lists it (the fields review comments need). */
export interface PullRequestFile {
  /** Path in the head commit (the new name of a renamed file). */
  filename: string;
  /** `added`, `removed`, `modified`, `renamed`, `copied`, `changed` or `unchanged`. */
  status: string;
  /** The old path of a renamed or copied file. */
  previousFilename?: string;
  /** The unified diff's hunks; absent for binary files and for diffs too large for GitHub to show. */
  patch?: string;
}

/**
 * The files whose new side can carry review comments, keyed by head path: a removed file has no new
 * side, and a file without a patch (binary, too large, renamed without changes) has no line to offer.
 */
export function diffFiles(files: readonly PullRequestFile[]): Map<string, DiffFile> {
  const out = new Map<string, DiffFile>();
  for (const file of files) {
    if (file.status === 'removed') continue;
    const hunks = parsePatch(file.patch);
    if (hunks.length > 0) out.set(file.filename, { path: file.filename, hunks });
  }
  return out;
}
