import type { Rule } from '../types.js';
import { isWholeContextCopy } from './support/copy-paths.js';

/** `COPY .` with no `.dockerignore`: everything in the context, `.git` and secrets included, goes in. */
export const missingDockerignore: Rule<'noDockerignore'> = {
  meta: {
    id: 'missing-dockerignore',
    severity: 'warning',
    category: 'cache',
    aliases: [],
    description: 'The whole build context is copied but the context has no .dockerignore.',
    messages: {
      noDockerignore:
        '`{{copy}}` copies the whole build context and the context has no .dockerignore, so .git, node_modules, build output and local secrets such as .env go into the image and any change to them busts the cache. Fix: add a .dockerignore next to the context root listing at least .git, node_modules, build output and .env files.',
    },
  },
  check({ model, buildContext, report }) {
    // undefined means "not known" (e.g. linting a Dockerfile without its context): stay silent.
    if (buildContext.hasDockerignore !== false) return;
    const copy = model.instructions.find(isWholeContextCopy);
    if (!copy) return;
    report(copy, 'noDockerignore', { copy: `${copy.keyword} ${copy.args.trim()}` });
  },
};
