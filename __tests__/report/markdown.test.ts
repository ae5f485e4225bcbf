import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { renderTextChart } from '../../src/report/chart.js';
import { COMMENT_LIMIT, renderComment, renderSummary, SUMMARY_LIMIT } from '../../src/report/markdown.js';
import { escapeMarkdown } from '../../src/report/markdown-escape.js';
import type { Report } from '../../src/report/model.js';
import {
  buildFailure,
  finding,
  growingPr,
  hugeReport,
  pushWithoutBaseline,
  severalImages,
} from './markdown-fixtures.js';

const OPTIONS = {
  repository: 'acme/shop',
  headSha: '0123456789abcdef0123456789abcdef01234567',
  runUrl: 'https://github.com/acme/shop/actions/runs/42',
};

/** Cells of a GFM table row, split the way GitHub's table extension does (`\x` escapes any x). */
function cells(row: string): string[] {
  const out: string[] = [];
  let cell = '';
  for (let i = 1; i < row.length; i++) {
    if (row[i] === '\\') {
      cell += row.slice(i, i + 2);
      i++;
    } else if (row[i] === '|') {
      out.push(cell);
      cell = '';
    } else {
      cell += row[i];
    }
  }
  return out;
}

/** Every table in `markdown` has as many cells in each row as in its header. */
function expectIntactTables(markdown: string): void {
  let width: number | undefined;
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('|')) {
      width = undefined;
      continue;
    }
    const count = cells(line).length;
    width ??= count;
    expect(count).toBe(width);
  }
}

/** A report whose Dockerfile line, messages, build log and names all try to inject something. */
function hostileReport(): Report {
  const report = growingPr();
  const evil =
    'RUN echo "| <script>alert(1)</script> @octocat #12" `id` **bold** [x](http://evil.example)\n&& true';
  const image = report.images[0]!;
  const added = image.layerChanges.find((row) => row.status === 'added')!;
  added.instruction = { file: 'services/api/Dockerfile', line: 9, text: evil };
  image.buildSteps.push({
    name: '[6/6] RUN make @octocat | tee log',
    cached: false,
    seconds: 1,
    error: 'boom <b>x</b> @octocat #12\n``` closing fence?\n<!-- docker-diet:end:api -->',
  });
  image.budget.violations[0]!.message = 'grew past | the <limit> for @octocat see #12';
  report.findings.push(
    finding('apt-lists-not-removed', 9, 'Quoted `RUN curl | sh @octocat` and then @octocat #12 <img src=x>'),
  );
  return report;
}

describe('renderComment / renderSummary snapshots', () => {
  it('a PR that grows, with a baseline, findings and a budget failure', () => {
    expect(renderComment(growingPr(), OPTIONS)).toMatchSnapshot();
  });

  it('a push without a baseline shows absolute sizes in the summary', () => {
    const summary = renderSummary(pushWithoutBaseline(), OPTIONS);
    expect(summary).toMatch(/^## docker-diet/);
    expect(summary).toContain('No baseline: push to main, nothing to compare with.');
    expect(summary).not.toMatch(/Status \| Line/);
    expect(summary).toMatchSnapshot();
  });

  it('a build failure shows the failed step and its log, and no budget mark', () => {
    const comment = renderComment(buildFailure(), OPTIONS);
    expect(comment.split('\n')[0]).toBe('### 📦 api: build failed · 1 finding');
    expect(comment).toContain('No rule to make target `build`');
    expect(comment).toMatchSnapshot();
  });

  it('several images get a table, an overridden budget says which label accepted it', () => {
    const comment = renderComment(severalImages(), OPTIONS);
    expect(comment).toContain('| Image | Base | PR | Δ | Δ % | Compressed Δ | Budget |');
    expect(comment).toContain('accepted** by the label <code>docker-diet:allow-growth</code>');
    expect(comment).toMatchSnapshot();
  });

  it('the CLI markdown has no links when the repository is unknown', () => {
    const markdown = renderSummary(growingPr());
    expect(markdown).not.toContain('Dockerfile#L');
    expect(markdown).toContain('services/api/Dockerfile:4');
  });

  it('draws a plain-text layer chart for the CLI', () => {
    expect(renderTextChart(growingPr().images[0]!, { ascii: true, width: 20 })).toMatchSnapshot();
    expect(renderTextChart(buildFailure().images[0]!)).toBe('');
  });
});

describe('escaping text from Dockerfiles and build logs', () => {
  const comment = renderComment(hostileReport(), OPTIONS);

  it('keeps every table row at its header width', () => {
    expectIntactTables(comment);
  });

  it('lets no HTML through and pings nobody outside code blocks', () => {
    // Fenced blocks show text verbatim: GitHub neither parses HTML nor links mentions in them.
    const outside = comment.replace(/^(`{3,})text\n[\s\S]*?\n\1$/gm, '');
    expect(outside).not.toContain('boom');
    expect(outside).not.toMatch(/<script|<b>|<img|<limit>/);
    expect(outside).not.toMatch(/@octocat/);
    expect(outside).not.toMatch(/#12/);
    expect(outside).not.toContain('http://evil');
    expect(outside).toContain('@\u200boctocat');
  });

  it('neutralises the instruction line', () => {
    const line = comment.split('\n').find((l) => l.includes('alert(1)'))!;
    expect(line).toContain(
      '<code>RUN echo "\\| &lt;script&gt;alert(1)&lt;/script&gt; @\u200boctocat #\u200b12" \\`id\\` \\*\\*bold\\*\\* \\[x\\](http:\u200b//evil.example) &amp;&amp; true</code>',
    );
  });

  it('keeps the build log in a fence that its own backticks cannot close', () => {
    expect(comment).toContain('````text\nboom <b>x</b>');
    expect(comment).toContain('\n````');
  });

  it('escapes single strings', () => {
    expect(escapeMarkdown('a|b')).toBe('a\\|b');
    expect(escapeMarkdown('x\\|y')).toBe('x\\\\\\|y');
    expect(escapeMarkdown('line1\nline2')).toBe('line1 line2');
    expect(escapeMarkdown('owner/repo#7 and GH-8')).toBe('owner/repo#\u200b7 and GH\u200b-8');
    expect(escapeMarkdown('mail me@example.com')).not.toContain('me@example');
  });

  it('never lets arbitrary text break a table, open a tag or mention someone', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (text) => {
        const escaped = escapeMarkdown(text);
        expect(escaped).not.toMatch(/[<>\n\r]/);
        expect(escaped).not.toMatch(/@[\p{L}\p{N}_-]/u);
        expect(escaped).not.toMatch(/#\d/);
        expect(cells(`| ${escaped} |`)).toHaveLength(1);
      }),
    );
  });
});

describe('GitHub size limits', () => {
  const huge = hugeReport();

  it('keeps a comment for 500 findings and 200 layers under 65,536 characters and says what it dropped', () => {
    const comment = renderComment(huge, OPTIONS);
    expect(comment.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(comment).toMatch(/Showing \d+ of 500 findings; the full report is in the JSON artifact\./);
    expect(comment).toMatch(/_… \d+ more\./);
    expect(comment).toContain('To keep a comment under 65,536 characters, this leaves out');
    expectIntactTables(comment);
  });

  it('keeps everything in the summary when it fits under 1 MiB', () => {
    const summary = renderSummary(huge, OPTIONS);
    expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(SUMMARY_LIMIT);
    expect(summary).not.toContain('Showing');
    expect(summary.match(/^\| (❌|⚠️) \| \[rule-/gm)).toHaveLength(500);
  });

  it('drops detail in steps as the room shrinks, always fitting and always saying so', () => {
    let previous = Infinity;
    for (const max of [60_000, 30_000, 10_000, 3_000, 1_000, 300]) {
      const comment = renderComment(huge, { ...OPTIONS, maxLength: max });
      expect(comment.length).toBeLessThanOrEqual(max);
      expect(comment.length).toBeLessThanOrEqual(previous);
      expect(comment).toMatch(/leaves out|JSON artifact/);
      previous = comment.length;
    }
    const small = renderComment(huge, { ...OPTIONS, maxLength: 10_000 });
    expect(small).toContain('the layer chart');
    expect(small).toMatch(/^### 📦 huge: /);
  });

  it('measures the summary in UTF-8 bytes, not characters', () => {
    const summary = renderSummary(huge, { ...OPTIONS, maxLength: 100_000 });
    expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(100_000);
    expect(summary).toContain('the job summary under 1 MiB');
  });
});

describe('build context size', () => {
  it('calls out a context over 100 MB, and stays quiet below', () => {
    const small = growingPr();
    expect(renderComment(small, OPTIONS)).not.toContain('The build context is');
    const large = growingPr();
    large.images[0]!.buildContext = { files: 120_000, bytes: 850_000_000 };
    expect(renderComment(large, OPTIONS)).toContain(
      '⚠️ The build context is 850.0 MB in 120000 files: it is sent to the engine on every build.',
    );
  });
});

describe('a Dockerfile removed in the pull request', () => {
  it('is listed with the commit it existed at, without sizes or a budget failure', () => {
    const report = growingPr();
    const image = report.images[0]!;
    Object.assign(image, {
      head: null,
      base: null,
      delta: null,
      layerChanges: [],
      buildSteps: [],
      baseline: { source: 'none', ref: 'abc123', reason: 'removed' },
      budget: { status: 'pass', violations: [] },
    });
    const comment = renderComment(report, OPTIONS);
    expect(comment).toContain(`📦 ${image.name}: removed in this change`);
    expect(comment).toContain('was removed; it existed at <code>abc123</code>.');
    expect(comment).not.toContain('No baseline');
  });
});

describe('a build baseline', () => {
  it('says how much of the base build came from the cache', () => {
    const report = growingPr();
    report.images[0]!.baseline = {
      source: 'build',
      ref: 'origin/main',
      cache: { cachedSteps: 5, totalSteps: 7 },
    };
    expect(renderComment(report, OPTIONS)).toContain(
      'Compared with a build of <code>origin/main</code> (5 of 7 steps from the build cache).',
    );
  });
});

describe('a stored baseline', () => {
  it('names the commit of the stored report', () => {
    const report = growingPr();
    report.images[0]!.baseline = { source: 'stored', ref: 'abc123' };
    const comment = renderComment(report, OPTIONS);
    expect(comment).toContain('Compared with the stored report of <code>abc123</code>.');
    expect(comment).not.toContain('Compared with a build');
  });

  it("says when the report is an ancestor's, not the base commit's", () => {
    const report = growingPr();
    report.images[0]!.baseline = {
      source: 'stored',
      ref: 'abc123',
      note: '2 commits before the base commit def456, which has no stored report',
    };
    expect(renderComment(report, OPTIONS)).toContain(
      'Compared with the stored report of <code>abc123</code>, 2 commits before the base commit def456, which has no stored report.',
    );
  });
});

describe('a baseline with unchanged build inputs', () => {
  it('says the base was not built because nothing the build reads changed', () => {
    const report = growingPr();
    report.images[0]!.baseline = { source: 'unchanged', ref: 'abc123' };
    const comment = renderComment(report, OPTIONS);
    expect(comment).toContain(
      'Unchanged since <code>abc123</code>: no file this build reads changed, so the base was not built.',
    );
    expect(comment).not.toContain('Compared with a build');
  });
});
