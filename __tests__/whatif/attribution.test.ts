/**
 * Tying the head's layers to the what-if image's through the fixer's edits, and pricing each fixed
 * finding by the layers its fix changed. The fixes are the real fixer's on real Dockerfile text; the
 * layer sizes stand in for what the engine measures (the integration test measures real ones).
 */
import { describe, expect, it } from '@jest/globals';
import { lintDockerfile } from '../../src/lint/engine.js';
import { fixDockerfile } from '../../src/lint/fixer.js';
import { mapOffset, priceFixes } from '../../src/whatif/attribution.js';
import type { Finding, Layer } from '../../src/report/model.js';

const FILE = 'app/Dockerfile';

/** Layers as a measurement lists them: the base image's, then one per line given, with sizes. */
function layers(text: string, sizes: Record<number, number>, base = 5_000_000): Layer[] {
  const lines = text.split('\n');
  const base0: Layer = {
    index: 0,
    diffId: 'sha256:base',
    size: base,
    compressedSize: base / 2,
    compressedSizeExact: true,
    createdBy: 'base',
    instruction: null,
    fromBase: true,
    wastedBytes: null,
  };
  return [
    base0,
    ...Object.entries(sizes).map(([line, size], i) => ({
      ...base0,
      index: i + 1,
      diffId: `sha256:${line}`,
      size,
      compressedSize: Math.round(size / 2),
      createdBy: lines[Number(line) - 1] ?? '',
      instruction: { file: FILE, line: Number(line), text: lines[Number(line) - 1] ?? '' },
      fromBase: false,
    })),
  ];
}

/** The report's findings for `text` (as the lint step reports them: without edits). */
function reported(text: string): Finding[] {
  return lintDockerfile(FILE, text, { fixes: false }).map((f) => ({ ...f }));
}

describe('mapOffset', () => {
  // "abcdef": [1,3) "bc" → "XYZ" (length 3), then an insertion of 2 at 5.
  const spans = [
    { start: 1, end: 3, length: 3 },
    { start: 5, end: 5, length: 2 },
  ];

  it('moves offsets after an edit by what the edit added', () => {
    expect(mapOffset(spans, 0, 'start')).toBe(0);
    expect(mapOffset(spans, 4, 'start')).toBe(5);
    expect(mapOffset(spans, 6, 'start')).toBe(9);
  });

  it('sends an offset inside an edit to the start or the end of its replacement', () => {
    expect(mapOffset(spans, 2, 'start')).toBe(1);
    expect(mapOffset(spans, 2, 'end')).toBe(4);
    // At the edge: a range ending where an edit starts keeps ending there; one starting where it ends starts after it.
    expect(mapOffset(spans, 1, 'end')).toBe(1);
    expect(mapOffset(spans, 3, 'start')).toBe(4);
  });

  it('puts an insertion after a range that ends at it, before one that starts at it', () => {
    expect(mapOffset(spans, 5, 'end')).toBe(8);
    expect(mapOffset(spans, 5, 'start')).toBe(6);
  });

  it('maps a removed range to an empty one', () => {
    const removal = [{ start: 4, end: 10, length: 0 }];
    expect(mapOffset(removal, 4, 'start')).toBe(mapOffset(removal, 9, 'end'));
  });
});

describe('priceFixes', () => {
  it('prices a moved cleanup by the creating layer it shrank and the removed layer, together', () => {
    const text = [
      'FROM busybox:1.36',
      'RUN wget -O /tmp/app.tgz http://example.invalid/app.tgz && tar -xzf /tmp/app.tgz -C /opt',
      'COPY conf /etc/app/',
      'RUN rm -rf /tmp/app.tgz',
      'CMD ["/opt/app"]',
    ].join('\n');
    const fixed = fixDockerfile(FILE, text, { only: new Set(['cleanup-in-separate-layer']) });
    expect(fixed.fixed).toEqual(['cleanup-in-separate-layer']);
    const findings = reported(text);
    const prices = priceFixes(
      FILE,
      { text, layers: layers(text, { 2: 9_000_000, 3: 1_000, 4: 0 }) },
      { text: fixed.text, layers: layers(fixed.text, { 2: 6_000_000, 3: 1_000 }) },
      fixed.steps,
      findings,
    );
    const index = findings.findIndex((f) => f.rule === 'cleanup-in-separate-layer');
    expect(prices.get(index)).toEqual({ bytes: 3_000_000, compressedBytes: 1_500_000, basis: 'measured' });
    // Findings whose fixes were not applied get no measured price.
    expect([...prices.keys()]).toEqual([index]);
  });

  it('gives fixes that changed the same layer the same price, each naming the others', () => {
    const text = [
      'FROM debian:12',
      'RUN apt-get update && apt-get install git',
      'COPY . /src',
      'CMD ["git", "--version"]',
    ].join('\n');
    const fixed = fixDockerfile(FILE, text);
    expect(fixed.fixed).toEqual(
      expect.arrayContaining(['apt-get-missing-y', 'apt-no-install-recommends', 'apt-lists-not-removed']),
    );
    const findings = reported(text);
    const prices = priceFixes(
      FILE,
      { text, layers: layers(text, { 2: 80_000_000, 3: 5_000 }) },
      { text: fixed.text, layers: layers(fixed.text, { 2: 30_000_000, 3: 5_000 }) },
      fixed.steps,
      findings,
    );
    const of = (rule: string) => prices.get(findings.findIndex((f) => f.rule === rule));
    expect(of('apt-no-install-recommends')).toMatchObject({ bytes: 50_000_000, basis: 'measured' });
    expect(of('apt-lists-not-removed')).toMatchObject({ bytes: 50_000_000, basis: 'measured' });
    expect(of('apt-no-install-recommends')?.sharedWith).toEqual(
      expect.arrayContaining(['apt-lists-not-removed:2', 'apt-get-missing-y:2']),
    );
    // The COPY's layer did not change: it is in no fix's price.
    expect(of('apt-get-missing-y')?.bytes).toBe(50_000_000);
  });

  it('ties joined RUNs to the one layer they became', () => {
    const text = [
      'FROM debian:12',
      'RUN apt-get update',
      'RUN apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*',
      'CMD ["curl", "--version"]',
    ].join('\n');
    const fixed = fixDockerfile(FILE, text, { only: new Set(['consecutive-run']) });
    expect(fixed.fixed).toEqual(['consecutive-run']);
    expect(fixed.text.split('\n')).toHaveLength(4);
    const findings = reported(text);
    const prices = priceFixes(
      FILE,
      { text, layers: layers(text, { 2: 20_000_000, 3: 10_000_000 }) },
      { text: fixed.text, layers: layers(fixed.text, { 2: 10_000_000 }) },
      fixed.steps,
      findings,
    );
    const index = findings.findIndex((f) => f.rule === 'consecutive-run');
    expect(prices.get(index)).toMatchObject({ bytes: 20_000_000, basis: 'measured' });
  });
});
