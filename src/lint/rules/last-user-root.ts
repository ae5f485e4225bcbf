import { finalStage } from '../../dockerfile/model.js';
import { stageChain } from '../../dockerfile/stages.js';
import type { Rule } from '../types.js';
import { lastUser } from './support/user.js';

/** The image that ships runs as root because the last USER it sets is root. */
export const lastUserRoot: Rule<'root'> = {
  meta: {
    id: 'last-user-root',
    severity: 'warning',
    category: 'correctness',
    aliases: ['DL3002'],
    description: 'The last USER of the built stage is root, so the container runs as root.',
    messages: {
      root: '`USER {{user}}` is the last USER of the image that ships, so every container of it runs as root: a process that is broken into owns the whole container file system. Fix: switch back to an unprivileged user after the steps that need root (`USER app`, `USER 10001`).',
    },
  },
  check({ model, report }) {
    const final = finalStage(model);
    if (!final) return;
    const found = lastUser(stageChain(model, final));
    if (found && found.isRoot) report(found.instruction, 'root', { user: found.user });
  },
};
