/**
 * A Dockerfile's meaning, worked out once per file from dockerfile-ast: stages with their parents,
 * their instructions in order, flags, and RUN commands split into simple commands. Lint rules, the
 * history mapping and the comparison all read this model; nothing re-parses the text. Facts that only
 * some callers need (stage chains, variable and WORKDIR scopes) are worked out on first use by the
 * modules next to this one and kept in `facts`.
 */
import {
  DockerfileParser,
  type Dockerfile,
  type Heredoc,
  type Instruction,
  type ParserDirective,
} from 'dockerfile-ast';
import { splitImageReference } from './image-reference.js';
import { describeInstruction, NodeInTree, type InstructionSource } from './instruction.js';
import { scanInstructionBounds } from './instruction-bounds.js';
import type { LabelPair } from './labels.js';
import type { ShellCommand } from './shell.js';
import { expandVariables, globalArgDefaults } from './variables.js';

/** A 0-based position, as dockerfile-ast gives it. */
export interface Position {
  line: number;
  character: number;
}

/** A 0-based range of the file. */
export interface Range {
  start: Position;
  end: Position;
}

/** One instruction, with what callers ask of it precomputed. */
export interface InstructionInfo {
  /** Upper-case keyword: `RUN`, `COPY`, … (an `ONBUILD` keeps its own keyword; see `trigger`). */
  keyword: string;
  /** The keyword as written (`run`, `From`), escaped line breaks inside it removed. */
  written: string;
  /** Arguments after the flags, continuation lines joined with a space, as written otherwise. */
  args: string;
  /** Flags such as `--from=build`, `--mount=…`: name (lower-case, no dashes) → values (repeatable). */
  flags: ReadonlyMap<string, string[]>;
  /** 0-based range of the whole instruction (dockerfile-ast's). */
  range: Range;
  /** True for the JSON (exec) form: `RUN ["a", "b"]`. */
  jsonForm: boolean;
  /** For the JSON form: the parsed array. */
  json?: string[];
  /** For RUN: the simple commands it runs (heredoc bodies included), unwrapped of sudo/env. */
  commands: ShellCommand[];
  /** Bodies of `<<EOF` heredocs. */
  heredocs: string[];
  /** dockerfile-ast's heredocs of the instruction (names, delimiters), for rules that need more. */
  heredocNodes: Heredoc[];
  /** Index of the stage the instruction belongs to; -1 for ARGs before the first FROM. */
  stage: number;
  /** For `ONBUILD <instruction>`: the trigger, read like any instruction (not part of any stage's list). */
  trigger?: InstructionInfo;
  /**
   * The dockerfile-ast node, for rules that need more. Reading it builds dockerfile-ast's tree of the
   * whole file on first use (several times the cost of the model): prefer the fields above.
   */
  readonly node: Instruction;
}

/** `FROM image[:tag][@digest] [AS name]`, resolved where it can be. */
export interface FromInfo {
  /** The image with global ARG defaults filled in (`${BASE}` left as written when it has none). */
  image: string;
  /** Registry host if written (`ghcr.io`), else undefined. */
  registry?: string;
  /** Lower-cased repository path without registry and tag: `library/python` is written `python`. */
  name: string;
  tag?: string;
  digest?: string;
  /** `--platform` value, if any. */
  platform?: string;
  /** When FROM names an earlier stage, its index (always below the stage's own). */
  stageRef?: number;
  /** True when the reference still contains a variable after resolving ARG defaults. */
  hasVariable: boolean;
}

/** One build stage. */
export interface Stage {
  index: number;
  /** Lower-cased `AS` name, if any. */
  name?: string;
  from: FromInfo;
  /** The earlier stage this one is built FROM (`FROM build AS test`), if any. */
  parent?: Stage;
  /** The FROM instruction itself. */
  fromInstruction: InstructionInfo;
  /** Instructions after FROM, in order. */
  instructions: InstructionInfo[];
}

/**
 * Facts derived from the model on first use, by the accessors of this folder (`stageChain`,
 * `instructionsBefore`, `workdirAt`, `assignments`, …). Callers never read or write them directly.
 */
export interface ModelFacts {
  /** `stageChain` of each stage, by stage index. */
  chains?: (readonly Stage[] | undefined)[];
  /** `shippedStages`, by lower-cased target ('' for the last stage). */
  shipped?: Map<string, ReadonlySet<number>>;
  /** `runs`: every RUN, and those of shipped stages. */
  runs?: { all: RunCommands[]; shipped: RunCommands[] };
  /** `instructionsBefore`, by instruction. */
  before?: Map<InstructionInfo, readonly InstructionInfo[]>;
  /** `workdirAt` without a start directory, by instruction. */
  workdirs?: Map<InstructionInfo, string | undefined>;
  /** `assignments` of each ARG and ENV. */
  assignments?: Map<InstructionInfo, readonly Assignment[]>;
  /** `globalArgDefaults`, once every global ARG is known. */
  globalDefaults?: ReadonlyMap<string, string>;
  /** `allLabels`: every LABEL pair of the file. */
  labels?: LabelPair[];
}

/** A RUN instruction with the simple commands it runs, in order. */
export interface RunCommands {
  instruction: InstructionInfo;
  commands: ShellCommand[];
}

/** One `NAME=value` an ARG or ENV sets; `value` is undefined for an ARG without a default. */
export interface Assignment {
  name: string;
  value?: string;
}

/** A parsed Dockerfile. */
export interface DockerfileModel {
  /** Path relative to the workspace, forward slashes. */
  file: string;
  text: string;
  /** The text's lines, without line ends. */
  lines: string[];
  /**
   * dockerfile-ast's tree, built on first use: most files are read without it (see
   * `instruction-bounds.ts`), and it costs more than the rest of the model.
   */
  readonly ast: Dockerfile;
  /** Parser directives at the top of the file (`# syntax=…`, `# escape=…`, `# check=…`). */
  directives: readonly ParserDirective[];
  /** ARGs before the first FROM. */
  globalArgs: InstructionInfo[];
  stages: Stage[];
  /** Every instruction in file order (FROMs included; ONBUILD triggers only under their ONBUILD). */
  instructions: InstructionInfo[];
  /** Escape character (`\` or a backtick from the escape directive). */
  escape: string;
  /** Facts worked out on first use; see `ModelFacts`. */
  facts: ModelFacts;
}

/** Parses Dockerfile text. dockerfile-ast is error-tolerant, so this does not throw on bad input. */
export function parseDockerfile(file: string, text: string): DockerfileModel {
  const lines = text.includes('\r') ? text.split(/\r?\n/) : text.split('\n');
  // Most files are read without dockerfile-ast's tree: it is built when something first asks for it.
  const bounds = scanInstructionBounds(text);
  let ast = bounds ? undefined : DockerfileParser.parse(text);
  const tree = (): Dockerfile => (ast ??= DockerfileParser.parse(text));
  const nodes = bounds ? undefined : tree().getInstructions();
  const sources: readonly InstructionSource[] =
    bounds ?? (nodes ?? []).map((n) => ({ range: n.getRange(), written: n.getInstruction() }));
  const model: DockerfileModel = {
    file,
    text,
    lines,
    get ast() {
      return tree();
    },
    directives: ast ? ast.getDirectives() : NO_DIRECTIVES,
    globalArgs: [],
    stages: [],
    instructions: [],
    escape: ast ? ast.getEscapeCharacter() : '\\',
    facts: {},
  };

  sources.forEach((source, k) => {
    const keyword = source.written.toUpperCase();
    const stageIndex = keyword === 'FROM' ? model.stages.length : model.stages.length - 1;
    const node = nodes?.[k] ?? new NodeInTree(tree, k);
    const info = describeInstruction(source, node, keyword, stageIndex, lines);
    model.instructions.push(info);

    if (keyword === 'FROM') {
      const from = describeFrom(model, info);
      const parent = from.stageRef === undefined ? undefined : model.stages[from.stageRef];
      model.stages.push({
        index: stageIndex,
        name: fromStageName(info),
        from,
        parent,
        fromInstruction: info,
        instructions: [],
      });
    } else if (stageIndex < 0) {
      if (keyword === 'ARG') model.globalArgs.push(info);
    } else {
      model.stages[stageIndex]?.instructions.push(info);
    }
  });
  return model;
}

/** The directives of every file without any: shared, never added to. */
const NO_DIRECTIVES: readonly ParserDirective[] = [];

/** The stage that is built: the one named `target`, or the last. */
export function finalStage(model: DockerfileModel, target?: string): Stage | undefined {
  if (target) {
    const named = model.stages.find((s) => s.name === target.toLowerCase());
    if (named) return named;
  }
  return model.stages[model.stages.length - 1];
}

/** Resolves a `--from` / `FROM` reference (name or number) to a stage index, if it names one before `before`. */
export function resolveStageRef(
  model: DockerfileModel,
  ref: string,
  before = model.stages.length,
): number | undefined {
  const lower = ref.toLowerCase();
  if (/^\d+$/.test(lower)) {
    const index = Number(lower);
    return index < before ? index : undefined;
  }
  const stages = model.stages;
  for (let i = 0; i < before && i < stages.length; i += 1) if (stages[i]?.name === lower) return i;
  return undefined;
}

function fromStageName(info: InstructionInfo): string | undefined {
  const match = /\s+as\s+(\S+)\s*$/i.exec(info.args);
  return match?.[1]?.toLowerCase();
}

/** Reads a FROM with the global ARG defaults declared so far (the stages parsed so far are the earlier ones). */
function describeFrom(model: DockerfileModel, info: InstructionInfo): FromInfo {
  const written = info.args.replace(/\s+as\s+\S+\s*$/i, '').trim();
  let image = written;
  if (written.includes('$')) {
    const defaults = globalArgDefaults(model);
    image = expandVariables(written, (name) => defaults.get(name));
  }
  const lower = image.toLowerCase();
  const stageRef = model.stages.find((s) => s.name !== undefined && s.name === lower)?.index;
  const parts = splitImageReference(image);
  const repository = parts.repository.startsWith('library/')
    ? parts.repository.slice('library/'.length)
    : parts.repository;
  return {
    image,
    registry: parts.registry,
    name: repository.toLowerCase(),
    tag: parts.tag,
    digest: parts.digest,
    platform: info.flags.get('platform')?.[0],
    stageRef,
    hasVariable: image.includes('$'),
  };
}
