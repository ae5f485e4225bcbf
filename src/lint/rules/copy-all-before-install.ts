import type { InstructionInfo } from '../../dockerfile/model.js';
import type { Rule } from '../types.js';
import { isWholeContextCopy } from './support/copy-paths.js';
import { dependencyInstall, type DependencyInstall } from './support/dependency-installs.js';

/** `COPY . .` then `RUN npm ci`: every source change re-runs the dependency install. */
export const copyAllBeforeInstall: Rule<'packagesAfterCopy' | 'dependenciesAfterCopy'> = {
  meta: {
    id: 'copy-all-before-install',
    severity: 'warning',
    category: 'cache',
    aliases: [],
    description:
      'The whole build context is copied before dependencies are installed, so every source change re-installs them.',
    messages: {
      packagesAfterCopy:
        '`{{install}}` runs after `{{copy}}` (line {{line}}), so any change to any file in the context re-runs this package install. Fix: install OS packages before copying the source.',
      dependenciesAfterCopy:
        '`{{install}}` runs after `{{copy}}` (line {{line}}), so any change to any source file re-installs every dependency. Fix: copy only {{manifests}} first, run `{{install}}`, then copy the rest of the source.',
    },
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      // Without a whole-context copy the stage has nothing to report: skip classifying its commands.
      if (!stage.instructions.some(isWholeContextCopy)) continue;
      let wholeCopy: InstructionInfo | undefined;
      // Ecosystems installed before the first `COPY .`: their manifests were copied first, so a later
      // install of the same kind (`pip install .` after `pip install -r`, `mvn package` after go-offline) is fine.
      const installedEarly = new Set<string>();
      for (const instruction of stage.instructions) {
        if (isWholeContextCopy(instruction)) {
          wholeCopy ??= instruction;
          continue;
        }
        const installs = instruction.commands
          .map(dependencyInstall)
          .filter((i): i is DependencyInstall => i !== undefined);
        if (!wholeCopy) {
          installs.forEach((i) => installedEarly.add(i.ecosystem));
          continue;
        }
        const late = installs.find((i) => i.ecosystem === 'system' || !installedEarly.has(i.ecosystem));
        if (!late) continue;
        const data = {
          install: late.label,
          copy: `${wholeCopy.keyword} ${wholeCopy.args.trim()}`,
          line: wholeCopy.range.start.line + 1,
        };
        if (late.manifests)
          report(instruction, 'dependenciesAfterCopy', { ...data, manifests: late.manifests });
        else report(instruction, 'packagesAfterCopy', data);
      }
    }
  },
};
