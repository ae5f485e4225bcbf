/**
 * Maps an image's history entries to the Dockerfile instructions that made them. Pure: the config comes
 * from `docker save`, the base image's diff ids from `docker image inspect` of the FROM image.
 *
 * Image history alone cannot be trusted to name its instruction (BuildKit drops `--from`, the legacy
 * builder records `COPY file:<hash> in /app`), so: each non-empty entry takes the next diff id; the base
 * image's entries are found from its own layers; the rest are aligned with the instructions of the final
 * stage's `FROM <stage>` chain by keyword, then by argument similarity, with a longest-common-subsequence
 * match that lets instructions without an entry (FROM, BuildKit's ONBUILD) fall out naturally.
 */
import { instructionDisplayText } from '../dockerfile/instruction-text.js';
import { finalStage, type DockerfileModel, type InstructionInfo, type Stage } from '../dockerfile/model.js';
import { stageChain } from '../dockerfile/stages.js';
import type { InstructionRef } from '../report/model.js';
import {
  instructionExpanders,
  similarity,
  stepFromHistory,
  stepFromInstruction,
  type Step,
} from './normalize-history.js';
import type { ImageConfig, MappedHistoryEntry } from './types.js';

/** What the mapping needs to know about the build. */
export interface MapHistoryOptions {
  /** The `--target` stage; the last stage when absent. */
  target?: string;
  /**
   * `RootFS.Layers` of the image the final stage's FROM chain starts at (`docker image inspect` of it);
   * null or absent when that image is unknown, e.g. not present locally.
   */
  baseDiffIds?: string[] | null;
  /** How many history entries the base image has (its own config's `history.length`), when known. */
  baseHistoryLength?: number | null;
  /** `--build-arg` values the image was built with. */
  buildArgs?: Record<string, string>;
}

/** The Dockerfile the image was built from. */
export interface HistoryDockerfile {
  model: DockerfileModel;
  /** Path to show in instruction references (relative to the workspace). */
  displayPath: string;
}

/** Every history entry of `config`, with its layer, whether it is the base's, and its instruction. */
export function mapHistory(
  config: ImageConfig,
  dockerfile: HistoryDockerfile,
  options: MapHistoryOptions = {},
): MappedHistoryEntry[] {
  const entries = numberLayers(config);
  const chain = imageStages(dockerfile.model, options.target);
  const instructions = chain.flatMap((stage) => stage.instructions);
  const expanders = instructionExpanders(dockerfile.model, chain, options.buildArgs ?? {});
  const instructionSteps = instructions.map((info, i) => stepFromInstruction(info, expanders[i]!));
  const historySteps = entries.map((entry) => stepFromHistory(entry.createdBy));
  const fromScratch = chain[0]?.from.image.toLowerCase() === 'scratch';

  const base = fromScratch ? { fixed: 0, ambiguousEnd: 0 } : baseBounds(entries, config.diffIds, options);
  const matches = align(historySteps.slice(base.fixed), instructionSteps);
  const firstMatch = matches.findIndex((m) => m !== undefined);
  let baseCount: number;
  if (base.ambiguousEnd !== null) {
    // Empty entries after the base's last layer belong to the base until one matches an instruction.
    baseCount = Math.min(firstMatch === -1 ? Infinity : base.fixed + firstMatch, base.ambiguousEnd);
  } else if (firstMatch !== -1) {
    // Base unknown: everything before the first entry the Dockerfile accounts for is the base.
    baseCount = base.fixed + firstMatch;
  } else {
    // Nothing matched and the base is unknown: count back from the end, one entry per instruction.
    baseCount = Math.max(
      base.fixed,
      entries.length - instructions.filter((i) => i.keyword !== 'ONBUILD').length,
    );
  }

  return entries.map((entry) => {
    const match = entry.index >= baseCount ? matches[entry.index - base.fixed] : undefined;
    const info = match === undefined ? undefined : instructions[match];
    return {
      ...entry,
      fromBase: entry.index < baseCount,
      instruction: info ? instructionRef(dockerfile, info) : null,
    };
  });
}

/** History entries with their diff ids: each non-empty entry takes the next one, in order. */
function numberLayers(config: ImageConfig): Omit<MappedHistoryEntry, 'fromBase' | 'instruction'>[] {
  let layer = 0;
  return config.history.map((entry, index) => ({
    index,
    createdBy: entry.created_by ?? '',
    diffId: entry.empty_layer ? null : (config.diffIds[layer++] ?? null),
  }));
}

/**
 * Where the base image's entries end. `fixed`: entries known to be the base's. `ambiguousEnd`: when set,
 * the empty entries in [fixed, ambiguousEnd) may be the base's too (trailing CMD/ENV of the base); null
 * when the base is unknown and the alignment must decide alone.
 */
function baseBounds(
  entries: { diffId: string | null }[],
  diffIds: string[],
  options: MapHistoryOptions,
): { fixed: number; ambiguousEnd: number | null } {
  const baseDiffIds = options.baseDiffIds;
  let prefix = 0;
  while (baseDiffIds && prefix < baseDiffIds.length && diffIds[prefix] === baseDiffIds[prefix]) prefix += 1;
  // Entries up to the one that made the last shared layer are the base's for sure.
  const layerEntries = entries.flatMap((entry, index) => (entry.diffId === null ? [] : [index]));
  const fixed = prefix === 0 ? 0 : layerEntries[prefix - 1]! + 1;
  if (!baseDiffIds || prefix < baseDiffIds.length) return { fixed, ambiguousEnd: null };

  const length = options.baseHistoryLength;
  const nextLayer = layerEntries[prefix] ?? entries.length;
  if (typeof length === 'number' && length >= fixed && length <= nextLayer)
    return { fixed: length, ambiguousEnd: length };
  return { fixed, ambiguousEnd: nextLayer };
}

/**
 * Aligns history steps with instruction steps: a longest common subsequence weighted by similarity,
 * matching only equal keywords. Ties go to later entries, because the Dockerfile's entries come last.
 * Returns, for each history step, the index of its instruction.
 */
function align(history: (Step | null)[], instructions: Step[]): (number | undefined)[] {
  const rows = history.length;
  const cols = instructions.length;
  const width = cols + 1;
  const best = new Float64Array((rows + 1) * width);
  const score = (i: number, j: number): number => {
    const step = history[i - 1];
    const alike = step ? similarity(step, instructions[j - 1]!) : -1;
    return alike < 0 ? -Infinity : 1 + alike + (1e-3 * i) / (rows + 1);
  };
  for (let i = 1; i <= rows; i += 1) {
    for (let j = 1; j <= cols; j += 1) {
      best[i * width + j] = Math.max(
        best[(i - 1) * width + j]!,
        best[i * width + j - 1]!,
        best[(i - 1) * width + j - 1]! + score(i, j),
      );
    }
  }
  const matches: (number | undefined)[] = new Array<number | undefined>(rows).fill(undefined);
  for (let i = rows, j = cols; i > 0 && j > 0;) {
    const here = best[i * width + j]!;
    if (here === best[(i - 1) * width + j - 1]! + score(i, j)) {
      matches[i - 1] = j - 1;
      i -= 1;
      j -= 1;
    } else if (here === best[(i - 1) * width + j]!) {
      i -= 1;
    } else {
      j -= 1;
    }
  }
  return matches;
}

/** The report's reference to an instruction: 1-based line, text as written with continuations joined. */
function instructionRef(dockerfile: HistoryDockerfile, info: InstructionInfo): InstructionRef {
  return {
    file: dockerfile.displayPath,
    line: info.range.start.line + 1,
    text: instructionDisplayText(dockerfile.model, info),
  };
}

/** The stages whose instructions are in the image: the built one and the stages it is built FROM, oldest first. */
function imageStages(model: DockerfileModel, target?: string): Stage[] {
  const final = finalStage(model, target);
  return final ? [...stageChain(model, final)].reverse() : [];
}
