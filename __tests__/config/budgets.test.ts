import { describe, expect, it } from '@jest/globals';
import {
  BUDGETS,
  DEFAULT_INCREASE_FLOOR,
  hasLimits,
  increaseFloor,
  mergeBudgets,
} from '../../src/config/budgets.js';
import type { InputSpec } from '../../src/config/input-spec.js';
import { INPUTS } from '../../src/config/inputs.js';

describe('budgets', () => {
  it('merges the file budgets for the image name with the inputs that are set', () => {
    const fromFile = {
      api: { maxSize: 100, maxIncrease: { kind: 'percent', percent: 5 }, increaseFloor: 2 } as const,
      web: { maxSize: 1 },
    };
    expect(mergeBudgets(fromFile, 'api', { maxSize: 200, maxWasted: undefined })).toEqual({
      maxSize: 200,
      maxIncrease: { kind: 'percent', percent: 5 },
      increaseFloor: 2,
    });
    expect(mergeBudgets(fromFile, 'worker', { maxCompressedSize: 3 })).toEqual({ maxCompressedSize: 3 });
    expect(mergeBudgets(fromFile, 'constructor', {})).toEqual({});
  });

  it('has limits only when a limit is set; the floor alone limits nothing', () => {
    expect(hasLimits({})).toBe(false);
    expect(hasLimits({ increaseFloor: 5 })).toBe(false);
    expect(hasLimits({ maxWasted: { kind: 'bytes', bytes: 1 } })).toBe(true);
  });

  it('takes the increase floor from the budgets, else the default', () => {
    expect(increaseFloor({})).toBe(DEFAULT_INCREASE_FLOOR);
    expect(increaseFloor({ increaseFloor: 7 })).toBe(7);
  });

  it('reads a budget input with the same key and kind as the config file', () => {
    const inputs = (INPUTS as readonly InputSpec[]).filter((spec) => spec.setting.startsWith('budgets.'));
    expect(inputs.map((spec) => spec.name)).toEqual([
      'max-size',
      'max-compressed-size',
      'max-increase',
      'max-wasted',
    ]);
    for (const spec of inputs) {
      const budget = BUDGETS.find((b) => `budgets.${b.field}` === spec.setting);
      expect(budget?.key).toBe(spec.name);
      expect(budget?.kind).toBe(spec.kind);
    }
  });
});
