import { assignments } from '../../dockerfile/variables.js';
import { instructionsBefore } from '../../dockerfile/stages.js';
import type { Rule } from '../types.js';

/** `ENV A=1 B=$A`: B does not get the A set here, but the A from before the instruction (or nothing). */
export const envSelfReference: Rule<'sameEnv'> = {
  meta: {
    id: 'env-self-reference',
    severity: 'error',
    category: 'correctness',
    aliases: ['DL3044'],
    description: 'An ENV uses a variable that the same ENV instruction sets.',
    messages: {
      sameEnv:
        '`{{name}}` is set by this ENV and used in the value of `{{user}}` in the same ENV, but variables are expanded before the instruction sets anything: `{{user}}` gets an empty `{{name}}` (or the base image’s value), not `{{value}}`. Fix: set `{{name}}` in an ENV of its own before this one.',
    },
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'ENV' || !instruction.args.includes('$')) continue;
        // Single quotes and `\$` keep `$` literal; the parsed values no longer show them: silent.
        if (/'|\\\$/.test(instruction.args)) continue;
        const pairs = assignments(model, instruction);
        if (pairs.length < 2) continue;
        const earlier = new Set(
          instructionsBefore(model, instruction)
            .filter((i) => i.keyword === 'ENV' || i.keyword === 'ARG')
            .flatMap((i) => assignments(model, i).map((a) => a.name)),
        );
        const hit = selfReference(pairs, earlier);
        if (hit) report(instruction, 'sameEnv', hit);
      }
    }
  },
};

/** The first pair whose value uses another pair's name that nothing before the instruction sets. */
function selfReference(
  pairs: readonly { name: string; value?: string }[],
  earlier: ReadonlySet<string>,
): { name: string; user: string; value: string } | undefined {
  for (const user of pairs) {
    for (const set of pairs) {
      if (set === user || earlier.has(set.name) || user.value === undefined) continue;
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(set.name)) continue;
      const used = new RegExp(`\\$(\\{${set.name}([:}]|[-+?])|${set.name}(?![A-Za-z0-9_]))`);
      if (used.test(user.value)) return { name: set.name, user: user.name, value: set.value ?? '' };
    }
  }
  return undefined;
}
