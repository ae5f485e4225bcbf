import { finalStage } from '../../dockerfile/model.js';
import { stageChain } from '../../dockerfile/stages.js';
import type { Rule } from '../types.js';
import { lastUser } from './support/user.js';

/** The image runs as a user named, not numbered: a host cannot check it is not root. */
export const nonNumericUser: Rule<'named'> = {
  meta: {
    id: 'non-numeric-user',
    severity: 'info',
    category: 'correctness',
    aliases: ['DL3066'],
    description: 'The last USER of the built stage is a name rather than a numeric id.',
    messages: {
      named:
        '`USER {{user}}` names the user the container runs as, and only the image’s /etc/passwd knows its id: Kubernetes with `runAsNonRoot: true` refuses to start it ("image has non-numeric user, cannot verify user is non-root"). Fix: `USER <uid>[:<gid>]` with the ids the user was created with.',
    },
    enabledByDefault: false,
  },
  check({ model, report }) {
    const final = finalStage(model);
    if (!final) return;
    const found = lastUser(stageChain(model, final));
    // Root is last-user-root's finding; a variable may hold a number.
    if (!found || found.isRoot || found.user === '' || found.user.includes('$')) return;
    if (!/^\d+$/.test(found.name)) report(found.instruction, 'named', { user: found.user });
  },
};
