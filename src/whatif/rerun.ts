/**
 * How long the what-if build would take, told from the head build: it shares the head's build cache,
 * so it reruns the steps from the first instruction the fixes change on, and each of those steps took
 * about as long in the head build as it will again. Steps the head build took from the cache have no
 * timing: their cost is unknown.
 */
import { locateStep } from '../docker/build-error.js';
import type { DockerfileModel } from '../dockerfile/model.js';
import type { BuildStep } from '../report/model.js';

/** What the what-if build would rerun. */
export interface RerunEstimate {
  /** 1-based line of the first instruction the fixes change. */
  line: number;
  /** Seconds the head build spent on the steps the what-if build reruns (those it timed). */
  seconds: number;
  /** Steps to rerun that the head build took from the cache: their time is not known. */
  untimed: number;
}

/** 1-based number of the first line where `fixed` differs from `text`; undefined when equal. */
export function firstChangedLine(text: string, fixed: string): number | undefined {
  const before = text.split(/\r?\n|\r/);
  const after = fixed.split(/\r?\n|\r/);
  for (let i = 0; i < Math.max(before.length, after.length); i += 1) {
    if (before[i] !== after[i]) return i + 1;
  }
  return undefined;
}

/**
 * The steps of the head build at or after the instruction holding `line` (in file order: a later
 * stage may not depend on the fixed one, so this errs towards more), with their time.
 */
export function estimateRerun(
  model: DockerfileModel,
  steps: readonly BuildStep[],
  line: number,
  target?: string,
): RerunEstimate {
  const holding = model.instructions.find(
    (i) => i.range.start.line + 1 <= line && line <= i.range.end.line + 1,
  );
  const from = holding ? holding.range.start.line + 1 : line;
  let seconds = 0;
  let untimed = 0;
  for (const step of steps) {
    const instruction = locateStep(model, step.name, target);
    if (!instruction || instruction.range.start.line + 1 < from) continue;
    if (step.cached || step.seconds === null) untimed += 1;
    else seconds += step.seconds;
  }
  return { line: from, seconds, untimed };
}
