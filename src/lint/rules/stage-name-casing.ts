import type { Rule, TextEdit } from '../types.js';
import { fromAlias, fromFlagValues, writtenImage } from './support/from-line.js';

/** `FROM … AS Build`: stage names are matched case-insensitively, so BuildKit asks for lower case. */
export const stageNameCasing: Rule<'upperCase'> = {
  meta: {
    id: 'stage-name-casing',
    severity: 'info',
    category: 'correctness',
    aliases: ['StageNameCasing'],
    description: 'A stage name has upper-case letters.',
    messages: {
      upperCase:
        'Stage name `{{name}}` has upper-case letters; stage names are case-insensitive (`--from={{lower}}` and `--target {{lower}}` find it too), so writing them in lower case avoids two spellings of one stage. Fix: `AS {{lower}}`.',
    },
    fixable: true,
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      const alias = fromAlias(model, stage.fromInstruction);
      if (!alias) continue;
      const name = alias.name.value;
      const lower = name.toLowerCase();
      if (name === lower || name.includes('$')) continue;
      // If two stages share this name (another rule's finding), renaming references is ambiguous.
      const same = model.stages.filter((s) => s.name === lower);
      const fix: TextEdit[] = [{ range: alias.name.range, text: lower }];
      if (same.length === 1) {
        for (const instruction of model.instructions) {
          for (const flag of fromFlagValues(instruction)) {
            if (flag.value !== lower && flag.value.toLowerCase() === lower)
              fix.push({ range: flag.range, text: lower });
          }
          if (instruction.keyword === 'FROM' && instruction.stage > stage.index) {
            const image = instruction.node.getArguments()[0];
            const written = writtenImage(instruction);
            if (image && image.getValue() === written && written !== lower && written.toLowerCase() === lower)
              fix.push({ range: image.getRange(), text: lower });
          }
        }
      }
      report(stage.fromInstruction, 'upperCase', { name, lower }, fix);
    }
  },
};
