import type { Rule } from '../types.js';

/** `FROM x:latest`: the tag moves whenever upstream publishes, so rebuilds are not reproducible. */
export const latestTag: Rule<'latest'> = {
  meta: {
    id: 'latest-tag',
    severity: 'warning',
    category: 'correctness',
    aliases: ['DL3007'],
    description: 'FROM uses the `latest` tag, which points at a different image whenever upstream publishes.',
    messages: {
      latest:
        '`FROM {{image}}` follows whatever `latest` points at today: rebuilds can change OS, runtime and size without any change here, and two builds of one commit may differ. Fix: pin a release tag, e.g. `FROM {{name}}:<version>`, or a digest (`@sha256:…`).',
    },
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      const { from } = stage;
      // A digest pins the image whatever the tag says.
      if (from.tag !== 'latest' || from.digest !== undefined || from.stageRef !== undefined) continue;
      const name = from.image.replace(/:latest$/, '');
      report(stage.fromInstruction, 'latest', { image: from.image, name });
    }
  },
};
