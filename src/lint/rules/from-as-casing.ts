import type { Rule } from '../types.js';
import { fromAlias } from './support/from-line.js';

/** `FROM x as y` / `from x AS y`: the `AS` keyword written in another case than `FROM`. */
export const fromAsCasing: Rule<'mismatch'> = {
  meta: {
    id: 'from-as-casing',
    severity: 'info',
    category: 'correctness',
    aliases: ['FromAsCasing'],
    description: 'The `AS` keyword of a FROM is not written in the same case as `FROM`.',
    messages: {
      mismatch:
        '`{{from}} … {{as}}`: the `AS` keyword is not in the case of the `{{from}}` keyword. Fix: `{{from}} … {{expected}}`.',
    },
    fixable: true,
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      const alias = fromAlias(model, stage.fromInstruction);
      if (!alias) continue;
      const from = stage.fromInstruction.written;
      const as = alias.as.value;
      // As BuildKit: only an all-upper or all-lower FROM sets the expected case; `From` says nothing.
      let expected: string | undefined;
      if (from === from.toUpperCase()) expected = 'AS';
      else if (from === from.toLowerCase()) expected = 'as';
      if (expected === undefined || as === expected) continue;
      report(stage.fromInstruction, 'mismatch', { from, as, expected }, [
        { range: alias.as.range, text: expected },
      ]);
    }
  },
};
