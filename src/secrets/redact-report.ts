/**
 * The redaction step between measuring and every output: the report and a failed build's error are
 * redacted once, before any renderer, publisher or log line sees them.
 */
import { BuildFailedError } from '../docker/build-error.js';
import type { BuildStep, Report } from '../report/model.js';
import type { Redactor } from './redactor.js';

/** A redacted copy of the report. BuildKit step names carry expanded build args, so they are text. */
export function redactReport(report: Report, redactor: Redactor): Report {
  const redacted = redactor.deep(report);
  for (const image of redacted.images) image.buildSteps = redactSteps(image.buildSteps, redactor);
  return redacted;
}

/** A failed build's error with its message, step, log tail and engine message redacted. */
export function redactBuildError(error: BuildFailedError, redactor: Redactor): BuildFailedError {
  return new BuildFailedError(
    {
      step: error.step === undefined ? undefined : redactor.text(error.step),
      instruction: error.instruction && redactor.deep(error.instruction),
      logTail: error.logTail.map((line) => redactor.text(line)),
      engineMessage: redactor.text(error.engineMessage),
      steps: redactSteps(error.steps, redactor),
    },
    redactor.text(error.message),
    error.hint === undefined ? undefined : redactor.text(error.hint),
  );
}

function redactSteps(steps: BuildStep[], redactor: Redactor): BuildStep[] {
  return steps.map((step) => ({ ...redactor.deep(step), name: redactor.text(step.name) }));
}
