/**
 * How stages relate: the chain of stages a stage is built FROM, the image it finally rests on, the
 * stages it takes files from, which stages the built image ships, and what runs before an instruction.
 * A stage can only be built FROM an earlier one (the parser resolves names backwards), so every walk
 * here ends without a cycle guard.
 */
import { finalStage, resolveStageRef } from './model.js';
import type { DockerfileModel, FromInfo, InstructionInfo, RunCommands, Stage } from './model.js';

/** The stage followed by the stages it is built `FROM`, nearest first (`FROM build AS final` → [final, build]). */
export function stageChain(model: DockerfileModel, stage: Stage): readonly Stage[] {
  const chains = (model.facts.chains ??= []);
  let chain = chains[stage.index];
  if (!chain) {
    chain = stage.parent ? [stage, ...stageChain(model, stage.parent)] : [stage];
    chains[stage.index] = chain;
  }
  return chain;
}

/** The stage whose FROM names the external base image of `stage` (the last of its chain). */
export function rootStage(model: DockerfileModel, stage: Stage): Stage {
  const chain = stageChain(model, stage);
  return chain[chain.length - 1] ?? stage;
}

/** The external image a stage finally rests on, following `FROM <stage>` chains. */
export function baseImage(model: DockerfileModel, stage: Stage): FromInfo {
  return rootStage(model, stage).from;
}

/** The earlier stage a `COPY --from=…` copies from; undefined for images, build contexts and plain COPYs. */
export function copySourceStage(model: DockerfileModel, instruction: InstructionInfo): Stage | undefined {
  const ref = instruction.flags.get('from')?.[0];
  if (ref === undefined) return undefined;
  const index = resolveStageRef(model, ref, instruction.stage);
  return index === undefined ? undefined : model.stages[index];
}

/** Indices of the stages `stage` depends on: its FROM chain, COPY --from and RUN --mount from, transitively. */
export function stageDependencies(model: DockerfileModel, stage: Stage): Set<number> {
  const seen = new Set<number>();
  const visit = (s: Stage): void => {
    const refs: string[] = [];
    if (s.from.stageRef !== undefined) refs.push(String(s.from.stageRef));
    for (const i of s.instructions) {
      for (const from of i.flags.get('from') ?? []) refs.push(from);
      for (const mount of i.flags.get('mount') ?? []) {
        const from = /(?:^|,)from=([^,]+)/.exec(mount)?.[1];
        if (from) refs.push(from);
      }
    }
    for (const ref of refs) {
      const index = resolveStageRef(model, ref, s.index);
      if (index !== undefined && !seen.has(index)) {
        seen.add(index);
        const dep = model.stages[index];
        if (dep) visit(dep);
      }
    }
  };
  visit(stage);
  return seen;
}

/**
 * Indices of the stages whose instructions end up in the built image: the built stage (`target`, else
 * the last) and the stages it is built FROM. Stages only copied from ship none of their layers.
 */
export function shippedStages(model: DockerfileModel, target?: string): ReadonlySet<number> {
  const memo = (model.facts.shipped ??= new Map());
  const key = target?.toLowerCase() ?? '';
  let shipped = memo.get(key);
  if (!shipped) {
    const final = finalStage(model, target);
    shipped = new Set(final ? stageChain(model, final).map((s) => s.index) : []);
    memo.set(key, shipped);
  }
  return shipped;
}

/**
 * The RUN instructions of the Dockerfile with their commands. With `shippedOnly`, only RUNs of the
 * stages the default build ships: caches left in a builder stage whose files are copied out never
 * reach the image. The lists are shared: never mutate them.
 */
export function runs(model: DockerfileModel, options: { shippedOnly?: boolean } = {}): RunCommands[] {
  let found = model.facts.runs;
  if (!found) {
    const shipped = shippedStages(model);
    const all: RunCommands[] = [];
    for (const instruction of model.instructions) {
      if (instruction.keyword === 'RUN') all.push({ instruction, commands: instruction.commands });
    }
    found = model.facts.runs = { all, shipped: all.filter((r) => shipped.has(r.instruction.stage)) };
  }
  return options.shippedOnly ? found.shipped : found.all;
}

/**
 * Instructions before `instruction` in its stage and in the stages that stage is built FROM, oldest
 * first. The list is shared: never mutate it.
 */
export function instructionsBefore(
  model: DockerfileModel,
  instruction: InstructionInfo,
): readonly InstructionInfo[] {
  const memo = (model.facts.before ??= new Map());
  let before = memo.get(instruction);
  if (!before) {
    const stage = model.stages[instruction.stage];
    const list: InstructionInfo[] = [];
    if (stage) {
      const chain = stageChain(model, stage);
      for (let i = chain.length - 1; i >= 0; i -= 1) {
        const own = (chain[i] as Stage).instructions;
        const at = own.indexOf(instruction);
        for (let j = 0, end = at === -1 ? own.length : at; j < end; j += 1)
          list.push(own[j] as InstructionInfo);
      }
    }
    before = list;
    memo.set(instruction, before);
  }
  return before;
}
