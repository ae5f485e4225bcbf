/**
 * The step outputs declared in action.yml, computed from the report. Pure; `main.ts` sets them.
 */
import { Outputs, type OutputName } from '../constants.js';
import type { BudgetStatus, Report } from '../report/model.js';

const RANK: Record<BudgetStatus, number> = { pass: 0, warn: 1, fail: 2 };

/** Output values as strings (empty when unknown), keyed by output name. */
export function computeOutputs(
  report: Report,
  reportPath: string,
  commentUrl = '',
): Record<OutputName, string> {
  const image = report.images[0];
  const head = image?.head ?? null;
  const text = (value: number | null | undefined): string =>
    value === null || value === undefined ? '' : String(value);
  const worst = report.images.reduce<BudgetStatus>(
    (acc, img) => (RANK[img.budget.status] > RANK[acc] ? img.budget.status : acc),
    'pass',
  );
  return {
    [Outputs.ImageId]: head?.imageId ?? '',
    [Outputs.Size]: text(head?.size),
    [Outputs.CompressedSize]: text(head?.compressedSize),
    [Outputs.BaseSize]: text(image?.base?.size),
    [Outputs.SizeDelta]: text(image?.delta?.size),
    [Outputs.SizeDeltaPercent]:
      image?.delta?.sizePercent === null || image?.delta?.sizePercent === undefined
        ? ''
        : image.delta.sizePercent.toFixed(2),
    [Outputs.WastedBytes]: text(head?.wastedBytes),
    [Outputs.Findings]: String(report.findings.length),
    [Outputs.BudgetStatus]: worst,
    [Outputs.Report]: reportPath,
    [Outputs.CommentUrl]: commentUrl,
    [Outputs.Matrix]: '',
  };
}
