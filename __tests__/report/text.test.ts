import { describe, expect, it } from '@jest/globals';
import { createReport, type Finding } from '../../src/report/model.js';
import { renderText, summarise } from '../../src/report/text.js';

const finding = (overrides: Partial<Finding>): Finding => ({
  rule: 'apt-lists-not-removed',
  aliases: ['DL3009'],
  severity: 'warning',
  file: 'services/api/Dockerfile',
  line: 4,
  endLine: 5,
  column: 1,
  message: 'apt lists are left in this layer. Fix: rm -rf /var/lib/apt/lists/*',
  ...overrides,
});

describe('renderText', () => {
  const report = createReport('1.2.3', new Date(0));
  report.findings = [
    finding({}),
    finding({
      rule: 'dockerfile-syntax',
      severity: 'error',
      line: 9,
      endLine: 9,
      column: 3,
      message: 'no FROM',
    }),
    finding({ file: 'Dockerfile', rule: 'numeric-stage-reference', severity: 'info', line: 2, message: 'n' }),
  ];

  it('prints one `file:line:col severity rule message` line per finding, then a summary', () => {
    expect(renderText(report)).toBe(
      [
        'services/api/Dockerfile:4:1 warning apt-lists-not-removed apt lists are left in this layer. Fix: rm -rf /var/lib/apt/lists/*',
        'services/api/Dockerfile:9:3 error dockerfile-syntax no FROM',
        'Dockerfile:2:1 info numeric-stage-reference n',
        '',
        '3 findings (1 error, 1 warning, 1 info) in 2 files',
        '',
      ].join('\n'),
    );
  });

  it('colours only when asked, and the plain text survives stripping the colours', () => {
    const coloured = renderText(report, { color: true });
    expect(coloured).toContain('\u001b[31merror\u001b[0m');
    expect(coloured).toContain('\u001b[33mwarning\u001b[0m');
    expect(coloured).toContain('\u001b[36minfo\u001b[0m');
    // eslint-disable-next-line no-control-regex -- matching the ESC of ANSI colour codes is the point
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(renderText(report));
    expect(renderText(report)).not.toContain('\u001b[');
  });

  it('says so when there are no findings', () => {
    expect(renderText(createReport('1.2.3'))).toBe('No lint findings.\n');
  });
});

describe('summarise', () => {
  it('counts per severity, leaving zero counts out', () => {
    expect(summarise([finding({})])).toBe('1 finding (1 warning) in 1 file');
    expect(summarise([finding({}), finding({ severity: 'error' }), finding({ severity: 'error' })])).toBe(
      '3 findings (2 errors, 1 warning) in 1 file',
    );
  });
});

describe('layer chart in text', () => {
  it('draws the final-stage layers as an ASCII bar chart without colour', async () => {
    const { growingPr } = await import('./markdown-fixtures.js');
    const text = renderText(growingPr());
    expect(text).toContain(': final-stage layers');
    expect(text).toMatch(/#{5,}/);
  });
});

describe('a stored baseline in text', () => {
  it('names the commit of the stored report, and the note when it is an ancestor', async () => {
    const { growingPr } = await import('./markdown-fixtures.js');
    const report = growingPr();
    report.images[0]!.baseline = {
      source: 'stored',
      ref: 'abc123',
      note: '2 commits before the base commit def456, which has no stored report',
    };
    const text = renderText(report);
    expect(text).toContain(
      '  compared with the stored report of abc123, 2 commits before the base commit def456, which has no stored report\n',
    );
  });
});

describe('a baseline with unchanged build inputs in text', () => {
  it('says the base was not built', async () => {
    const { growingPr } = await import('./markdown-fixtures.js');
    const report = growingPr();
    report.images[0]!.baseline = { source: 'unchanged', ref: 'abc123' };
    expect(renderText(report)).toContain(
      '  unchanged since abc123: no file the build reads changed, so the base was not built\n',
    );
  });
});
