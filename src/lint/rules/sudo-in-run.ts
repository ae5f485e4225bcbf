import type { Rule } from '../types.js';

// `sudo` where a command starts: the start of the script, after an operator or a shell keyword.
const SUDO = /(?:^|[;&|(`]|\$\(|\b(?:then|do|else|elif)\s)\s*sudo(?=\s)/m;

/** `RUN sudo …`: the build already runs as the USER set; sudo adds a TTY- and config-dependent layer. */
export const sudoInRun: Rule<'sudo'> = {
  meta: {
    id: 'sudo-in-run',
    severity: 'error',
    category: 'correctness',
    aliases: ['DL3004'],
    description: 'A RUN uses sudo.',
    messages: {
      sudo: 'This RUN uses `sudo`: its behaviour depends on the image’s sudoers file and TTY settings (it can prompt for a password and hang or fail the build), and it keeps a privilege-raising tool in the image. Fix: switch with `USER root` for the steps that need it and back afterwards; to drop privileges at run time use `gosu` or `su-exec`.',
    },
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      if (instruction.keyword !== 'RUN') continue;
      const script = instruction.jsonForm ? (instruction.json ?? []).join(' ') : instruction.args;
      if (!script.includes('sudo') && !instruction.heredocs.some((h) => h.includes('sudo'))) continue;
      // A heredoc's continued lines are one command: `  sudo \` in a package list is an argument.
      const bodies = instruction.heredocs.map((h) => h.replace(/\\\r?\n/g, ' '));
      if (SUDO.test(script) || bodies.some((h) => SUDO.test(h))) report(instruction, 'sudo');
    }
  },
};
