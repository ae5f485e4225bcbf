import { stripQuotes } from '../../dockerfile/instruction-text.js';
import type { DockerfileModel, InstructionInfo } from '../../dockerfile/model.js';
import type { Rule, TextEdit } from '../types.js';
import { copyArgs, isRemoteSource, isTarLike } from './support/copy-paths.js';

/** `ADD` of plain local files: COPY does the same without ADD's surprises. */
export const preferCopy: Rule<'preferCopy'> = {
  meta: {
    id: 'prefer-copy',
    severity: 'warning',
    category: 'correctness',
    aliases: ['DL3020'],
    description: 'ADD copies local files or folders that are not tar archives: use COPY.',
    messages: {
      preferCopy:
        'ADD copies {{sources}} like COPY would, but a reader has to check that it neither unpacks an archive nor fetches a URL. Fix: `COPY {{flags}}{{operands}}`.',
    },
    fixable: true,
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      if (instruction.keyword !== 'ADD') continue;
      const args = copyArgs(instruction); // undefined for heredocs
      if (!args) continue;
      // Local tar archives are unpacked by ADD (its one legitimate local use); URLs and git repositories
      // are fetched. A source with a variable may be either: stay silent.
      // Docker removes the quotes: `"app.tgz"` is still an archive and `"https://…"` still a URL.
      const plain = args.sources.filter((written) => {
        const s = stripQuotes(written);
        return !isRemoteSource(s) && !isTarLike(s) && !s.includes('$');
      });
      if (plain.length === 0 || plain.length < args.sources.length) continue;
      const flags = [...instruction.flags.entries()]
        .filter(([name]) => name === 'chown' || name === 'chmod' || name === 'link')
        .flatMap(([name, values]) => values.map((value) => (value ? `--${name}=${value} ` : `--${name} `)))
        .join('');
      const operands = instruction.jsonForm
        ? JSON.stringify([...args.sources, args.dest]).replace(/","/g, '", "')
        : `${args.sources.join(' ')} ${args.dest}`;
      const sources = plain.map((s) => `\`${s}\``).join(', ');
      report(instruction, 'preferCopy', { sources, flags, operands }, () => keywordFix(model, instruction));
    }
  },
};

// ADD flags that COPY takes with the same meaning; any other (`--checksum`, `--keep-git-dir`) is ADD's own.
const SHARED_FLAGS = new Set(['chown', 'chmod', 'link', 'exclude', 'parents']);

/** The keyword `ADD` → `COPY`, in the case it was written in; none when a flag is ADD's own. */
function keywordFix(model: DockerfileModel, instruction: InstructionInfo): TextEdit[] | undefined {
  if ([...instruction.flags.keys()].some((name) => !SHARED_FLAGS.has(name))) return undefined;
  const { start } = instruction.range;
  const written = (model.lines[start.line] ?? '').slice(start.character, start.character + 3);
  if (written.toUpperCase() !== 'ADD') return undefined;
  const end = { line: start.line, character: start.character + 3 };
  return [{ range: { start, end }, text: written === 'ADD' ? 'COPY' : written === 'add' ? 'copy' : 'COPY' }];
}
