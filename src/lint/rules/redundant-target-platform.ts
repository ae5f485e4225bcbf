import type { Rule } from '../types.js';
import { globalArgNames } from './support/from-line.js';

/** `FROM --platform=$TARGETPLATFORM`: that is what FROM pulls anyway. */
export const redundantTargetPlatform: Rule<'redundant'> = {
  meta: {
    id: 'redundant-target-platform',
    severity: 'info',
    category: 'correctness',
    aliases: ['RedundantTargetPlatform', 'DL3065'],
    description: '`FROM --platform=$TARGETPLATFORM` sets the platform FROM uses by default.',
    messages: {
      redundant:
        '`--platform={{value}}` is the default: FROM already pulls the image for the target platform. Fix: drop the flag (or use `$BUILDPLATFORM` if this stage should run on the build host).',
    },
  },
  check({ model, report }) {
    // A global `ARG TARGETPLATFORM=…` gives the variable another value: then the flag means something.
    if (globalArgNames(model).has('TARGETPLATFORM')) return;
    for (const stage of model.stages) {
      const value = stage.fromInstruction.flags.get('platform')?.[0];
      if (value === '$TARGETPLATFORM' || value === '${TARGETPLATFORM}')
        report(stage.fromInstruction, 'redundant', { value });
    }
  },
};
