import type { Rule } from '../types.js';

/** `FROM python`: no tag means `latest`, which moves under you. */
export const untaggedImage: Rule<'untagged'> = {
  meta: {
    id: 'untagged-image',
    severity: 'warning',
    category: 'correctness',
    aliases: ['DL3006'],
    description: 'FROM names an image without a tag or digest, so it silently means `:latest`.',
    messages: {
      untagged:
        '`FROM {{image}}` has no tag, so it means `{{image}}:latest`: every rebuild may get a different image (new OS, new runtime, a different size) without any change here. Fix: pin a version, e.g. `FROM {{image}}:<version>`, or a digest (`@sha256:…`).',
    },
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      const { from } = stage;
      // scratch is not an image; stage names and unresolved variables cannot be judged.
      if (from.tag !== undefined || from.digest !== undefined || from.stageRef !== undefined) continue;
      if (from.hasVariable || from.name === 'scratch' || from.image === '') continue;
      report(stage.fromInstruction, 'untagged', { image: from.image });
    }
  },
};
