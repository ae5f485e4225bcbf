import type { InstructionInfo } from '../../dockerfile/model.js';
import { instructionsBefore, stageChain } from '../../dockerfile/stages.js';
import type { Rule } from '../types.js';

/** CMD or ENTRYPOINT in shell form: `/bin/sh -c` is PID 1 and the process never gets SIGTERM. */
export const jsonArgsRecommended: Rule<'shellForm' | 'cmdAfterExecEntrypoint'> = {
  meta: {
    id: 'json-args-recommended',
    severity: 'warning',
    category: 'correctness',
    aliases: ['JSONArgsRecommended', 'DL3025'],
    description: 'CMD or ENTRYPOINT in shell form: the process runs under `/bin/sh -c` and may miss signals.',
    messages: {
      shellForm:
        '`{{keyword}} {{args}}` is in shell form, so the container runs `/bin/sh -c "…"`: depending on the shell, the shell stays PID 1, `docker stop` sends SIGTERM to it rather than to your process, and the container is killed after the timeout. Fix: `{{keyword}} {{json}}`, or `SHELL ["/bin/sh", "-c"]` before it if you need the shell.',
      cmdAfterExecEntrypoint:
        '`CMD {{args}}` is in shell form while the ENTRYPOINT at line {{line}} is in JSON form, so the entrypoint receives `/bin/sh -c "{{args}}"` as its arguments. Fix: `CMD {{json}}`.',
    },
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      const chain = stageChain(model, stage);
      // A stage built FROM another inherits its SHELL and ENTRYPOINT.
      const all = [...chain.slice(1).flatMap((s) => s.instructions), ...stage.instructions];
      // A Windows base image may set a shell of its own in its config; its signals work differently.
      if (/windows|nanoserver|servercore|powershell/i.test(chain[chain.length - 1]?.from.image ?? ''))
        continue;
      // `ENTRYPOINT []` clears the entrypoint: the CMD then runs on its own.
      const entrypoint = all.filter((i) => i.keyword === 'ENTRYPOINT').at(-1);
      const execEntrypoint =
        entrypoint?.jsonForm && (entrypoint.json?.length ?? 0) > 0 ? entrypoint : undefined;
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'CMD' && instruction.keyword !== 'ENTRYPOINT') continue;
        if (instruction.jsonForm || instruction.heredocs.length > 0) continue;
        // One that a later one of its kind replaces never runs: multiple-instructions-disallowed says so.
        if (stage.instructions.filter((i) => i.keyword === instruction.keyword).at(-1) !== instruction)
          continue;
        // As BuildKit: silent once a SHELL before it says which shell runs the shell form.
        if (instructionsBefore(model, instruction).some((i) => i.keyword === 'SHELL')) continue;
        const args = instruction.args.trim();
        if (args === '') continue;
        const json = suggestion(args);
        if (instruction.keyword === 'CMD' && execEntrypoint) {
          report(instruction, 'cmdAfterExecEntrypoint', { args, json, line: line(execEntrypoint) });
          continue;
        }
        report(instruction, 'shellForm', { keyword: instruction.keyword, args, json });
      }
    }
  },
};

/** The exec form of plain words (`node server.js` → `["node", "server.js"]`), else a placeholder. */
function suggestion(args: string): string {
  if (/[$&|;<>(){}`"'\\*?~]/.test(args))
    return '["executable", "param1", …] (the shell form uses shell syntax: keep it in a script that ends with `exec`)';
  return JSON.stringify(args.split(/\s+/)).replace(/","/g, '", "');
}

function line(instruction: InstructionInfo): number {
  return instruction.range.start.line + 1;
}
