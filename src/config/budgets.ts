/**
 * Size budgets, in one place: their keys (the same in the inputs and in the config file's `budgets`),
 * their kinds of value, the increase floor's default, and how the config file's budgets for an image
 * merge with the inputs that are set.
 */
import type { SizeOrPercent } from '../units/size.js';
import { SIZE, SIZE_OR_PERCENT, type ValueKind } from './values.js';

/** Size budgets; each is off when undefined. */
export interface Budgets {
  /** Largest allowed uncompressed size in bytes (`docker image inspect` Size). */
  maxSize?: number;
  /** Largest allowed compressed (pull) size in bytes. */
  maxCompressedSize?: number;
  /** Largest allowed growth against the baseline, in bytes or percent of the base size. */
  maxIncrease?: SizeOrPercent;
  /** Largest allowed wasted bytes, absolute or percent of the image size. */
  maxWasted?: SizeOrPercent;
  /**
   * Growth below this many bytes never fails a percentage `maxIncrease` (percent thresholds are noise
   * on small images). Default `DEFAULT_INCREASE_FLOOR`; set from the config file.
   */
  increaseFloor?: number;
}

/** A field of `Budgets`. */
export type BudgetField = keyof Budgets;

/** One budget: its key as users write it, the field it fills and the kind of value it takes. */
export interface BudgetSpec<F extends BudgetField = BudgetField> {
  /** The key in the config file and the input name: `max-size`. */
  key: string;
  /** The `Budgets` field it fills. */
  field: F;
  /** Its kind of value. */
  kind: ValueKind<NonNullable<Budgets[F]>>;
}

/** Every budget, in the order the config file's messages list them. */
export const BUDGETS = [
  { key: 'max-size', field: 'maxSize', kind: SIZE },
  { key: 'max-compressed-size', field: 'maxCompressedSize', kind: SIZE },
  { key: 'max-increase', field: 'maxIncrease', kind: SIZE_OR_PERCENT },
  { key: 'max-wasted', field: 'maxWasted', kind: SIZE_OR_PERCENT },
  { key: 'increase-floor', field: 'increaseFloor', kind: SIZE },
] as const satisfies readonly BudgetSpec[];

/** A budget's key as users write it: `max-size`, …, `increase-floor`. */
export type BudgetKey = (typeof BUDGETS)[number]['key'];

/** The spec of one budget field. */
export function budget<F extends BudgetField>(field: F): BudgetSpec<F> {
  const spec = BUDGETS.find((b) => b.field === field);
  if (!spec) throw new Error(`no budget ${field}`);
  return spec as unknown as BudgetSpec<F>;
}

/** Default floor for percentage increase budgets: 1 MB. */
export const DEFAULT_INCREASE_FLOOR = 1_000_000;

/** Growth below this never fails a percentage `maxIncrease`. */
export function increaseFloor(budgets: Budgets): number {
  return budgets.increaseFloor ?? DEFAULT_INCREASE_FLOOR;
}

/** True when at least one limit is set (the floor alone limits nothing). */
export function hasLimits(budgets: Budgets): boolean {
  return BUDGETS.some(({ field }) => field !== 'increaseFloor' && budgets[field] !== undefined);
}

/**
 * The budgets that apply to one image: the config file's for its name, overridden by the inputs
 * (or flags) that are set.
 * @param fromFile the config file's budgets by image name
 * @param name the image's name (the `name` input)
 * @param fromInputs budgets from the inputs; undefined fields are not set
 */
export function mergeBudgets(
  fromFile: Readonly<Record<string, Budgets>>,
  name: string,
  fromInputs: Budgets,
): Budgets {
  const merged: Budgets = { ...(Object.hasOwn(fromFile, name) ? fromFile[name] : {}) };
  for (const { field } of BUDGETS) {
    const value = fromInputs[field];
    if (value !== undefined) (merged as Record<BudgetField, unknown>)[field] = value;
  }
  return merged;
}
