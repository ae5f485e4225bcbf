/**
 * `docker-diet history`: the stored measurements of each image name along the first-parent history of
 * a ref, as tables (commit, date, size, Δ vs previous, pull size). Reads only git notes: no engine.
 * Kept out of cli.ts so the CLI only wires flags to it.
 */
import { ExitCode } from '../constants.js';
import { environmentError, usageError } from '../errors.js';
import { fetchNotes, NOTES_REF } from '../git/notes.js';
import { repositoryRoot, resolveCommit } from '../git/worktree.js';
import { renderPointsMarkdown, renderPointsText, type ListedPoint } from '../report/history.js';
import { VERSION } from '../version.js';
import { readSizeHistory } from './history.js';
import { firstLine } from './stored-reads.js';

/** Output formats of `docker-diet history`. */
export const HISTORY_FORMATS = ['text', 'json', 'markdown'] as const;

/** What the command is asked for. */
export interface HistoryCommandOptions {
  /** Only this image name (`--name`). */
  name?: string;
  /** Whose first-parent history (`--ref`, default HEAD). */
  ref: string;
  /** Commits with a stored measurement per image name (`--limit`). */
  limit: string;
  format: (typeof HISTORY_FORMATS)[number];
}

/** Where the command reads and writes. */
export interface HistoryCommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  cwd: string;
}

/** The JSON the command prints with `--format json`. */
export interface HistoryOutput {
  tool: { name: 'docker-diet'; version: string };
  /** The ref as given, and the commit it named. */
  ref: string;
  commit: string;
  /** First-parent commits looked at. */
  commitsWalked: number;
  /** True when the checkout is shallow and the walk ended at its boundary. */
  shallow: boolean;
  /** Per image name, its stored measurements, oldest first. */
  images: { name: string; history: ListedPoint[] }[];
}

/** Runs `docker-diet history`; returns the exit code. Throws a DietError for a usage or environment problem. */
export async function runHistoryCommand(
  io: HistoryCommandIo,
  options: HistoryCommandOptions,
): Promise<number> {
  const limit = Number(options.limit);
  if (!/^\d+$/.test(options.limit.trim()) || !Number.isSafeInteger(limit) || limit < 1)
    throw usageError(`--limit: "${options.limit}" is not a count; use a whole number of 1 or more, e.g. 30.`);
  const repo = await repositoryRoot(io.cwd);
  if (!repo)
    throw environmentError(
      `${io.cwd} is not in a git repository: the size history is read from its git notes (${NOTES_REF}).`,
      'Run docker-diet history inside the repository whose main branch stores measurements (store: true).',
    );
  const warn = (message: string): void => void io.stderr.write(`docker-diet: ${message}\n`);
  const fetched = await fetchNotes(repo);
  if (typeof fetched === 'object')
    warn(
      `fetching ${NOTES_REF} from origin failed, so only the notes in this clone are read: ${firstLine(fetched.failed)}`,
    );
  const commit = await resolveCommit(repo, options.ref);
  if (!commit) throw usageError(`--ref: "${options.ref}" names no commit in this repository.`);

  const walk = await readSizeHistory(repo, commit, { image: options.name, limit });
  for (const line of walk.refused) warn(`the stored report of ${line}; left out`);
  const names = [...walk.images.keys()].sort();
  const output: HistoryOutput = {
    tool: { name: 'docker-diet', version: VERSION },
    ref: options.ref,
    commit,
    commitsWalked: walk.commitsWalked,
    shallow: walk.shallow && walk.exhausted,
    images: names.map((name) => ({ name, history: walk.images.get(name)! })),
  };
  const scope =
    `${walk.commitsWalked} first-parent commit${walk.commitsWalked === 1 ? '' : 's'} of ${options.ref}` +
    (output.shallow
      ? ' (a shallow clone: that is all it holds; `git fetch --unshallow` fetches the rest)'
      : '');
  const keep = 'A run with store: true (CLI: --store) on the branch keeps them.';
  if (walk.notes === 0) {
    const where =
      fetched === 'absent'
        ? `origin has no ${NOTES_REF}`
        : fetched === 'no-remote'
          ? `the repository has no origin remote, and no local ${NOTES_REF}`
          : `${NOTES_REF} holds no notes`;
    warn(`no stored measurements: ${where}. ${keep}`);
  } else if (names.length === 0) {
    warn(`no stored measurements ${options.name ? `for ${options.name} ` : ''}on ${scope}. ${keep}`);
  } else if (options.format !== 'json') {
    warn(`read ${scope}`);
  }
  io.stdout.write(render(output, options.format));
  return ExitCode.Ok;
}

function render(output: HistoryOutput, format: HistoryCommandOptions['format']): string {
  if (format === 'json') return `${JSON.stringify(output, null, 2)}\n`;
  if (output.images.length === 0) return '';
  if (format === 'markdown')
    return `${output.images.map((image) => renderPointsMarkdown(image.name, image.history)).join('\n\n')}\n`;
  return output.images.map((image) => renderPointsText(image.name, image.history)).join('\n');
}
