import { finalStage } from '../../dockerfile/model.js';
import { rootStage } from '../../dockerfile/stages.js';
import type { Rule } from '../types.js';
import { adviseBaseImage } from './support/base-images.js';

/** The shipped image rests on a full/SDK variant of a large image family; a lighter one exists. */
export const heavyBaseImage: Rule = {
  meta: {
    id: 'heavy-base-image',
    severity: 'warning',
    category: 'base-image',
    aliases: [],
    description:
      'The final stage is built on a full or SDK variant of a large image (python, node, JDK, golang, rust…) with a much lighter alternative.',
  },
  check({ model, report }) {
    const final = finalStage(model);
    if (!final) return;
    // `FROM base` chains: the image to change is the one the final stage finally rests on.
    const root = rootStage(model, final);
    const advice = adviseBaseImage(root.from);
    if (!advice) return;
    const caveat = advice.caveat ? ` ${advice.caveat}` : '';
    const where =
      root === final ? 'The final stage' : `The final stage (through stage \`${root.name ?? root.index}\`)`;
    report(
      root.fromInstruction,
      `${where} is built on ${root.from.image}, ${advice.problem}. Fix: ${advice.fix}.${caveat}`,
    );
  },
};
