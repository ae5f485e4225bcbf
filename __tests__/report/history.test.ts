// The size history drawn: sparkline, Mermaid line chart, the report's history block, the text lines,
// and the tables of `docker-diet history`. Points in, text out.
import { describe, expect, it } from '@jest/globals';
import {
  chartPoints,
  groupByStore,
  renderHistoryBlock,
  renderHistoryChart,
  renderHistoryText,
  renderPointsMarkdown,
  renderPointsText,
  sparkline,
  sparklineWithRange,
} from '../../src/report/history.js';
import { renderComment, renderSummary } from '../../src/report/markdown.js';
import type { HistoryPoint, ImageReport, Report } from '../../src/report/model.js';
import { renderText } from '../../src/report/text.js';
import { growingPr } from './markdown-fixtures.js';

const sha = (n: number): string => `${String(n).repeat(7)}${'0'.repeat(33)}`.slice(0, 40);

function point(n: number, size: number, extra: Partial<HistoryPoint> = {}): HistoryPoint {
  return {
    commit: sha(n),
    date: `2026-11-0${n}T10:00:00Z`,
    size,
    compressedSize: Math.round(size / 2),
    compressedSizeEstimated: true,
    imageStore: 'graphdriver',
    platform: 'linux/amd64',
    comparable: true,
    ...extra,
  };
}

/** The growing PR's report with its head on graphdriver linux/amd64 and `history` set. */
function withHistory(history: HistoryPoint[] | undefined, historyNote?: string): Report {
  const report = growingPr();
  const image = report.images[0]!;
  image.head = { ...image.head!, imageStore: 'graphdriver', platform: 'linux/amd64' };
  if (history) image.history = history;
  if (historyNote) image.historyNote = historyNote;
  return report;
}

/** The `line [...]` rows of a Mermaid block, as numbers. */
function lines(chart: string): number[][] {
  return [...chart.matchAll(/^ {2}line \[(.*)\]$/gm)].map((m) => m[1]!.split(', ').map(Number));
}

function xAxis(chart: string): string[] {
  const axis = /^ {2}x-axis \[(.*)\]$/m.exec(chart)![1]!;
  return axis.split(', ').map((label) => label.replace(/^"|"$/g, ''));
}

describe('sparkline', () => {
  it('maps the lowest value to ▁ and the highest to █, linearly between', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([10, 80, 10])).toBe('▁█▁');
    expect(sparkline([5, 5, 5])).toBe('▁▁▁');
    expect(sparkline([])).toBe('');
  });

  it('gives the range next to it', () => {
    expect(sparklineWithRange([10_200_000, 12_000_000, 11_000_000])).toBe('▁█▄  min 10.2 MB, max 12.0 MB');
  });
});

describe('history chart', () => {
  it('is a Mermaid xychart-beta with a size line and a pull-size line, the head last and labelled', () => {
    const report = withHistory([point(1, 70_000_000), point(2, 72_500_000)]);
    const image = report.images[0]!;
    const points = chartPoints(image);
    expect(points.map((p) => p.label)).toEqual(['1111111', '2222222', 'this PR']);
    const chart = renderHistoryChart(points, 'Size history of api')!;
    expect(chart.split('\n').slice(0, 2)).toEqual(['```mermaid', 'xychart-beta']);
    expect(chart).toContain('  title "Size history of api (MB)"');
    expect(xAxis(chart)).toEqual(['1111111', '2222222', 'this PR']);
    const head = image.head!;
    expect(lines(chart)).toEqual([
      [70, 72.5, Number((head.size / 1e6).toPrecision(4))],
      [35, 36.25, Number((head.compressedSize! / 1e6).toPrecision(4))],
    ]);
    expect(chart).toContain('_Upper line: size. Lower line: pull size. The last point is this PR._');
  });

  it('needs two points, and draws no pull line when a point has no pull size', () => {
    expect(renderHistoryChart([{ label: 'a', size: 1, compressedSize: 1 }], 't')).toBeUndefined();
    const chart = renderHistoryChart(
      [
        { label: 'a', size: 1000, compressedSize: null },
        { label: 'b', size: 2000, compressedSize: 900 },
      ],
      't',
    )!;
    expect(lines(chart)).toEqual([[1, 2]]);
    expect(chart).toContain('Some points have no pull size');
  });

  it('escapes what comes from outside: quotes, # and ; in the image name cannot break out of the title', () => {
    const chart = renderHistoryChart(
      [
        { label: 'a"b', size: 1, compressedSize: 1 },
        { label: 'c;d', size: 2, compressedSize: 1 },
      ],
      'Size history of x"; click A call alert(1) #1',
    )!;
    const title = /^ {2}title (.*)$/m.exec(chart)![1]!;
    expect(title).toBe('"Size history of x   click A call alert(1)  1 (B)"');
    expect(title.slice(1, -1)).not.toMatch(/["#;]/);
    expect(xAxis(chart)).toEqual(['a b', 'c d']);
    // One statement per line: nothing the input held became a statement of its own.
    expect(
      chart
        .split('\n')
        .filter((l) => /^ {2}\S/.test(l))
        .map((l) => l.trim().split(' ')[0]),
    ).toEqual(['title', 'x-axis', 'y-axis', 'line', 'line']);
  });

  it('charts only points measured on the head’s image store and platform, and says what it left out', () => {
    const report = withHistory([
      point(1, 70_000_000, { imageStore: 'containerd', comparable: false }),
      point(2, 71_000_000),
      point(3, 9_000_000, { imageStore: 'unknown', platform: 'unknown', comparable: false }),
      point(4, 72_000_000),
    ]);
    const block = renderHistoryBlock(report.images[0]!, false);
    expect(xAxis(block)).toEqual(['2222222', '4444444', 'this PR']);
    expect(block).toContain(
      '2 stored measurements were made on another image store or platform than this one (graphdriver, linux/amd64), or before docker-diet recorded them: left out.',
    );
    expect(block.startsWith('<details><summary>Size history: 2 stored commits and this PR, 71.0 MB → ')).toBe(
      true,
    );
  });

  it('shows nothing without history, and a line saying why when a shallow checkout held too little', () => {
    expect(renderHistoryBlock(withHistory(undefined).images[0]!, false)).toBe('');
    expect(renderHistoryBlock(withHistory([]).images[0]!, false)).toBe('');
    const shallow = withHistory(
      [],
      'the checkout is shallow: it holds 0 first-parent commits of the history',
    );
    expect(renderHistoryBlock(shallow.images[0]!, false)).toContain(
      'ℹ️ The checkout is shallow: it holds 0 first-parent commits of the history.',
    );
    expect(renderHistoryText(shallow.images[0]!)).toEqual([
      '  size history: the checkout is shallow: it holds 0 first-parent commits of the history',
    ]);
  });
});

describe('history in the reports', () => {
  const report = (): Report => withHistory([point(1, 70_000_000), point(2, 72_500_000)]);

  it('the comment holds the chart in a collapsed <details>; the summary opens it', () => {
    const comment = renderComment(report());
    expect(comment).toMatch(/<details><summary>Size history: 2 stored commits and this PR, [^<]*<\/summary>/);
    expect(comment).toContain('  title "Size history of api (MB)"');
    expect(renderSummary(report())).toMatch(/<details open><summary>Size history: /);
  });

  it('is dropped with the charts when the comment must shrink, and the comment says so', () => {
    // The longest comment without a chart: the renderer's first level that drops the charts.
    let max = renderComment(report()).length;
    let comment: string;
    do {
      max -= 20;
      comment = renderComment(report(), { maxLength: max });
    } while (comment.includes('xychart-beta'));
    expect(comment).toContain('<summary>Details of api</summary>');
    expect(comment).not.toContain('Size history');
    expect(comment).toMatch(/this leaves out the layer chart, the size history;/);
  });

  it('the text report shows sparklines of size and pull size with min and max', () => {
    const text = renderText(report());
    const head = report().images[0]!.head!;
    const expected = sparklineWithRange([70_000_000, 72_500_000, head.size]);
    expect(text).toContain('  size history (2 stored, then this PR):\n');
    expect(text).toContain(`    size  ${expected}\n`);
    expect(text).toMatch(/ {4}pull {2}[▁-█]{3} {2}min 35\.0 MB, max /);
  });

  it('a push without a baseline labels the last point as this commit', () => {
    const image: ImageReport = { ...report().images[0]!, baseline: { source: 'none', reason: 'x' } };
    expect(chartPoints(image).at(-1)!.label).toBe('this commit');
  });
});

describe('docker-diet history tables', () => {
  const points = [
    point(1, 10_000_000),
    point(2, 12_000_000, { compressedSize: null }),
    point(3, 4_000_000, { imageStore: 'containerd' }),
    point(4, 11_500_000),
  ].map(({ comparable: _, ...rest }) => rest);

  it('groups by image store and platform, newest group first, Δ only within a group', () => {
    const groups = groupByStore(points);
    expect(groups.map((g) => [g.imageStore, g.points.map((p) => p.size)])).toEqual([
      ['graphdriver', [10_000_000, 12_000_000, 11_500_000]],
      ['containerd', [4_000_000]],
    ]);
    const text = renderPointsText('api', points);
    expect(text.split('\n')).toEqual([
      'api (graphdriver, linux/amd64): 3 commits  ▁█▆  min 10.0 MB, max 12.0 MB',
      '  Commit   Date                 Size          Δ  Pull size',
      '  1111111  2026-11-01 10:00  10.0 MB          —    ~5.0 MB',
      '  2222222  2026-11-02 10:00  12.0 MB    +2.0 MB          —',
      '  4444444  2026-11-04 10:00  11.5 MB  -500.0 kB    ~5.8 MB',
      '',
      'api (containerd, linux/amd64): 1 commit  ▁  min 4.0 MB, max 4.0 MB',
      '  Commit   Date                Size  Δ  Pull size',
      '  3333333  2026-11-03 10:00  4.0 MB  —    ~2.0 MB',
      '',
    ]);
  });

  it('markdown: a heading, a chart and a table per group, names escaped', () => {
    const md = renderPointsMarkdown('api|<b>', points);
    expect(md).toContain('### api\\|&lt;b&gt; (graphdriver, linux/amd64)');
    expect(md).toContain('| 4444444 | 2026-11-04 10:00 | 11.5 MB | -500.0 kB | ~5.8 MB |');
    // The graphdriver group has 3 points but one lacks a pull size: the size line only.
    expect(lines(md)).toEqual([[10, 12, 11.5]]);
    expect(md).toContain('### api\\|&lt;b&gt; (containerd, linux/amd64)');
  });
});
