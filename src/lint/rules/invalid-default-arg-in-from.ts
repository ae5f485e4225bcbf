import { expandVariables, PLATFORM_ARGS } from '../../dockerfile/variables.js';
import { assignments } from '../../dockerfile/variables.js';
import type { Rule } from '../types.js';
import { globalArgNames, variablesIn, writtenImage } from './support/from-line.js';

// The grammar of docker/distribution's reference package (what BuildKit parses FROM with).
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const LABEL = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `${LABEL}(?:\\.${LABEL})*(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^(?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*(?::${TAG})?(?:@${DIGEST})?$`);

/** True when `image` is a valid image reference (IPv6 hosts are not judged: true). */
export function isValidReference(image: string): boolean {
  if (image.includes('[')) return true;
  return REFERENCE.test(image);
}

/** `ARG TAG` without a default used as `FROM img:${TAG}`: a build without --build-arg gets `img:`. */
export const invalidDefaultArgInFrom: Rule<'invalid'> = {
  meta: {
    id: 'invalid-default-arg-in-from',
    severity: 'warning',
    category: 'correctness',
    aliases: ['InvalidDefaultArgInFrom'],
    description: 'The global ARG defaults make a FROM reference empty or invalid.',
    messages: {
      invalid:
        '`FROM {{written}}` with the defaults of the global ARGs ({{args}}) reads `{{resolved}}`, which is not a valid image reference: a build without --build-arg fails. Fix: give the ARG a default that works, e.g. `ARG {{first}}=…`.',
    },
  },
  check({ model, report }) {
    const declared = globalArgNames(model);
    const defaults = new Map<string, string>();
    for (const arg of model.globalArgs)
      for (const { name, value } of assignments(model, arg))
        if (value !== undefined) defaults.set(name, value);
    for (const stage of model.stages) {
      const from = stage.fromInstruction;
      const written = writtenImage(from);
      const uses = variablesIn(written);
      if (uses.length === 0) continue;
      // Undeclared variables are undefined-arg-in-from's; platform ARGs get values only at build time.
      if (uses.some((u) => !declared.has(u.name) || PLATFORM_ARGS.includes(u.name))) continue;
      // An ARG whose default is another variable is not resolved here: silent.
      if (uses.some((u) => defaults.get(u.name)?.includes('$'))) continue;
      const resolved = expandVariables(written, (name) => defaults.get(name) ?? '');
      // Nested expansions (`${D:+@${D}}`) are not read here: a brace left over means silence.
      if (/[$\\{}]/.test(resolved)) continue;
      const lower = resolved.toLowerCase();
      if (lower === 'scratch' || model.stages.some((s) => s.index < stage.index && s.name === lower))
        continue;
      if (isValidReference(resolved)) continue;
      const names = [...new Set(uses.map((u) => u.name))];
      const args = names.map((n) => (defaults.has(n) ? `${n}=${defaults.get(n)}` : `${n} (no default)`));
      report(from, 'invalid', {
        written,
        resolved,
        args: args.join(', '),
        first: names.find((n) => !defaults.get(n)) ?? names[0] ?? '',
      });
    }
  },
};
