/**
 * What fails a run, decided in one place for the action and the CLI: a failed build, findings at or
 * above `fail-on`, and budgets that failed (not overridden).
 */
import type { BuildFailedError } from './docker/build-error.js';
import { describeError } from './errors.js';
import { failingFindings, type Report } from './report/model.js';
import type { Settings } from './config/settings.js';

/** One line per reason the run fails; empty when it passes. */
export function policyProblems(report: Report, settings: Settings, buildError?: BuildFailedError): string[] {
  const problems: string[] = [];
  if (buildError) problems.push(describeError(buildError));
  const failing = failingFindings(report, settings.failOn);
  if (failing.length > 0) {
    const plural = failing.length === 1 ? 'finding' : 'findings';
    problems.push(`${failing.length} lint ${plural} at or above fail-on "${settings.failOn}".`);
  }
  for (const image of report.images) {
    if (image.budget.status !== 'fail') continue;
    problems.push(
      `${image.name} is over budget: ${image.budget.violations.map((v) => `${v.message} (${v.budget})`).join('; ')}. ` +
        `To accept the growth, add the label "${settings.budgetOverrideLabel}" to the pull request.`,
    );
  }
  return problems;
}
