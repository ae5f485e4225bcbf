import { describe, expect, it } from '@jest/globals';
import {
  formatBytes,
  formatBytesDelta,
  formatPercentDelta,
  parseSize,
  parseSizeOrPercent,
} from '../../src/units/size.js';

describe('parseSize', () => {
  it.each([
    ['150MB', 150_000_000],
    ['150 mb', 150_000_000],
    ['1.5GiB', 1.5 * 2 ** 30],
    ['1.5GB', 1_500_000_000],
    ['512MiB', 512 * 2 ** 20],
    ['10kB', 10_000],
    ['10KiB', 10_240],
    ['150000000', 150_000_000],
    ['0', 0],
    ['42B', 42],
    ['2T', 2e12],
  ])('%s is %d bytes', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });

  it.each(['12 parsecs', '', 'MB', '-5MB', '1.2.3MB', '5%', 'ten'])('rejects %j', (text) => {
    expect(parseSize(text)).toBeUndefined();
  });
});

describe('parseSizeOrPercent', () => {
  it('reads percentages and sizes', () => {
    expect(parseSizeOrPercent('5%')).toEqual({ kind: 'percent', percent: 5 });
    expect(parseSizeOrPercent('2.5 %')).toEqual({ kind: 'percent', percent: 2.5 });
    expect(parseSizeOrPercent('10MB')).toEqual({ kind: 'bytes', bytes: 10_000_000 });
    expect(parseSizeOrPercent('five percent')).toBeUndefined();
  });
});

describe('formatBytes', () => {
  it('uses decimal units like docker images', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1000)).toBe('1.0 kB');
    expect(formatBytes(152_300_000)).toBe('152.3 MB');
    expect(formatBytes(1_110_000_000)).toBe('1.1 GB');
    expect(formatBytes(999_960)).toBe('1.0 MB');
    expect(formatBytes(-3000)).toBe('-3.0 kB');
  });

  it('signs deltas', () => {
    expect(formatBytesDelta(12_100_000)).toBe('+12.1 MB');
    expect(formatBytesDelta(-4_200_000)).toBe('-4.2 MB');
    expect(formatBytesDelta(0)).toBe('±0 B');
    expect(formatPercentDelta(8.64)).toBe('+8.6 %');
    expect(formatPercentDelta(-0.44)).toBe('-0.4 %');
    expect(formatPercentDelta(0)).toBe('±0 %');
  });
});
