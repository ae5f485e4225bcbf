import { finalStage } from '../../dockerfile/model.js';
import { stageChain } from '../../dockerfile/stages.js';
import type { Rule } from '../types.js';

/** The built image serves a port but says nothing about its health. Off unless the config enables it. */
export const healthcheckMissing: Rule<'missing'> = {
  meta: {
    id: 'healthcheck-missing',
    severity: 'info',
    category: 'correctness',
    aliases: ['DL3057'],
    description:
      'The built image EXPOSEs a port, so it is a service, but neither it nor a stage it is built FROM has a HEALTHCHECK.',
    messages: {
      missing:
        'The image built from this stage serves a port (`{{expose}}`) but has no HEALTHCHECK, so Docker and Swarm only know whether the process is alive, not whether it still serves. Fix: add `HEALTHCHECK CMD <command that exits 0 when healthy>`, or `HEALTHCHECK NONE` to record that the orchestrator probes it instead.',
    },
    enabledByDefault: false,
  },
  check({ model, report }) {
    const final = finalStage(model);
    if (!final) return;
    // HEALTHCHECK (NONE included) is inherited from a stage this one is built FROM, as from an image.
    const chain = stageChain(model, final);
    if (chain.some((stage) => stage.instructions.some((i) => i.keyword === 'HEALTHCHECK'))) return;
    // A port is what marks a service. CMD and ENTRYPOINT do not: shells, REPLs, build tools and
    // command-line tools set them too (`CMD ["bash"]`, `ENTRYPOINT ["terraform"]`), and have nothing to
    // probe. A worker that serves no port is missed; a tool reported would be wrong.
    // The EXPOSE nearest the end of the built stage, else of the stage it is built FROM, …
    const expose = chain
      .map((stage) => stage.instructions.findLast((i) => i.keyword === 'EXPOSE'))
      .find((i) => i !== undefined);
    if (!expose) return;
    report(final.fromInstruction, 'missing', { expose: `EXPOSE ${expose.args.trim()}` });
  },
};
