import { PLATFORM_ARGS } from '../../dockerfile/variables.js';
import type { Rule } from '../types.js';
import { globalArgNames, variablesIn, writtenImage } from './support/from-line.js';

/** `FROM img:${TAG}` where no ARG before the first FROM declares TAG: it expands to nothing. */
export const undefinedArgInFrom: Rule<'undeclared'> = {
  meta: {
    id: 'undefined-arg-in-from',
    severity: 'warning',
    category: 'correctness',
    aliases: ['UndefinedArgInFrom'],
    description: 'A FROM uses a variable that no ARG before the first FROM declares.',
    messages: {
      undeclared:
        'FROM uses `${{name}}`, but no ARG before the first FROM declares it: FROM only sees global ARGs, so it expands to an empty string even when passed with --build-arg. Fix: add `ARG {{name}}` (with a default) above the first FROM.',
    },
  },
  check({ model, report }) {
    const declared = globalArgNames(model);
    for (const stage of model.stages) {
      const from = stage.fromInstruction;
      const texts = [writtenImage(from), ...(from.flags.get('platform') ?? [])];
      const reported = new Set<string>();
      for (const use of texts.flatMap(variablesIn)) {
        // `${X:-default}` carries its own value; whether the builder checks it is not certain: silent.
        if (use.withFallback || declared.has(use.name) || PLATFORM_ARGS.includes(use.name)) continue;
        if (reported.has(use.name)) continue;
        reported.add(use.name);
        report(from, 'undeclared', { name: use.name });
      }
    }
  },
};
