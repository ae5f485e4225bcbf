import { finalStage } from '../../dockerfile/model.js';
import { rootStage } from '../../dockerfile/stages.js';
import type { Rule } from '../types.js';
import { adviseBaseImage } from './support/base-images.js';
import { finalStageBuild, stageLanguage } from './support/build-commands.js';
import { isDevcontainer, toolchainPurpose } from './support/image-purpose.js';

/**
 * The shipped image rests on a full/SDK variant of a large image family; a lighter one exists.
 * Toolchain images (golang, maven, gradle, rust, gcc, dotnet/sdk), and runtime images the final stage
 * builds its app on in the same language, are left to build-tools-in-final-stage, so one image gets
 * one finding. Silent when the image's purpose is the
 * toolchain (see `toolchainPurpose`): a JDK, compilers or headers are then what the image is for.
 */
export const heavyBaseImage: Rule<'heavyBase' | 'heavyBaseThrough'> = {
  meta: {
    id: 'heavy-base-image',
    severity: 'warning',
    category: 'base-image',
    aliases: [],
    description:
      'An application image is built on a full variant of a large image (python, node, ruby, JDK, debian…) with a much lighter alternative.',
    messages: {
      heavyBase: 'The final stage is built on {{image}}, {{problem}}{{size}}. Fix: {{fix}}.',
      heavyBaseThrough:
        'The final stage (through stage `{{stage}}`) is built on {{image}}, {{problem}}{{size}}. Fix: {{fix}}.',
    },
  },
  check({ model, report }) {
    const final = finalStage(model);
    if (!final) return;
    // `FROM base` chains: the image to change is the one the final stage finally rests on.
    const root = rootStage(model, final);
    const advice = adviseBaseImage(root.from);
    if (!advice || advice.kind === 'toolchain') return;
    // A slimmer OS still builds; a JRE or a -slim language image cannot serve a toolchain image.
    if (advice.kind === 'os' ? isDevcontainer(model) : toolchainPurpose(model, final)) return;
    // An app built in place on its full runtime image (`npm run build` on node:22): build-tools-in-
    // final-stage reports it and names the light image for the final stage.
    const build = finalStageBuild(model, final);
    if (build && stageLanguage(build.command, advice.language) === advice.language) return;
    const size = advice.size ? ` (${advice.size})` : '';
    const data = { image: root.from.image, problem: advice.problem, fix: advice.fix, size };
    if (root === final) report(root.fromInstruction, 'heavyBase', data);
    else report(root.fromInstruction, 'heavyBaseThrough', { ...data, stage: root.name ?? root.index });
  },
};
