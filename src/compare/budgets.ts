/**
 * Size budgets: measured image (and its delta) in, pass / warn / fail with the violated budgets out.
 * Pure. A PR label can turn a fail into a warn; the result says which label did.
 */
import type { BudgetResult, BudgetViolation, Delta, Measurement } from '../report/model.js';
import { budget, increaseFloor, type Budgets } from '../config/budgets.js';
import { formatBytes, formatBytesDelta } from '../units/size.js';

/** What a budget is checked against. */
export interface BudgetSubject {
  head: Measurement;
  base: Measurement | null;
  delta: Delta | null;
}

/** Override by PR label: the label name and whether the PR carries it. */
export interface BudgetOverride {
  label: string;
  present: boolean;
}

/** Checks every set budget; budgets that cannot be evaluated (no baseline, not measured) are skipped. */
export function evaluateBudgets(
  subject: BudgetSubject,
  budgets: Budgets,
  override?: BudgetOverride,
): BudgetResult {
  const violations: BudgetViolation[] = [];
  const { head, base, delta } = subject;

  if (budgets.maxSize !== undefined && head.size > budgets.maxSize) {
    violations.push({
      budget: budget('maxSize').key,
      limit: budgets.maxSize,
      actual: head.size,
      message: `size ${formatBytes(head.size)} is over the ${formatBytes(budgets.maxSize)} budget by ${formatBytes(head.size - budgets.maxSize)}`,
    });
  }

  if (
    budgets.maxCompressedSize !== undefined &&
    head.compressedSize !== null &&
    head.compressedSize > budgets.maxCompressedSize
  ) {
    violations.push({
      budget: budget('maxCompressedSize').key,
      limit: budgets.maxCompressedSize,
      actual: head.compressedSize,
      message: `compressed size ${formatBytes(head.compressedSize)} is over the ${formatBytes(budgets.maxCompressedSize)} budget`,
    });
  }

  if (budgets.maxIncrease && delta && base) {
    const growth = delta.size;
    if (budgets.maxIncrease.kind === 'bytes' && growth > budgets.maxIncrease.bytes) {
      violations.push({
        budget: budget('maxIncrease').key,
        limit: budgets.maxIncrease.bytes,
        actual: growth,
        message: `grew ${formatBytesDelta(growth)}, more than the ${formatBytes(budgets.maxIncrease.bytes)} allowed`,
      });
    }
    if (budgets.maxIncrease.kind === 'percent' && delta.sizePercent !== null) {
      const floor = increaseFloor(budgets);
      if (delta.sizePercent > budgets.maxIncrease.percent && growth >= floor) {
        violations.push({
          budget: budget('maxIncrease').key,
          limit: budgets.maxIncrease.percent,
          actual: round(delta.sizePercent),
          message: `grew ${formatBytesDelta(growth)} (+${delta.sizePercent.toFixed(1)} %), more than the ${budgets.maxIncrease.percent} % allowed`,
        });
      }
    }
  }

  if (budgets.maxWasted && head.wastedBytes !== null) {
    const wasted = head.wastedBytes;
    if (budgets.maxWasted.kind === 'bytes' && wasted > budgets.maxWasted.bytes) {
      violations.push({
        budget: budget('maxWasted').key,
        limit: budgets.maxWasted.bytes,
        actual: wasted,
        message: `${formatBytes(wasted)} wasted in deleted or overwritten files, over the ${formatBytes(budgets.maxWasted.bytes)} budget`,
      });
    }
    const percent = head.size === 0 ? 0 : (wasted / head.size) * 100;
    if (budgets.maxWasted.kind === 'percent' && percent > budgets.maxWasted.percent) {
      violations.push({
        budget: budget('maxWasted').key,
        limit: budgets.maxWasted.percent,
        actual: round(percent),
        message: `${formatBytes(wasted)} (${percent.toFixed(1)} % of the image) wasted, over the ${budgets.maxWasted.percent} % budget`,
      });
    }
  }

  if (violations.length === 0) return { status: 'pass', violations };
  if (override?.present) return { status: 'warn', violations, overriddenBy: override.label };
  return { status: 'fail', violations };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
