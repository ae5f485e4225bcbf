import type { InstructionInfo } from '../../dockerfile/model.js';
import type { Rule } from '../types.js';
import { isWholeContextCopy } from './support/copy-paths.js';
import { dependencyInstall, type DependencyInstall } from './support/dependency-installs.js';

/** `COPY . .` then `RUN npm ci`: every source change re-runs the dependency install. */
export const copyAllBeforeInstall: Rule = {
  meta: {
    id: 'copy-all-before-install',
    severity: 'warning',
    category: 'cache',
    aliases: [],
    description:
      'The whole build context is copied before dependencies are installed, so every source change re-installs them.',
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
        if (late) report(instruction, message(late, wholeCopy));
      }
    }
  },
};

function message(install: DependencyInstall, copy: InstructionInfo): string {
  const where = `\`${copy.keyword} ${copy.args.trim()}\` (line ${copy.range.start.line + 1})`;
  if (!install.manifests) {
    return `\`${install.label}\` runs after ${where}: any change to any file in the context re-runs this package install. Fix: install OS packages before copying the source — put what changes most last.`;
  }
  return `\`${install.label}\` runs after ${where}: any change to any source file invalidates this layer's cache and re-installs every dependency. Fix: copy only ${install.manifests} first, run \`${install.label}\`, then copy the rest of the source — put what changes most last.`;
}
