/**
 * ONBUILD triggers, linted as the instructions they become: an `ONBUILD RUN apt-get install …` runs in
 * every image built FROM this one, right after its FROM, so it is checked like a RUN there. For each
 * stage with triggers, this builds the Dockerfile such a child image effectively runs (the stage's
 * base FROM, the ENV/WORKDIR/SHELL/USER it inherits, then the triggers as plain instructions), with a
 * map from its lines back to the file's, so the engine can run the rules on it and report on the
 * ONBUILD lines.
 */
import type { DockerfileModel, InstructionInfo, Position, Range } from '../dockerfile/model.js';
import { rootStage, stageChain } from '../dockerfile/stages.js';

/**
 * Rules that are about the file's or a stage's structure (stage names and references, the base image,
 * the final stage, the whole file's casing), or that would repeat a finding on the ONBUILD line
 * itself: they are not run on triggers. Every other rule, about what an instruction does, is.
 */
export const NOT_FOR_TRIGGERS: ReadonlySet<string> = new Set([
  'build-tools-in-final-stage',
  'consistent-instruction-casing',
  'copy-from-own-stage',
  'copy-from-undefined-stage',
  'copy-whole-stage-filesystem',
  'dockerfile-syntax',
  'duplicate-stage-name',
  'from-as-casing',
  'from-platform-flag-const',
  'go-static-binary',
  'healthcheck-missing',
  'heavy-base-image',
  'instruction-before-from',
  'invalid-default-arg-in-from',
  'last-user-root',
  'latest-tag',
  'maintainer-deprecated',
  'missing-dockerignore',
  'multiple-instructions-disallowed',
  'no-empty-continuation',
  'non-numeric-user',
  'numeric-stage-reference',
  'os-image-with-runtime-install',
  'redundant-target-platform',
  'reserved-stage-name',
  'stage-name-casing',
  'undefined-arg-in-from',
  'undefined-var',
  'untagged-image',
]);

/** Triggers the builder refuses; they are not linted as instructions. */
const FORBIDDEN_TRIGGERS = new Set(['ONBUILD', 'FROM', 'MAINTAINER']);

/** Instructions whose effect a child image inherits, so its triggers run after them. */
const INHERITED = new Set(['ENV', 'WORKDIR', 'SHELL', 'USER']);

/** The Dockerfile a child of one stage runs for that stage's triggers. */
export interface TriggerFile {
  text: string;
  /** Line of `text` → line of the original file. */
  lines: number[];
  /** Ranges (in `text`'s lines) of each trigger; findings and fixes must fall inside one. */
  triggers: Range[];
  /** Where each trigger's keyword starts in `text`, and where its ONBUILD starts in the file. */
  starts: { trigger: Position; onbuild: Position }[];
}

/** One `TriggerFile` per stage that has ONBUILD triggers; [] for most files. */
export function triggerFiles(model: DockerfileModel): TriggerFile[] {
  const files: TriggerFile[] = [];
  for (const stage of model.stages) {
    // ONBUILD, FROM and MAINTAINER triggers are refused by the builder (dockerfile-syntax's finding).
    const onbuilds = stage.instructions.filter(
      (i) => i.trigger && !FORBIDDEN_TRIGGERS.has(i.trigger.keyword),
    );
    if (onbuilds.length === 0) continue;
    const out: string[] = [];
    const map: number[] = [];
    const take = (from: number, to: number, edit?: (text: string, line: number) => string): void => {
      for (let line = from; line <= to; line += 1) {
        const text = model.lines[line] ?? '';
        out.push(edit ? edit(text, line) : text);
        map.push(line);
      }
    };
    // Parser directives (`# escape=`), global ARGs, the base image's FROM: the child's context.
    for (const directive of model.ast.getDirectives()) {
      const line = directive.getRange().start.line;
      take(line, line);
    }
    for (const arg of model.globalArgs) take(arg.range.start.line, arg.range.end.line);
    const root = rootStage(model, stage).fromInstruction;
    take(root.range.start.line, root.range.end.line);
    const chain = [...stageChain(model, stage)].reverse();
    for (const s of chain) {
      for (const i of s.instructions) {
        if (INHERITED.has(i.keyword)) take(i.range.start.line, i.range.end.line);
      }
    }
    const triggers: Range[] = [];
    const starts: TriggerFile['starts'] = [];
    for (const onbuild of onbuilds) {
      // The comment lines right above carry its `# hadolint ignore=` / `# docker-diet ignore=`.
      const { start, end } = onbuild.range;
      let first = start.line;
      while (first > 0 && /^\s*#/.test(model.lines[first - 1] ?? '') && !ownedLine(model, first - 1))
        first -= 1;
      take(first, start.line - 1);
      const at = out.length;
      // `ONBUILD` becomes blanks, so every character keeps its column.
      take(start.line, end.line, (text, line) => (line === start.line ? blankKeyword(text, onbuild) : text));
      const keywordAt = start.character + 'ONBUILD'.length;
      const blanks = /^\s*/.exec((out[at] ?? '').slice(keywordAt))?.[0].length ?? 0;
      starts.push({ trigger: { line: at, character: keywordAt + blanks }, onbuild: start });
      triggers.push({
        start: { line: at, character: 0 },
        end: { line: out.length - 1, character: (out[out.length - 1] ?? '').length },
      });
    }
    files.push({ text: out.join('\n'), lines: map, triggers, starts });
  }
  return files;
}

/** The trigger (index into `file.triggers`) whose lines hold `range`; -1 when none does. */
export function triggerAt(file: TriggerFile, range: Range): number {
  return file.triggers.findIndex((t) => range.start.line >= t.start.line && range.end.line <= t.end.line);
}

/**
 * A finding's `range` in a trigger file, moved to the original file's lines (columns are kept); a
 * range that starts at a trigger's keyword starts at its ONBUILD instead, as findings on the
 * instruction do.
 */
export function toOriginal(file: TriggerFile, range: Range): Range {
  const { start } = range;
  const whole = file.starts.find(
    (s) => s.trigger.line === start.line && s.trigger.character === start.character,
  );
  const moved = editToOriginal(file, range);
  return whole ? { start: whole.onbuild, end: moved.end } : moved;
}

/** An edit's `range` in a trigger file, moved to the original file's lines exactly (columns are kept). */
export function editToOriginal(file: TriggerFile, range: Range): Range {
  const line = (l: number): number => file.lines[l] ?? l;
  return {
    start: { line: line(range.start.line), character: range.start.character },
    end: { line: line(range.end.line), character: range.end.character },
  };
}

/** The ONBUILD line with its keyword turned into blanks. */
function blankKeyword(text: string, onbuild: InstructionInfo): string {
  const at = onbuild.range.start.character;
  return text.slice(0, at) + ' '.repeat('ONBUILD'.length) + text.slice(at + 'ONBUILD'.length);
}

/** True when `line` is part of an instruction (a comment inside a continuation is not a directive). */
function ownedLine(model: DockerfileModel, line: number): boolean {
  return model.instructions.some((i) => i.range.start.line <= line && line <= i.range.end.line);
}
