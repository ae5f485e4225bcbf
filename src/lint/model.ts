/**
 * A Dockerfile as the rules see it: stages, their instructions in order, flags, and RUN commands split
 * into simple commands. Built once per file from dockerfile-ast; rules never re-parse.
 */
import { DockerfileParser, type Dockerfile, type Heredoc, type Instruction } from 'dockerfile-ast';
import { instructionText, joinContinuations, splitFlags, stripQuotes } from './instruction-text.js';
import type { Range } from './types.js';
import { heredocRunCommands, runCommandsOf, unwrapCommand, type ShellCommand } from './shell.js';

/** One instruction, with what rules ask of it precomputed. */
export interface InstructionInfo {
  /** Upper-case keyword: `RUN`, `COPY`, … (`ONBUILD` triggers keep their own keyword). */
  keyword: string;
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
  /** The dockerfile-ast node, for rules that need more. */
  node: Instruction;
}

/** `FROM image[:tag][@digest] [AS name]`, resolved where it can be. */
export interface FromInfo {
  /** The image as written (`${BASE}` left unresolved when no default exists). */
  image: string;
  /** Registry host if written (`ghcr.io`), else undefined. */
  registry?: string;
  /** Repository path without registry and tag: `library/python` is written `python`. */
  name: string;
  tag?: string;
  digest?: string;
  /** `--platform` value, if any. */
  platform?: string;
  /** When FROM names an earlier stage, its index. */
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
  /** The FROM instruction itself. */
  fromInstruction: InstructionInfo;
  /** Instructions after FROM, in order. */
  instructions: InstructionInfo[];
}

/** A parsed Dockerfile. */
export interface DockerfileModel {
  /** Path relative to the workspace, forward slashes. */
  file: string;
  text: string;
  /** The text's lines, without line ends. */
  lines: string[];
  ast: Dockerfile;
  /** ARGs before the first FROM. */
  globalArgs: InstructionInfo[];
  stages: Stage[];
  /** Every instruction in file order (FROMs included). */
  instructions: InstructionInfo[];
  /** Escape character (`\` or a backtick from the escape directive). */
  escape: string;
}

/** Parses Dockerfile text. dockerfile-ast is error-tolerant, so this does not throw on bad input. */
export function parseDockerfile(file: string, text: string): DockerfileModel {
  const ast = DockerfileParser.parse(text);
  const lines = text.includes('\r') ? text.split(/\r?\n/) : text.split('\n');
  const model: DockerfileModel = {
    file,
    text,
    lines,
    ast,
    globalArgs: [],
    stages: [],
    instructions: [],
    escape: ast.getEscapeCharacter(),
  };
  const globalDefaults = new Map<string, string>();

  for (const node of ast.getInstructions()) {
    const keyword = node.getKeyword().toUpperCase();
    const stageIndex = keyword === 'FROM' ? model.stages.length : model.stages.length - 1;
    const info = describeInstruction(node, keyword, stageIndex, lines);
    model.instructions.push(info);

    if (keyword === 'FROM') {
      const stage: Stage = {
        index: stageIndex,
        name: fromStageName(info),
        from: describeFrom(info, model.stages, globalDefaults),
        fromInstruction: info,
        instructions: [],
      };
      model.stages.push(stage);
    } else if (stageIndex < 0) {
      if (keyword === 'ARG') {
        model.globalArgs.push(info);
        const [name, ...value] = info.args.split('=');
        if (name && value.length > 0) globalDefaults.set(name.trim(), stripQuotes(value.join('=').trim()));
      }
    } else {
      model.stages[stageIndex]?.instructions.push(info);
    }
  }
  return model;
}

/** The stage that is built: the one named `target`, or the last. */
export function finalStage(model: DockerfileModel, target?: string): Stage | undefined {
  if (target) {
    const named = model.stages.find((s) => s.name === target.toLowerCase());
    if (named) return named;
  }
  return model.stages[model.stages.length - 1];
}

/** Resolves a `--from` / `FROM` reference (name or number) to a stage index, if it names one. */
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
  const stage = model.stages.slice(0, before).find((s) => s.name === lower);
  return stage?.index;
}

/** Indices of the stages the given stage depends on (FROM chain and COPY --from / RUN --mount from). */
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

function describeInstruction(
  node: Instruction,
  keyword: string,
  stage: number,
  lines: string[],
): InstructionInfo {
  // Read from the file text rather than dockerfile-ast's argument objects: those compute a position
  // for every word, which made the model the slowest part of linting.
  const range = node.getRange();
  const text = instructionText(lines, range);
  const { flags, raw } = splitFlags(text.slice(afterKeyword(text)), FLAGGED.has(keyword));
  const args = joinContinuations(raw);
  const trimmed = args.trim();
  let json: string[] | undefined;
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed) && parsed.every((x) => typeof x === 'string')) json = parsed as string[];
    } catch {
      json = undefined;
    }
  }
  // dockerfile-ast's getHeredocs recomputes every argument with its position: skip it when no `<`
  // is written, as no argument can then start with `<<`.
  const withHeredocs = node as Instruction & { getHeredocs?: () => Heredoc[] };
  const heredocNodes = text.includes('<') ? (withHeredocs.getHeredocs?.() ?? NONE) : NONE;
  const heredocs =
    heredocNodes.length === 0
      ? NONE
      : heredocNodes
          .map((h) => h.getContentRange())
          .filter((r): r is Range => r !== null)
          .map((r) => lines.slice(r.start.line, r.end.line + 1).join('\n'));

  let commands: ShellCommand[] = NONE;
  if (keyword === 'RUN') {
    if (json) {
      const [program = '', ...rest] = json;
      const shellScript = /(^|\/)(ba|da|a)?sh$/.test(program) && /^-[a-z]*c[a-z]*$/.test(rest[0] ?? '');
      commands = shellScript
        ? runCommandsOf(rest.slice(1).join(' '))
        : [unwrapCommand({ env: {}, argv: json, joinedBy: '' })];
    } else if (heredocs.length > 0) {
      commands = heredocRunCommands(args.split('\n')[0] ?? '', heredocs);
    } else {
      commands = runCommandsOf(args);
    }
  }
  return {
    keyword,
    args,
    flags,
    range,
    jsonForm: json !== undefined,
    json,
    commands,
    heredocs,
    heredocNodes,
    stage,
    node,
  };
}

/** Index just past the keyword (the first word) of an instruction's text. */
function afterKeyword(text: string): number {
  let i = 0;
  while (i < text.length && isBlank(text.charCodeAt(i))) i += 1;
  while (i < text.length && !isBlank(text.charCodeAt(i))) i += 1;
  return i;
}

/** Space, tab, and the line ends (the blanks a keyword can be followed by). */
function isBlank(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/** The empty list every instruction without heredocs or commands shares (never added to). */
const NONE: never[] = [];

/** Instructions that take `--flag` options before their arguments. */
const FLAGGED = new Set(['FROM', 'RUN', 'COPY', 'ADD', 'HEALTHCHECK']);

function fromStageName(info: InstructionInfo): string | undefined {
  const match = /\s+as\s+(\S+)\s*$/i.exec(info.args);
  return match?.[1]?.toLowerCase();
}

function describeFrom(info: InstructionInfo, earlier: Stage[], defaults: Map<string, string>): FromInfo {
  const written = info.args.replace(/\s+as\s+\S+\s*$/i, '').trim();
  const resolved = written.replace(
    /\$\{?([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}?/g,
    (whole, name: string, fallback?: string) => defaults.get(name) ?? fallback ?? whole,
  );
  const hasVariable = resolved.includes('$');
  const platform = info.flags.get('platform')?.[0];
  const stageRef = earlier.find((s) => s.name !== undefined && s.name === resolved.toLowerCase())?.index;

  let rest = resolved;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  let registry: string | undefined;
  const slash = rest.indexOf('/');
  if (slash !== -1) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  const name = rest.startsWith('library/') ? rest.slice('library/'.length) : rest;
  return {
    image: resolved,
    registry,
    name: name.toLowerCase(),
    tag,
    digest,
    platform,
    stageRef,
    hasVariable,
  };
}
