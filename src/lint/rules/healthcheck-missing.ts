import { finalStage } from '../../dockerfile/model.js';
import { stageChain } from '../../dockerfile/stages.js';
import type { Rule } from '../types.js';

// What marks the built image as something that runs: a command to start, or a port to serve.
const SERVICE = new Set(['CMD', 'ENTRYPOINT', 'EXPOSE']);

/** The built image runs a service but says nothing about its health. Off unless the config enables it. */
export const healthcheckMissing: Rule<'missing'> = {
  meta: {
    id: 'healthcheck-missing',
    severity: 'info',
    category: 'correctness',
    aliases: ['DL3057'],
    description:
      'The built image sets CMD, ENTRYPOINT or EXPOSE but neither it nor a stage it is built FROM has a HEALTHCHECK.',
    messages: {
      missing:
        'The image built from this stage is a service (`{{service}}`) but has no HEALTHCHECK, so Docker and Swarm only know whether the process is alive, not whether it still serves. Fix: add `HEALTHCHECK CMD <command that exits 0 when healthy>`, or `HEALTHCHECK NONE` to record that the orchestrator probes it instead.',
    },
    enabledByDefault: false,
  },
  check({ model, report }) {
    const final = finalStage(model);
    if (!final) return;
    // HEALTHCHECK (NONE included) is inherited from a stage this one is built FROM, as from an image.
    const chain = stageChain(model, final);
    const instructions = chain.flatMap((stage) => stage.instructions);
    if (instructions.some((i) => i.keyword === 'HEALTHCHECK')) return;
    // Without a command or a port of its own, the image is a base, a tool or a file carrier: its
    // health belongs to the Dockerfile that runs it. The base image's own CMD cannot be read here.
    const service = [...instructions].reverse().find((i) => SERVICE.has(i.keyword));
    if (!service) return;
    report(final.fromInstruction, 'missing', {
      service: `${service.keyword} ${service.args.trim()}`.slice(0, 80),
    });
  },
};
