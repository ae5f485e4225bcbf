import type { InstructionInfo } from '../../dockerfile/model.js';
import { programName, type ShellCommand } from '../../dockerfile/shell.js';
import { instructionsBefore } from '../../dockerfile/stages.js';
import type { Rule } from '../types.js';

// Downloads: they fail halfway for reasons outside the Dockerfile (network, HTTP errors), and what they
// feed (`sh`, `tar`, `gpg`) then works on partial or empty input without failing.
const DOWNLOADERS = new Set(['curl', 'wget']);
// Shells that are not POSIX sh: their pipelines follow other rules.
const NON_POSIX = /(pwsh|powershell|cmd)(\.exe)?$/i;

/** `RUN curl … | sh` under /bin/sh: a failed download does not fail the RUN. */
export const pipeWithoutPipefail: Rule<'pipe'> = {
  meta: {
    id: 'pipe-without-pipefail',
    severity: 'warning',
    category: 'correctness',
    aliases: ['DL4006'],
    description: 'A RUN pipes a download (curl, wget) into another command without `set -o pipefail`.',
    messages: {
      pipe: 'This RUN pipes `{{upstream}}` into `{{downstream}}`: a pipeline’s status is its last command’s, so when `{{upstream}}` fails the RUN still succeeds and the layer is built from partial output. Fix: `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` before the RUN (Alpine: `["/bin/ash", "-o", "pipefail", "-c"]`), or start the script with `set -o pipefail &&` where the shell supports it.',
    },
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'RUN' || instruction.jsonForm) continue;
        if (!instruction.commands.some((c) => c.joinedBy === '|')) continue;
        // The RUN sets pipefail itself (`set -eo pipefail`, `bash -o pipefail -c`): silent.
        if (instruction.args.includes('pipefail') || instruction.heredocs.some((h) => h.includes('pipefail')))
          continue;
        if (!posixShellWithoutPipefail(instructionsBefore(model, instruction))) continue;
        const pipe = riskyPipe(instruction.commands);
        if (pipe) report(instruction, 'pipe', pipe);
      }
    }
  },
};

/** True when the SHELL in effect (the last one before, or the default /bin/sh) is POSIX without pipefail. */
function posixShellWithoutPipefail(before: readonly InstructionInfo[]): boolean {
  for (let i = before.length - 1; i >= 0; i -= 1) {
    const instruction = before[i] as InstructionInfo;
    if (instruction.keyword !== 'SHELL') continue;
    const argv = instruction.json ?? [];
    return !argv.includes('pipefail') && !NON_POSIX.test(argv[0] ?? '');
  }
  return true;
}

/** The first pipe fed by a download: its upstream and downstream program names. */
function riskyPipe(commands: ShellCommand[]): { upstream: string; downstream: string } | undefined {
  for (let i = 1; i < commands.length; i += 1) {
    const command = commands[i] as ShellCommand;
    if (command.joinedBy !== '|') continue;
    const upstream = programName(commands[i - 1] as ShellCommand);
    if (DOWNLOADERS.has(upstream)) return { upstream, downstream: programName(command) };
  }
  return undefined;
}
