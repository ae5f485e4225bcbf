// The overview of a comment with several images: the numbers taken from a report, the order (largest
// change first, either way) and the table with links to each section.
import { describe, expect, it } from '@jest/globals';
import {
  anchorFor,
  isSectionSummary,
  renderOverview,
  sortRows,
  summariseReport,
  type OverviewRow,
  type SectionSummary,
} from '../../src/report/overview.js';
import { buildFailure, growingPr, pushWithoutBaseline } from './markdown-fixtures.js';

const summary = (delta: number | null, extra: Partial<SectionSummary> = {}): SectionSummary => ({
  size: 100_000_000,
  delta,
  deltaPercent: delta === null ? null : 1,
  pullSize: 40_000_000,
  findings: 0,
  budget: 'pass',
  ...extra,
});
const row = (name: string, s?: SectionSummary): OverviewRow => ({
  name,
  anchor: anchorFor(name),
  ...(s ? { summary: s } : {}),
});

describe('summariseReport', () => {
  it("takes the image's size, Δ, pull size, its own Dockerfile's findings and the budget", () => {
    const report = growingPr();
    const head = report.images[0]!.head!;
    expect(summariseReport(report)).toEqual({
      size: head.size,
      delta: report.images[0]!.delta!.size,
      deltaPercent: report.images[0]!.delta!.sizePercent,
      pullSize: head.compressedSize,
      pullEstimated: true,
      // tools/Dockerfile's finding belongs to another image.
      findings: 3,
      budget: 'fail',
    });
  });

  it('has no Δ without a baseline, and says why there is no size when the build failed', () => {
    expect(summariseReport(pushWithoutBaseline())).toMatchObject({ delta: null, budget: 'pass' });
    expect(summariseReport(buildFailure())).toEqual({
      size: null,
      delta: null,
      deltaPercent: null,
      pullSize: null,
      findings: 1,
      budget: null,
      note: 'build failed',
    });
  });
});

describe('isSectionSummary', () => {
  it('accepts a summary and rejects anything else read back from a comment', () => {
    expect(isSectionSummary(summary(5))).toBe(true);
    expect(isSectionSummary({ ...summary(5), budget: 'maybe' })).toBe(false);
    expect(isSectionSummary({ ...summary(5), size: '1 MB' })).toBe(false);
    expect(isSectionSummary(null)).toBe(false);
  });
});

describe('sortRows', () => {
  it('puts the largest absolute change first, then images without a Δ, ties by name', () => {
    const rows = [
      row('a-small', summary(1_000)),
      row('b-none', summary(null)),
      row('c-shrink', summary(-30_000_000)),
      row('d-grow', summary(12_000_000)),
      row('e-old'),
      row('f-zero', summary(0)),
      row('a-tie', summary(12_000_000)),
    ];
    expect(sortRows(rows).map((r) => r.name)).toEqual([
      'c-shrink',
      'a-tie',
      'd-grow',
      'a-small',
      'f-zero',
      'b-none',
      'e-old',
    ]);
  });
});

describe('renderOverview', () => {
  it('renders one linked row per image with size, Δ, pull size, findings and budget', () => {
    const table = renderOverview([
      row('web', summary(0, { deltaPercent: 0, findings: 2 })),
      row('services/api', summary(14_100_000, { deltaPercent: 8.6, pullEstimated: true, budget: 'fail' })),
      row('broken', { ...summary(null), size: null, pullSize: null, budget: null, note: 'build failed' }),
      row('legacy'),
    ]);
    expect(table).toBe(
      [
        '| Image | Size | Δ | Pull size | Findings | Budget |',
        '| --- | --- | --- | --- | --- | --- |',
        '| [services/api](#docker-diet-services-api) | 100.0 MB | +14.1 MB (+8.6 %) | ~40.0 MB | 0 | ❌ |',
        '| [web](#docker-diet-web) | 100.0 MB | ±0 B (±0 %) | 40.0 MB | 2 | ✅ |',
        '| [broken](#docker-diet-broken) | build failed | — | — | 0 | — |',
        '| [legacy](#docker-diet-legacy) | — | — | — | — | — |',
      ].join('\n'),
    );
  });

  it('escapes image names in the link text', () => {
    expect(renderOverview([row('a|b_[x]', summary(1))])).toContain('[a\\|b\\_\\[x\\]](#docker-diet-a-b-x)');
  });
});
