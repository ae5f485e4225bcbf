import type { Heredoc, Instruction } from 'dockerfile-ast';
import type { InstructionInfo } from '../../dockerfile/model.js';
import { closestMatch } from '../suggest.js';
import type { ReportFinding, Rule } from '../types.js';

const KEYWORDS = (
  'ADD ARG CMD COPY ENTRYPOINT ENV EXPOSE FROM HEALTHCHECK LABEL MAINTAINER ONBUILD RUN SHELL STOPSIGNAL ' +
  'USER VOLUME WORKDIR'
).split(' ');
// An empty CMD or ENTRYPOINT is legal (it clears the inherited one); every other keyword needs arguments.
const MAY_BE_EMPTY = new Set(['CMD', 'ENTRYPOINT']);
const WORDS_READ = new Set(['FROM', 'COPY', 'ADD']);
type SyntaxMessage =
  | 'empty'
  | 'noFrom'
  | 'beforeFrom'
  | 'unknownInstruction'
  | 'unknownInstructionGuess'
  | 'noArguments'
  | 'triggerNoArguments'
  | 'badFrom'
  | 'unclosedHeredoc'
  | 'noDestination'
  | 'triggerNoDestination'
  | 'badTrigger';

/** Mistakes that make `docker build` fail before it runs anything, so no other finding matters yet. */
export const dockerfileSyntax: Rule<SyntaxMessage> = {
  meta: {
    id: 'dockerfile-syntax',
    severity: 'error',
    category: 'correctness',
    // hadolint's DL3043 (a forbidden ONBUILD trigger) is one of the mistakes this rule reports.
    aliases: ['DL3043'],
    description:
      'The Dockerfile does not parse: no FROM, an unknown instruction, missing arguments, an unclosed heredoc.',
    messages: {
      empty:
        'This Dockerfile has no instructions; docker build stops here ("no build stage"). Fix: start it with FROM <image> (only ARG may come before).',
      noFrom:
        'This Dockerfile has no FROM instruction; docker build stops here ("no build stage"). Fix: start it with FROM <image> (only ARG may come before).',
      beforeFrom:
        '{{keyword}} comes before the first FROM; docker build stops here. Fix: move it below a FROM (only ARG may come first).',
      unknownInstruction:
        '"{{word}}" is not a Dockerfile instruction; docker build stops here ("unknown instruction"). Fix: use one of {{keywords}}',
      unknownInstructionGuess:
        '"{{word}}" is not a Dockerfile instruction; docker build stops here ("unknown instruction"). Fix: did you mean {{guess}}?',
      noArguments:
        '{{keyword}} has no arguments; docker build stops here. Fix: give {{keyword}} what it needs, or delete the line.',
      triggerNoArguments:
        'the ONBUILD trigger {{keyword}} has no arguments; docker build stops here. Fix: give {{keyword}} what it needs, or delete the line.',
      badFrom:
        'FROM takes "image" or "image AS name"; docker build stops here. Fix: write FROM <image> [AS <name>].',
      unclosedHeredoc:
        'The heredoc <<{{name}} is never closed, so the rest of the file becomes part of this {{keyword}}. Fix: end it with a line containing only {{name}}.',
      noDestination:
        '{{keyword}} needs a source and a destination; docker build stops here. Fix: write {{keyword}} <src> <dest>.',
      triggerNoDestination:
        'the ONBUILD trigger {{keyword}} needs a source and a destination; docker build stops here. Fix: write {{keyword}} <src> <dest>.',
      badTrigger:
        '{{keyword}} is not allowed as an ONBUILD trigger; docker build stops here. Fix: remove it from the ONBUILD line.',
    },
  },
  check({ model, report }) {
    const start = { line: 0, character: 0 };
    if (model.stages.length === 0) {
      report({ start, end: start }, model.instructions.length === 0 ? 'empty' : 'noFrom');
    }
    for (const instruction of model.instructions) {
      if (instruction.stage < 0 && instruction.keyword !== 'ARG' && KEYWORDS.includes(instruction.keyword)) {
        report(instruction, 'beforeFrom', { keyword: instruction.keyword });
      }
      checkInstruction(instruction.written, () => instruction.node, instruction, report, false);
    }
  },
};

/**
 * Checks one instruction, or the trigger of an ONBUILD: `written` is its keyword as written, `node`
 * its dockerfile-ast node (asked for only where the model does not say enough).
 */
function checkInstruction(
  written: string,
  node: () => Instruction,
  at: InstructionInfo,
  report: ReportFinding<SyntaxMessage>,
  isTrigger: boolean,
): void {
  const keyword = written.toUpperCase();
  if (!KEYWORDS.includes(keyword)) {
    const guess = closestMatch(keyword, KEYWORDS);
    const word = keyword;
    if (guess) report(at, 'unknownInstructionGuess', { word, guess });
    else report(at, 'unknownInstruction', { word, keywords: KEYWORDS.join(', ') });
    return;
  }
  // The model's argument text is cheap; dockerfile-ast's argument objects (with positions) are only
  // needed for ONBUILD triggers, which the model does not describe.
  // Only FROM, COPY and ADD look at the words; the rest only need to know there are some.
  const trimmed = isTrigger ? '' : at.args.trim();
  const args = isTrigger
    ? node()
        .getArguments()
        .map((a) => a.getValue())
    : trimmed === ''
      ? []
      : WORDS_READ.has(keyword)
        ? trimmed.split(/\s+/)
        : [trimmed];
  if (args.length === 0 && !MAY_BE_EMPTY.has(keyword)) {
    report(at, isTrigger ? 'triggerNoArguments' : 'noArguments', { keyword });
    return;
  }
  if (keyword === 'FROM' && !(args.length === 1 || (args.length === 3 && /^as$/i.test(args[1] ?? '')))) {
    report(at, 'badFrom');
  }
  // The model has the instruction's heredocs; a trigger's are only looked up when a `<` is written,
  // as dockerfile-ast's lookup is costly and finds nothing without one.
  const heredocs = !isTrigger
    ? at.heredocNodes
    : at.args.includes('<')
      ? ((node() as Instruction & { getHeredocs?: () => Heredoc[] }).getHeredocs?.() ?? [])
      : [];
  for (const heredoc of heredocs.filter((h) => h.getDelimiterRange() === null)) {
    report(at, 'unclosedHeredoc', { name: heredoc.getName(), keyword });
  }
  if (
    (keyword === 'COPY' || keyword === 'ADD') &&
    heredocs.length === 0 &&
    args.length === 1 &&
    !at.jsonForm
  ) {
    report(at, isTrigger ? 'triggerNoDestination' : 'noDestination', { keyword });
  }
  if (keyword === 'ONBUILD' && !isTrigger) {
    const trigger = (
      node() as Instruction & { getTriggerInstruction?: () => Instruction | null }
    ).getTriggerInstruction?.();
    const word = trigger?.getKeyword().toUpperCase();
    if (word === 'ONBUILD' || word === 'FROM' || word === 'MAINTAINER') {
      report(at, 'badTrigger', { keyword: word });
    } else if (trigger) {
      checkInstruction(trigger.getInstruction(), () => trigger, at, report, true);
    }
  }
}
