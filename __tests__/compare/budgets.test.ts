import { describe, expect, it } from '@jest/globals';
import { evaluateBudgets } from '../../src/compare/budgets.js';
import { computeDelta, type Measurement } from '../../src/report/model.js';

const measurement = (size: number, extra: Partial<Measurement> = {}): Measurement => ({
  imageId: `sha256:${size}`,
  size,
  compressedSize: null,
  compressedSizeEstimated: true,
  layers: [],
  wastedBytes: null,
  wastedPaths: [],
  leftoverCaches: [],
  notes: [],
  ...extra,
});

const subject = (headSize: number, baseSize: number | null, extra: Partial<Measurement> = {}) => {
  const head = measurement(headSize, extra);
  const base = baseSize === null ? null : measurement(baseSize);
  return { head, base, delta: computeDelta(head, base) };
};

describe('evaluateBudgets', () => {
  it('passes with no budgets', () => {
    expect(evaluateBudgets(subject(500e6, null), {})).toEqual({ status: 'pass', violations: [] });
  });

  it('fails over max-size and says by how much', () => {
    const result = evaluateBudgets(subject(152_300_000, null), { maxSize: 150_000_000 });
    expect(result.status).toBe('fail');
    expect(result.violations).toEqual([
      {
        budget: 'max-size',
        limit: 150_000_000,
        actual: 152_300_000,
        message: 'size 152.3 MB is over the 150.0 MB budget by 2.3 MB',
      },
    ]);
  });

  it('checks the compressed size only when measured', () => {
    expect(evaluateBudgets(subject(10e6, null), { maxCompressedSize: 1e6 }).status).toBe('pass');
    const result = evaluateBudgets(subject(10e6, null, { compressedSize: 4e6 }), { maxCompressedSize: 3e6 });
    expect(result.violations.map((v) => v.budget)).toEqual(['max-compressed-size']);
  });

  it('fails byte increases over the limit, not at it', () => {
    expect(
      evaluateBudgets(subject(110e6, 100e6), { maxIncrease: { kind: 'bytes', bytes: 10e6 } }).status,
    ).toBe('pass');
    const result = evaluateBudgets(subject(110_000_001, 100e6), {
      maxIncrease: { kind: 'bytes', bytes: 10e6 },
    });
    expect(result.status).toBe('fail');
    expect(result.violations[0]?.message).toBe('grew +10.0 MB, more than the 10.0 MB allowed');
  });

  it('ignores percentage growth under the floor (1 MB by default)', () => {
    // +20 % of a 2 MB image is 400 kB: noise.
    expect(
      evaluateBudgets(subject(2.4e6, 2e6), { maxIncrease: { kind: 'percent', percent: 5 } }).status,
    ).toBe('pass');
    // The same percentage with a lower floor fails.
    const strict = evaluateBudgets(subject(2.4e6, 2e6), {
      maxIncrease: { kind: 'percent', percent: 5 },
      increaseFloor: 0,
    });
    expect(strict.status).toBe('fail');
    expect(strict.violations[0]).toMatchObject({ budget: 'max-increase', limit: 5, actual: 20 });
    // Above the floor and over the percentage: fails.
    expect(
      evaluateBudgets(subject(110e6, 100e6), { maxIncrease: { kind: 'percent', percent: 5 } }).status,
    ).toBe('fail');
  });

  it('skips increase budgets without a baseline', () => {
    expect(evaluateBudgets(subject(900e6, null), { maxIncrease: { kind: 'bytes', bytes: 1 } }).status).toBe(
      'pass',
    );
  });

  it('checks wasted bytes absolutely and as a share of the image', () => {
    const wasteful = subject(100e6, null, { wastedBytes: 30e6 });
    expect(evaluateBudgets(wasteful, { maxWasted: { kind: 'bytes', bytes: 20e6 } }).status).toBe('fail');
    expect(
      evaluateBudgets(wasteful, { maxWasted: { kind: 'percent', percent: 25 } }).violations[0],
    ).toMatchObject({
      budget: 'max-wasted',
      actual: 30,
    });
    expect(evaluateBudgets(wasteful, { maxWasted: { kind: 'percent', percent: 35 } }).status).toBe('pass');
  });

  it('turns a fail into a warn when the override label is on the PR, and names it', () => {
    const result = evaluateBudgets(
      subject(200e6, null),
      { maxSize: 150e6 },
      { label: 'docker-diet:allow-growth', present: true },
    );
    expect(result).toMatchObject({ status: 'warn', overriddenBy: 'docker-diet:allow-growth' });
    expect(result.violations).toHaveLength(1);
    expect(
      evaluateBudgets(
        subject(200e6, null),
        { maxSize: 150e6 },
        { label: 'docker-diet:allow-growth', present: false },
      ).status,
    ).toBe('fail');
  });
});
