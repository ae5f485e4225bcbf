import { finalStage } from '../../dockerfile/model.js';
import { rootStage } from '../../dockerfile/stages.js';
import type { Rule } from '../types.js';
import { adviseBaseImage } from './support/base-images.js';

/** The shipped image rests on a full/SDK variant of a large image family; a lighter one exists. */
export const heavyBaseImage: Rule<'heavyBase' | 'heavyBaseThrough'> = {
  meta: {
    id: 'heavy-base-image',
    severity: 'warning',
    category: 'base-image',
    aliases: [],
    description:
      'The final stage is built on a full or SDK variant of a large image (python, node, JDK, golang, rust…) with a much lighter alternative.',
    messages: {
      heavyBase: 'The final stage is built on {{image}}, {{problem}}. Fix: {{fix}}.{{caveat}}',
      heavyBaseThrough:
        'The final stage (through stage `{{stage}}`) is built on {{image}}, {{problem}}. Fix: {{fix}}.{{caveat}}',
    },
  },
  check({ model, report }) {
    const final = finalStage(model);
    if (!final) return;
    // `FROM base` chains: the image to change is the one the final stage finally rests on.
    const root = rootStage(model, final);
    const advice = adviseBaseImage(root.from);
    if (!advice) return;
    const caveat = advice.caveat ? ` ${advice.caveat}` : '';
    const data = { image: root.from.image, problem: advice.problem, fix: advice.fix, caveat };
    if (root === final) report(root.fromInstruction, 'heavyBase', data);
    else report(root.fromInstruction, 'heavyBaseThrough', { ...data, stage: root.name ?? root.index });
  },
};
