import { stageChain } from '../../dockerfile/stages.js';
import { assignments, PLATFORM_ARGS } from '../../dockerfile/variables.js';
import type { Rule } from '../types.js';

// Instructions whose arguments the builder expands (RUN, CMD and ENTRYPOINT are expanded by the shell).
const EXPANDED = new Set([
  'ADD',
  'COPY',
  'ENV',
  'EXPOSE',
  'LABEL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
  'ARG',
]);
// PATH is set by the builder in every image that does not set it; BuildKit never reports the platform ARGs.
const BUILDER_SET = new Set(['PATH', ...PLATFORM_ARGS]);

/** `$X` in an instruction the builder expands, with no ARG or ENV defining X (stages FROM scratch only). */
export const undefinedVar: Rule<'undefined'> = {
  meta: {
    id: 'undefined-var',
    severity: 'warning',
    category: 'correctness',
    aliases: ['UndefinedVar'],
    description:
      'A variable used in ADD, COPY, ENV, LABEL, WORKDIR, … that no ARG or ENV defines (stages FROM scratch only).',
    messages: {
      undefined:
        '`${{name}}` is not defined here: no ARG or ENV before this {{keyword}} sets it{{hint}}, and the stage rests on `scratch`, which sets none, so it expands to an empty string. Fix: declare `ARG {{name}}` (or `ENV {{name}}=…`) earlier in this stage.',
    },
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      const chain = stageChain(model, stage);
      // An external base image has an environment docker-diet cannot see: only scratch is known empty.
      const root = chain[chain.length - 1];
      if (!root || root.from.image.toLowerCase() !== 'scratch') continue;
      // `FROM ${BASE}` with a default of scratch may be given another image with --build-arg.
      if (root.fromInstruction.args.includes('$')) continue;
      const defined = new Set(BUILDER_SET);
      for (const s of [...chain].reverse()) {
        const own = s === stage;
        for (const instruction of s.instructions) {
          // ARGs end with their stage; ENV carries into stages built FROM it.
          if (own && EXPANDED.has(instruction.keyword) && instruction.heredocs.length === 0) {
            const same = assignments(model, instruction).map((a) => a.name);
            for (const name of usedVariables(instruction.args, model.escape)) {
              if (defined.has(name) || same.includes(name)) continue;
              const global = model.globalArgs.some((g) => assignments(model, g).some((a) => a.name === name));
              const hint = global ? ' (a global ARG is only seen in a stage that declares it again)' : '';
              report(instruction, 'undefined', { name, keyword: instruction.keyword, hint });
            }
          }
          if (instruction.keyword === 'ENV' || (own && instruction.keyword === 'ARG'))
            for (const { name } of assignments(model, instruction)) defined.add(name);
        }
      }
    }
  },
};

/**
 * Names of `$X` and `${X}` in `text`, each once; `${X:-…}`-style forms (which say what an unset X
 * means), escaped dollars and single-quoted text are left out.
 */
export function usedVariables(text: string, escape: string): string[] {
  const names = new Set<string>();
  let single = false;
  let double = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === escape && !single) {
      i += 1;
      continue;
    }
    if (c === "'" && !double) single = !single;
    else if (c === '"' && !single) double = !double;
    if (c !== '$' || single) continue;
    const rest = text.slice(i + 1);
    const braced = /^\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(rest);
    const bare = /^([A-Za-z_][A-Za-z0-9_]*)/.exec(rest);
    const name = braced?.[1] ?? bare?.[1];
    if (name !== undefined) names.add(name);
  }
  return [...names];
}
