/**
 * The user an image runs as: the last USER instruction of a stage chain, and whether it names root.
 */
import type { InstructionInfo, Stage } from '../../../dockerfile/model.js';
import { stripQuotes } from '../../../dockerfile/instruction-text.js';

/** The last USER of a stage chain (nearest stage first, as `stageChain` gives it). */
export interface LastUser {
  instruction: InstructionInfo;
  /** As written, quotes removed: `app`, `1000:1000`, `root`. */
  user: string;
  /** The user part before any `:group`. */
  name: string;
  /** True for `root`, `0`, `root:…`, `0:…`. */
  isRoot: boolean;
}

/** The last USER set along `chain`; undefined when no stage of it sets one (the base image decides). */
export function lastUser(chain: readonly Stage[]): LastUser | undefined {
  for (const stage of chain) {
    for (let i = stage.instructions.length - 1; i >= 0; i -= 1) {
      const instruction = stage.instructions[i] as InstructionInfo;
      if (instruction.keyword !== 'USER') continue;
      const user = stripQuotes(instruction.args.trim());
      const name = user.split(':')[0] ?? '';
      return { instruction, user, name, isRoot: name === 'root' || name === '0' };
    }
  }
  return undefined;
}
