// The sticky comment's body without GitHub: sections keep their hidden numbers, and the overview
// appears (with anchors) only once there are several images.
import { describe, expect, it } from '@jest/globals';
import {
  composeComment,
  parseSections,
  readSections,
  type StoredSection,
} from '../../src/publish/comment.js';
import type { SectionSummary } from '../../src/report/overview.js';

const numbers = (delta: number): SectionSummary => ({
  size: 50_000_000,
  delta,
  deltaPercent: null,
  pullSize: null,
  findings: 1,
  budget: 'warn',
});

describe('composeComment', () => {
  it('has no overview and no anchors for a single image', () => {
    const body = composeComment(new Map([['api', { text: 'api section', summary: numbers(1) }]]));
    expect(body).not.toContain('| Image |');
    expect(body).not.toContain('<a name=');
    expect(readSections(body).get('api')).toEqual({ text: 'api section', summary: numbers(1) });
  });

  it('opens with the overview, sorted by absolute growth, linking to an anchor before each section', () => {
    const body = composeComment(
      new Map<string, string | StoredSection>([
        ['api', { text: 'api section', summary: numbers(1_000) }],
        ['web', { text: 'web section', summary: numbers(-9_000_000) }],
        ['worker', 'written by an older docker-diet'],
      ]),
    );
    const overview = body.indexOf('| Image |');
    expect(overview).toBeGreaterThan(0);
    expect(overview).toBeLessThan(body.indexOf('<!-- docker-diet:section:'));
    const links = [...body.matchAll(/^\| \[(\w+)\]\(#([\w-]+)\)/gm)].map((m) => `${m[1]} #${m[2]}`);
    expect(links).toEqual(['web #docker-diet-web', 'api #docker-diet-api', 'worker #docker-diet-worker']);
    for (const name of ['api', 'web', 'worker']) {
      expect(body).toContain(`<a name="docker-diet-${name}"></a>\n<!-- docker-diet:section:${name}`);
    }
    expect([...parseSections(body)]).toEqual([
      ['api', 'api section'],
      ['web', 'web section'],
      ['worker', 'written by an older docker-diet'],
    ]);
    // The overview is not part of any section, so a job replacing its own never copies a stale one.
    expect([...parseSections(body).values()].join('\n')).not.toContain('| Image |');
  });

  it('gives names that slug alike different anchors', () => {
    const body = composeComment(
      new Map([
        ['a/b', 'one'],
        ['a-b', 'two'],
      ]),
    );
    expect(body).toContain('(#docker-diet-a-b)');
    expect(body).toContain('(#docker-diet-a-b-2)');
  });

  it('ignores hidden numbers that are not a summary, keeping the section', () => {
    const forged = Buffer.from(JSON.stringify({ size: 'huge' })).toString('base64url');
    const body = `<!-- docker-diet -->\n<!-- docker-diet:section:api -->\n<!-- docker-diet:data:${forged} -->\n\ntext\n\n<!-- docker-diet:end:api -->\n`;
    expect(readSections(body).get('api')).toEqual({ text: 'text' });
  });

  it('keeps the numbers inside the section, where section text cannot forge them', () => {
    const forged = Buffer.from(JSON.stringify(numbers(-1))).toString('base64url');
    const body = composeComment(
      new Map([['api', { text: `<!-- docker-diet:data:${forged} -->\nreal text`, summary: numbers(7) }]]),
    );
    expect(body).toMatch(/<!-- docker-diet:section:api -->\n<!-- docker-diet:data:[\w-]+ -->\n/);
    expect(readSections(body).get('api')?.summary).toEqual(numbers(7));
    // What an older docker-diet (which knows no data line) reads: the section, whole.
    const older = /<!-- docker-diet:section:api -->\n([\s\S]*?)\n?<!-- docker-diet:end:api -->/.exec(body);
    expect(older?.[1]).toContain('real text');
  });
});
