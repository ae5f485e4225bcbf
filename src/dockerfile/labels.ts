/**
 * What LABEL instructions set: each `key=value` pair with its instruction, quotes removed as Docker
 * removes them (`LABEL "a.b"="x y"` sets `a.b` to `x y`; the legacy `LABEL key value words` sets
 * `key` to `value words`).
 */
import type { Label } from 'dockerfile-ast';
import type { DockerfileModel, InstructionInfo, Stage } from './model.js';

/** One label a LABEL instruction sets. */
export interface LabelPair {
  name: string;
  value: string;
  instruction: InstructionInfo;
}

/** The labels one LABEL instruction sets, in order; [] for any other instruction. */
export function labelPairs(instruction: InstructionInfo): LabelPair[] {
  if (instruction.keyword !== 'LABEL') return [];
  const properties = (instruction.node as Label).getProperties?.() ?? [];
  return properties.flatMap((p) => {
    const name = p.getName();
    return name ? [{ name, value: p.getValue() ?? '', instruction }] : [];
  });
}

/** Every label set in the file, in order (all stages). */
export function allLabels(model: DockerfileModel): LabelPair[] {
  return model.instructions.flatMap(labelPairs);
}

/** The labels an image built from `stage` carries from this file: its own and its parent stages'. */
export function stageLabels(chain: readonly Stage[]): LabelPair[] {
  return chain.flatMap((s) => s.instructions.flatMap(labelPairs));
}
