import { describe, expect, it } from '@jest/globals';
import { mergeReports } from '../../src/publish/publish-mode.js';
import { growingPr, severalImages } from '../report/markdown-fixtures.js';

describe('mergeReports', () => {
  it('lists every image and each shared finding once', () => {
    const a = growingPr();
    const b = severalImages();
    const merged = mergeReports([a, b, growingPr()]);
    expect(merged.images.map((i) => i.name)).toEqual([
      ...a.images.map((i) => i.name),
      ...b.images.map((i) => i.name),
      ...a.images.map((i) => i.name),
    ]);
    const keys = merged.findings.map((f) => `${f.rule}:${f.file}:${f.line}:${f.column}:${f.message}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(merged.findings.length).toBeGreaterThanOrEqual(a.findings.length);
    expect(merged.tool.version).toBe(a.tool.version);
  });
});
