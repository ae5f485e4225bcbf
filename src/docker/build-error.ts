/**
 * A failed build, told the way a person fixes it: which Dockerfile line, what the engine said, and the
 * last lines the step printed. The engine names the failing step (`[build 2/4] RUN go build …`); this
 * finds that instruction in the parsed Dockerfile, or the line of a Dockerfile parse error.
 */
import { isDockerHub, splitImageReference } from '../dockerfile/image-reference.js';
import { finalStage, type DockerfileModel, type InstructionInfo, type Stage } from '../dockerfile/model.js';
import { DietError } from '../errors.js';
import type { BuildStep, InstructionRef } from '../report/model.js';
import type { FailedStep } from './build-progress.js';

/** What is known about a failed build. */
export interface BuildFailureDetails {
  /** The failing step as BuildKit named it, when one failed. */
  step?: string;
  /** The Dockerfile instruction at fault, when it could be found. */
  instruction?: InstructionRef;
  /** The last output lines of the failing step. */
  logTail: string[];
  /** The engine's error, unedited. */
  engineMessage: string;
  /** The steps BuildKit reported before the build stopped (for the report). */
  steps: BuildStep[];
}

/** A build that did not produce an image. Its message is one line, then the step's last output lines. */
export class BuildFailedError extends DietError {
  readonly step?: string;
  readonly instruction?: InstructionRef;
  readonly logTail: string[];
  readonly engineMessage: string;
  readonly steps: BuildStep[];

  constructor(details: BuildFailureDetails, message: string, hint?: string) {
    super('build', message, hint);
    this.name = 'BuildFailedError';
    this.step = details.step;
    this.instruction = details.instruction;
    this.logTail = details.logTail;
    this.engineMessage = details.engineMessage;
    this.steps = details.steps;
  }
}

/** Everything `describeBuildFailure` can use. */
export interface BuildFailureInput {
  /** The stream's final error, or a note that no image id came back. */
  engineMessage: string;
  /** The failed step from the build's progress, if any step failed. */
  failure?: FailedStep;
  /** The parsed Dockerfile that was built (its `file` is the path shown to the user). */
  model?: DockerfileModel;
  /** The stage built, to prefer when a step name does not say its stage. */
  target?: string;
  /** The steps reported so far. */
  steps?: BuildStep[];
  /** Which builder ran the build (the hint for a secret or SSH mount differs); default the Engine API. */
  builder?: 'engine' | 'buildx';
}

/** Builds the error for a failed build: maps the step (or parse error line) to the Dockerfile. */
export function describeBuildFailure(input: BuildFailureInput): BuildFailedError {
  const { engineMessage, failure, model } = input;
  const parseLine = parseErrorLine(engineMessage);
  let instruction: InstructionInfo | undefined;
  if (model) {
    if (parseLine !== undefined) instruction = instructionAtLine(model, parseLine);
    else if (failure) instruction = locateStep(model, failure.name, input.target);
  }
  const ref = model ? referTo(model, instruction, parseLine) : undefined;

  const reason = failure?.error || cleanEngineMessage(engineMessage);
  const where = ref
    ? ` at ${ref.file}:${ref.line} (${shorten(ref.text, 60)})`
    : failure?.name
      ? ` at step "${shorten(failure.name, 60)}"`
      : '';
  const logTail = failure?.logTail ?? [];
  const message = [`Build failed${where}: ${reason}`, ...logTail.map((line) => `  > ${line}`)].join('\n');
  const hint =
    sessionMountHint(instruction, reason, input.builder ?? 'engine') ??
    (/not found/i.test(reason) && /^(COPY|ADD)\b/i.test(ref?.text ?? '')
      ? 'Check that the source exists inside the build context and is not excluded by .dockerignore.'
      : undefined);
  return new BuildFailedError(
    { step: failure?.name, instruction: ref, logTail, engineMessage, steps: input.steps ?? [] },
    message,
    hint,
  );
}

/**
 * A step that mounts a secret or an SSH agent failed. The Engine API's `/build` has no BuildKit session
 * to serve them: newer engines fail with "secret NAME: not found", older ones run the step without the
 * mount and it fails on its own; the fix is a buildx builder and the `secrets`/`ssh` inputs. Through
 * buildx, the secret or agent was not given (or not under the id the Dockerfile asks for).
 */
function sessionMountHint(
  instruction: InstructionInfo | undefined,
  reason: string,
  builder: 'engine' | 'buildx',
): string | undefined {
  const mounts = instruction?.flags.get('mount') ?? [];
  const kinds = new Set(
    mounts.flatMap((mount) => {
      const type = /(?:^|,)type=(secret|ssh)(?:,|$)/.exec(mount)?.[1];
      return type ? [type] : [];
    }),
  );
  if (/\bsecret \S+: not found|no SSH key|ssh agent/i.test(reason))
    kinds.add(/SSH/i.test(reason) ? 'ssh' : 'secret');
  if (kinds.size === 0) return undefined;
  const what = [...kinds].map((kind) => (kind === 'ssh' ? 'an SSH agent' : 'a build secret')).join(' and ');
  const inputs = [...kinds].map((kind) =>
    kind === 'ssh' ? '`ssh` (CLI: --ssh)' : '`secrets` (CLI: --secret)',
  );
  const ids = mounts.flatMap((mount) => /(?:^|,)id=([^,]+)/.exec(mount)?.[1] ?? []);
  const idNote =
    ids.length > 0
      ? ` under the id${ids.length === 1 ? '' : 's'} ${ids.map((id) => `"${id}"`).join(', ')}`
      : '';
  if (builder === 'buildx') {
    return `This step mounts ${what} (RUN --mount=type=${[...kinds].join('/')}): give it with ${inputs.join(' and ')}${idNote}.`;
  }
  return (
    `This step mounts ${what} (RUN --mount=type=${[...kinds].join('/')}), which a build through the ` +
    `Docker Engine API cannot provide. Set \`builder: buildx\` (CLI: --builder buildx) and give it with ` +
    `${inputs.join(' and ')}${idNote}; or build the image in an earlier step and measure it with the ` +
    '`image` input (CLI: --image).'
  );
}

/** The report's reference to the instruction, or to the raw line a parse error names. */
function referTo(
  model: DockerfileModel,
  instruction: InstructionInfo | undefined,
  parseLine: number | undefined,
): InstructionRef | undefined {
  if (instruction) {
    return { file: model.file, line: instruction.range.start.line + 1, text: collapsedText(instruction) };
  }
  if (parseLine === undefined) return undefined;
  const text = model.text.split(/\r?\n/)[parseLine - 1]?.trim() ?? '';
  return { file: model.file, line: parseLine, text };
}

/** 1-based line of a Dockerfile parse error the engine reports (`dockerfile parse error line 3: …`). */
export function parseErrorLine(engineMessage: string): number | undefined {
  const match = /dockerfile parse error (?:on )?line (\d+)/i.exec(engineMessage);
  return match ? Number(match[1]) : undefined;
}

/** A BuildKit step name taken apart: `[linux/amd64 build 2/4] RUN make` → stage, position, command. */
export interface StepName {
  stage?: string;
  /** 1-based position among the stage's FROM/RUN/COPY/ADD/WORKDIR instructions. */
  index: number;
  total: number;
  command: string;
}

/** Parses a step name; undefined for internal vertexes (`[internal] load …`, `exporting to image`). */
export function parseStepName(name: string): StepName | undefined {
  const match = /^\[(?:(.*?) )?(\d+)\/(\d+)\] ([\s\S]*)$/.exec(name.trim());
  if (!match) return undefined;
  // The prefix may carry a platform (`linux/amd64`); stage names cannot contain a slash.
  const stage = (match[1] ?? '').split(' ').find((token) => token !== '' && !token.includes('/'));
  return { stage, index: Number(match[2]), total: Number(match[3]), command: match[4] ?? '' };
}

/**
 * Finds the instruction a step ran. The step's text is matched against the stage's instructions
 * (whitespace and line continuations normalised; `$VAR` matches the value the engine substituted);
 * when several match, or none does, the step's position in the stage decides.
 */
export function locateStep(
  model: DockerfileModel,
  stepName: string,
  target?: string,
): InstructionInfo | undefined {
  const step = parseStepName(stepName);
  if (!step) return locateBaseImageStep(model, stepName);
  const stages = candidateStages(model, step.stage, target);
  const keyword = step.command.trim().split(/\s+/)[0]?.toUpperCase() ?? '';
  if (keyword === 'FROM') return stages.length === 1 ? stages[0]?.fromInstruction : undefined;

  const command = normalise(step.command);
  const matches = stages.flatMap((stage) =>
    [stage.fromInstruction, ...stage.instructions].filter(
      (i) => i.keyword === keyword && commandPattern(collapsedText(i)).test(command),
    ),
  );
  if (matches.length === 1) return matches[0];
  const positional = stages
    .map((stage) => countedInstructions(stage)[step.index - 1])
    .filter((i): i is InstructionInfo => i?.keyword === keyword);
  if (matches.length > 1) return matches.find((m) => positional.includes(m)) ?? matches[0];
  return positional.length === 1 ? positional[0] : undefined;
}

/** The instruction as written, continuation lines joined and whitespace collapsed. */
function collapsedText(instruction: InstructionInfo): string {
  return normalise(instruction.node.toString());
}

/** `[internal] load metadata for docker.io/library/node:20` failed: the FROM naming that image. */
function locateBaseImageStep(model: DockerfileModel, stepName: string): InstructionInfo | undefined {
  const match = /^\[internal\] load metadata for (\S+)$/.exec(stepName.trim());
  if (!match?.[1]) return undefined;
  const wanted = shortReference(match[1]);
  return model.stages.find((stage) => shortReference(stage.from.image) === wanted)?.fromInstruction;
}

/** `docker.io/library/node:20` and `node:20` are the same image. */
function shortReference(reference: string): string {
  const { registry, repository, tag, digest } = splitImageReference(reference.toLowerCase());
  const hub = isDockerHub(registry);
  const name = hub && repository.startsWith('library/') ? repository.slice('library/'.length) : repository;
  return `${hub ? '' : `${registry}/`}${name}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
}

/** Stages a step may belong to: the one it names (named, or `stage-N` for unnamed), else all. */
function candidateStages(model: DockerfileModel, stageName: string | undefined, target?: string): Stage[] {
  if (stageName) {
    const lower = stageName.toLowerCase();
    const named = model.stages.find((s) => s.name === lower);
    if (named) return [named];
    const numbered = /^stage-(\d+)$/.exec(lower);
    const byIndex = numbered ? model.stages[Number(numbered[1])] : undefined;
    if (byIndex) return [byIndex];
  }
  if (model.stages.length <= 1) return model.stages;
  // Unprefixed names come from single-stage builds; try the built stage first.
  const last = finalStage(model, target);
  return last ? [last, ...model.stages.filter((s) => s !== last)] : model.stages;
}

/** BuildKit numbers only the instructions that become build operations. */
const COUNTED = new Set(['FROM', 'RUN', 'COPY', 'ADD', 'WORKDIR']);

function countedInstructions(stage: Stage): InstructionInfo[] {
  return [stage.fromInstruction, ...stage.instructions].filter((i) => COUNTED.has(i.keyword));
}

function instructionAtLine(model: DockerfileModel, line: number): InstructionInfo | undefined {
  return model.instructions.find((i) => i.range.start.line + 1 <= line && line <= i.range.end.line + 1);
}

/** Collapses whitespace (continuations are already joined by the parser or the engine). */
function normalise(text: string): string {
  return text
    .replace(/[\\`]\r?\n/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A pattern for a step's command: literal text, with each `$VAR`/`${VAR}` matching any value. */
function commandPattern(text: string): RegExp {
  const parts = text.split(/\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/);
  // The keyword may be written in any case; BuildKit prints it upper-case.
  parts[0] = (parts[0] ?? '').replace(/^\S+/, (keyword) => keyword.toUpperCase());
  const escaped = parts.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*?')}$`, 's');
}

/** The engine's message without the wrapper prefixes every failure carries. */
function cleanEngineMessage(message: string): string {
  return message
    .replace(
      /^(ERROR: |failed to build: |failed to solve with frontend dockerfile\.v0: |failed to solve: |failed to create LLB definition: )+/g,
      '',
    )
    .trim();
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
