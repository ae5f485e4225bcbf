import { stripQuotes } from '../../dockerfile/instruction-text.js';
import type { DockerfileModel, InstructionInfo } from '../../dockerfile/model.js';
import type { Rule, TextEdit } from '../types.js';
import { copyArgs } from './support/copy-paths.js';

/** `COPY a b /app`: several sources need a destination that ends in `/`, or only the last one is kept. */
export const copySourcesNeedDirDest: Rule<'needsSlash'> = {
  meta: {
    id: 'copy-sources-need-dir-dest',
    severity: 'error',
    category: 'correctness',
    aliases: ['DL3021'],
    description: 'COPY or ADD has several sources but a destination that does not end with `/`.',
    messages: {
      needsSlash:
        '`{{keyword}}` has {{count}} sources but the destination `{{dest}}` does not end with `/`: BuildKit copies each source onto that same path, so `{{dest}}` ends up a file holding only the last source (the classic builder refuses the instruction). Fix: `{{dest}}/`.',
    },
    fixable: true,
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') continue;
      const args = copyArgs(instruction);
      if (!args || args.sources.length < 2) continue;
      const dest = stripQuotes(args.dest);
      // A quote left after unquoting: a destination with blanks, which the word split cannot read.
      if (/["']/.test(dest)) continue;
      // A variable may end with `/`; Windows destinations use `\`.
      if (dest.endsWith('/') || dest.includes('$') || dest.endsWith('\\')) continue;
      const data = { keyword: instruction.keyword, count: args.sources.length, dest };
      report(instruction, 'needsSlash', data, () => slashFix(model, instruction, args.dest));
    }
  },
};

/** `/` after the destination as written on the instruction's last line; none for other layouts. */
function slashFix(
  model: DockerfileModel,
  instruction: InstructionInfo,
  written: string,
): TextEdit[] | undefined {
  const { end } = instruction.range;
  const line = (model.lines[end.line] ?? '').slice(0, end.character).trimEnd();
  let at = line.length;
  if (instruction.jsonForm) {
    // `["a", "b", "/app"]`: the slash goes inside the last string.
    const match = /"([^"\\]*)"\s*\]$/.exec(line);
    if (!match || match[1] !== written) return undefined;
    at = line.length - match[0].length + 1 + written.length;
  } else {
    if (!line.endsWith(written)) return undefined;
    // A quoted destination takes the slash inside its quotes.
    if (/^["'].*["']$/.test(written)) at -= 1;
  }
  const position = { line: end.line, character: at };
  return [{ range: { start: position, end: position }, text: '/' }];
}
