import type { Heredoc, Instruction } from 'dockerfile-ast';
import type { InstructionInfo } from '../../dockerfile/model.js';
import { closestMatch } from '../suggest.js';
import type { Rule, RuleContext } from '../types.js';

const KEYWORDS = (
  'ADD ARG CMD COPY ENTRYPOINT ENV EXPOSE FROM HEALTHCHECK LABEL MAINTAINER ONBUILD RUN SHELL STOPSIGNAL ' +
  'USER VOLUME WORKDIR'
).split(' ');
// An empty CMD or ENTRYPOINT is legal (it clears the inherited one); every other keyword needs arguments.
const MAY_BE_EMPTY = new Set(['CMD', 'ENTRYPOINT']);
const FAILS = 'docker build stops here';
const WORDS_READ = new Set(['FROM', 'COPY', 'ADD']);
type Report = RuleContext['report'];

/** Mistakes that make `docker build` fail before it runs anything, so no other finding matters yet. */
export const dockerfileSyntax: Rule = {
  meta: {
    id: 'dockerfile-syntax',
    severity: 'error',
    category: 'correctness',
    aliases: [],
    description:
      'The Dockerfile does not parse: no FROM, an unknown instruction, missing arguments, an unclosed heredoc.',
  },
  check({ model, report }) {
    const start = { line: 0, character: 0 };
    if (model.stages.length === 0) {
      const what = model.instructions.length === 0 ? 'has no instructions' : 'has no FROM instruction';
      report(
        { start, end: start },
        `This Dockerfile ${what}; ${FAILS} ("no build stage"). Fix: start it with FROM <image> (only ARG may come before).`,
      );
    }
    for (const instruction of model.instructions) {
      if (instruction.stage < 0 && instruction.keyword !== 'ARG' && KEYWORDS.includes(instruction.keyword)) {
        report(
          instruction,
          `${instruction.keyword} comes before the first FROM; ${FAILS}. Fix: move it below a FROM (only ARG may come first).`,
        );
      }
      checkInstruction(instruction.node, instruction, report, false);
    }
  },
};

function checkInstruction(node: Instruction, at: InstructionInfo, report: Report, isTrigger: boolean): void {
  const keyword = node.getKeyword().toUpperCase();
  const where = isTrigger ? `the ONBUILD trigger ${keyword}` : keyword;
  if (!KEYWORDS.includes(keyword)) {
    const guess = closestMatch(keyword, KEYWORDS);
    const fix = guess ? `did you mean ${guess}?` : `use one of ${KEYWORDS.join(', ')}`;
    report(
      at,
      `"${node.getKeyword()}" is not a Dockerfile instruction; ${FAILS} ("unknown instruction"). Fix: ${fix}`,
    );
    return;
  }
  // The model's argument text is cheap; dockerfile-ast's argument objects (with positions) are only
  // needed for ONBUILD triggers, which the model does not describe.
  // Only FROM, COPY and ADD look at the words; the rest only need to know there are some.
  const trimmed = isTrigger ? '' : at.args.trim();
  const args = isTrigger
    ? node.getArguments().map((a) => a.getValue())
    : trimmed === ''
      ? []
      : WORDS_READ.has(keyword)
        ? trimmed.split(/\s+/)
        : [trimmed];
  if (args.length === 0 && !MAY_BE_EMPTY.has(keyword)) {
    report(
      at,
      `${where} has no arguments; ${FAILS}. Fix: give ${keyword} what it needs, or delete the line.`,
    );
    return;
  }
  if (keyword === 'FROM' && !(args.length === 1 || (args.length === 3 && /^as$/i.test(args[1] ?? '')))) {
    report(at, `FROM takes "image" or "image AS name"; ${FAILS}. Fix: write FROM <image> [AS <name>].`);
  }
  // The model has the instruction's heredocs; a trigger's are only looked up when a `<` is written,
  // as dockerfile-ast's lookup is costly and finds nothing without one.
  const heredocs = !isTrigger
    ? at.heredocNodes
    : at.args.includes('<')
      ? ((node as Instruction & { getHeredocs?: () => Heredoc[] }).getHeredocs?.() ?? [])
      : [];
  for (const heredoc of heredocs.filter((h) => h.getDelimiterRange() === null)) {
    report(
      at,
      `The heredoc <<${heredoc.getName()} is never closed, so the rest of the file becomes part of this ${keyword}. Fix: end it with a line containing only ${heredoc.getName()}.`,
    );
  }
  if (
    (keyword === 'COPY' || keyword === 'ADD') &&
    heredocs.length === 0 &&
    args.length === 1 &&
    !at.jsonForm
  ) {
    report(at, `${where} needs a source and a destination; ${FAILS}. Fix: write ${keyword} <src> <dest>.`);
  }
  if (keyword === 'ONBUILD' && !isTrigger) {
    const trigger = (
      node as Instruction & { getTriggerInstruction?: () => Instruction | null }
    ).getTriggerInstruction?.();
    const word = trigger?.getKeyword().toUpperCase();
    if (word === 'ONBUILD' || word === 'FROM' || word === 'MAINTAINER') {
      report(
        at,
        `${word} is not allowed as an ONBUILD trigger; ${FAILS}. Fix: remove it from the ONBUILD line.`,
      );
    } else if (trigger) {
      checkInstruction(trigger, at, report, true);
    }
  }
}
