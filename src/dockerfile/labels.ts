/**
 * What LABEL instructions set: each `key=value` pair with its instruction, quotes removed as Docker
 * removes them (`LABEL "a.b"="x y"` sets `a.b` to `x y`; the legacy `LABEL key value words` sets
 * `key` to `value words`).
 */
import type { DockerfileModel, InstructionInfo, Stage } from './model.js';
import { labelPairs as labelAssignments } from './variables.js';

/** One label a LABEL instruction sets. */
export interface LabelPair {
  name: string;
  value: string;
  instruction: InstructionInfo;
}

/**
 * The labels one LABEL instruction sets, in order; [] for any other instruction. Read from the
 * instruction's text as ENV's pairs are (no syntax tree): a quoted key loses its quotes, as the
 * builder's does.
 */
export function labelPairs(instruction: InstructionInfo): LabelPair[] {
  if (instruction.keyword !== 'LABEL') return [];
  return labelAssignments(instruction).flatMap(({ name, value }) => {
    const key = name.replace(/^(["'])(.*)\1$/, '$2');
    return key ? [{ name: key, value: value ?? '', instruction }] : [];
  });
}

/** Every label set in the file, in order (all stages); worked out once per model. */
export function allLabels(model: DockerfileModel): LabelPair[] {
  return (model.facts.labels ??= model.instructions.flatMap(labelPairs));
}

/** The labels an image built from `stage` carries from this file: its own and its parent stages'. */
export function stageLabels(chain: readonly Stage[]): LabelPair[] {
  return chain.flatMap((s) => s.instructions.flatMap(labelPairs));
}
