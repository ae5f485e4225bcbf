import type { Property } from 'dockerfile-ast';
import type { DockerfileModel, InstructionInfo } from '../../dockerfile/model.js';
import type { Rule, TextEdit } from '../types.js';

/** `ENV key value` / `LABEL key value`: the legacy form without `=`. */
export const legacyKeyValueFormat: Rule<'legacy'> = {
  meta: {
    id: 'legacy-key-value-format',
    severity: 'warning',
    category: 'correctness',
    aliases: ['LegacyKeyValueFormat'],
    description:
      '`ENV key value` or `LABEL key value` without `=`: a legacy form that sets one variable only.',
    messages: {
      legacy:
        '`{{keyword}} {{name}} …` without `=` is the legacy form: everything after the name becomes one value, so `{{keyword}} A 1 B 2` sets A to "1 B 2". Fix: `{{keyword}} {{name}}=…`, quoting a value with blanks.',
    },
    fixable: true,
  },
  check({ model, report }) {
    const visit = (instruction: InstructionInfo): void => {
      if (instruction.trigger) visit(instruction.trigger);
      if (instruction.keyword !== 'ENV' && instruction.keyword !== 'LABEL') return;
      // A first word `NAME=…` is the current form: known without building dockerfile-ast's tree.
      if (CURRENT_FORM.test(instruction.args)) return;
      const node = instruction.node as unknown as { getProperties?: () => Property[] };
      const first = node.getProperties?.()[0];
      // `ENV A` with no value is an error BuildKit reports itself; `A=1` is the current form.
      if (!first || first.getAssignmentOperator() !== null || first.getValue() === null) return;
      report(instruction, 'legacy', { keyword: instruction.keyword, name: first.getName() }, () =>
        fix(model, first),
      );
    };
    for (const instruction of model.instructions) visit(instruction);
  },
};

/** Arguments that open with `NAME=`: dockerfile-ast's first property then has its `=`. */
const CURRENT_FORM = /^[A-Za-z_][\w.-]*=/;

/** `NAME value` → `NAME=value` (quoted when it has blanks), for a one-line pair of plain words. */
function fix(model: DockerfileModel, property: Property): TextEdit[] | undefined {
  const range = property.getRange();
  const nameRange = property.getNameRange();
  if (range.start.line !== range.end.line) return undefined;
  const line = model.lines[range.start.line] ?? '';
  const name = line.slice(nameRange.start.character, nameRange.end.character);
  const value = line.slice(nameRange.end.character, range.end.character).trim();
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name) || value === '') return undefined;
  // One quoted word without escapes keeps its quotes: `ENV PATH "$X/bin:$PATH"` → `ENV PATH="$X/bin:$PATH"`.
  if (/^"[^"\\`]*"$|^'[^'\\`]*'$/.test(value) && !value.includes(model.escape))
    return [{ range, text: `${name}=${value}` }];
  // Quotes, escapes and a trailing comment would read differently once quoted.
  if (/["'\\`#]/.test(value) || value.includes(model.escape)) return undefined;
  const written = /\s/.test(value) ? `${name}="${value}"` : `${name}=${value}`;
  return [{ range, text: written }];
}
