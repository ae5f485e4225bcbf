/**
 * The fixer's pieces: appendToRun (where ` && …` goes at the end of a RUN, and when it declines),
 * fixDockerfile (passes, clashing fixes, the pass bound and the loop guard) and the unified diff.
 */
import { describe, expect, it } from '@jest/globals';
import { parseDockerfile } from '../../src/dockerfile/model.js';
import { appendToRun, applyFixes } from '../../src/lint/fix.js';
import { MAX_FIX_PASSES, fixDockerfile } from '../../src/lint/fixer.js';
import type { Rule } from '../../src/lint/types.js';
import { unifiedDiff } from '../../src/lint/unified-diff.js';

/** The text with ` && X` appended to its first RUN, or undefined when appendToRun declines. */
const append = (text: string): string | undefined => {
  const model = parseDockerfile('D', text);
  const run = model.instructions.find((i) => i.keyword === 'RUN')!;
  const edit = appendToRun(model, run, ' && X');
  return edit && applyFixes(text, [edit]).text;
};

describe('appendToRun', () => {
  it('appends after the last line of code, before a trailing comment and a dangling continuation', () => {
    expect(append('FROM a\nRUN a \\\n  && b # why\nCMD c')).toBe(
      'FROM a\nRUN a \\\n  && b && X # why\nCMD c',
    );
    expect(append('FROM a\r\nRUN a \\\r\n  # note\r\n  b \\\r\n\r\n')).toBe(
      'FROM a\r\nRUN a \\\r\n  # note\r\n  b && X \\\r\n\r\n',
    );
    expect(append('FROM a\nRUN echo \'#not a comment\' "# nor this"')).toBe(
      'FROM a\nRUN echo \'#not a comment\' "# nor this" && X',
    );
    expect(append('FROM a\nRUN if true; then b; fi')).toBe('FROM a\nRUN if true; then b; fi && X');
  });

  it('declines what `&& …` cannot follow, or text it cannot be sure of', () => {
    for (const text of [
      'FROM a\nRUN ["a", "b"]',
      'FROM a\nRUN <<EOF\na\nEOF',
      'FROM a\nRUN a &',
      'FROM a\nRUN a;# a comment after an operator',
      'FROM a\nRUN a `&& b',
      'FROM a\nRUN a ||',
      'FROM a\nRUN a |',
      'FROM a\nRUN if true; then',
      "FROM a\nRUN echo 'open \\\n still open",
      '# escape=`\nFROM a\nRUN a',
      'FROM a\nSHELL ["cmd", "/S", "/C"]\nRUN a',
    ]) {
      expect([text, append(text)]).toEqual([text, undefined]);
    }
    expect(append('FROM a\nSHELL ["/bin/bash", "-c"]\nRUN a')).toBe(
      'FROM a\nSHELL ["/bin/bash", "-c"]\nRUN a && X',
    );
  });
});

/** A fixable test rule that reports the first line not yet ending in `!` and fixes it by adding one. */
const bang = (max = Infinity): Rule => ({
  meta: {
    id: 'bang',
    severity: 'info',
    category: 'correctness',
    aliases: [],
    description: 'Lines end with !.',
    messages: { bang: 'no bang' },
    fixable: true,
  },
  check({ model, report }) {
    const line = model.lines.findIndex((l, i) => i < max && l !== '' && !l.endsWith('!'));
    if (line === -1) return;
    const at = { line, character: model.lines[line]!.length };
    report({ start: at, end: at }, 'bang', undefined, [{ range: { start: at, end: at }, text: '!' }]);
  },
});

const bang_ = (id: string): Rule => ({ ...bang(), meta: { ...bang().meta, id } });

describe('fixDockerfile', () => {
  it('re-lints after each pass, so one fix can follow another', () => {
    const out = fixDockerfile('D', 'FROM a\nRUN b\nRUN c\n', { rules: [bang()] });
    expect(out.text).toBe('FROM a!\nRUN b!\nRUN c!\n');
    expect(out.fixed).toEqual(['bang', 'bang', 'bang']);
    expect(out.passes).toBe(4);
  });

  it('stops after MAX_FIX_PASSES', () => {
    const text = Array.from({ length: MAX_FIX_PASSES + 5 }, (_, i) => `RUN ${i}`).join('\n');
    const out = fixDockerfile('D', text, { rules: [bang()] });
    expect(out.passes).toBe(MAX_FIX_PASSES);
    expect(out.fixed).toHaveLength(MAX_FIX_PASSES);
  });

  it('stops when a fix brings back a text seen before', () => {
    // Two rules that undo each other: one wants a `!` at the end of line 2, the other none.
    const want = (id: string, bang: boolean): Rule => ({
      ...bang_(id),
      check({ model, report }) {
        const line = model.lines[1] ?? '';
        if (line.endsWith('!') === bang) return;
        const end = { line: 1, character: line.length };
        const start = bang ? end : { line: 1, character: line.length - 1 };
        report({ start, end }, 'bang', undefined, [{ range: { start, end }, text: bang ? '!' : '' }]);
      },
    });
    const out = fixDockerfile('D', 'FROM a\nRUN b', { rules: [want('add', true), want('drop', false)] });
    expect(out.text).toBe('FROM a\nRUN b!');
    expect(out.passes).toBe(2);
  });

  it('undoes a fix after which its finding is still there, and does not try it again', () => {
    const stubborn: Rule = {
      ...bang(),
      check({ model, report }) {
        const at = { line: 0, character: model.lines[0]!.length };
        report({ start: at, end: at }, 'bang', undefined, [{ range: { start: at, end: at }, text: '?' }]);
      },
    };
    const out = fixDockerfile('D', 'FROM a\nRUN b', {
      rules: [stubborn, { ...bang(), meta: { ...bang().meta, id: 'bang2' } }],
    });
    expect(out.text).toBe('FROM a!\nRUN b!');
    expect(out.fixed).toEqual(['bang2', 'bang2']);
  });

  it('fixes only the rules asked for', () => {
    expect(fixDockerfile('D', 'FROM a\nRUN b', { rules: [bang()], only: new Set(['other']) }).fixed).toEqual(
      [],
    );
  });
});

describe('unifiedDiff', () => {
  it('prints hunks with three lines of context, removals before additions', () => {
    const before = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', ''].join('\n');
    const after = ['1', 'two', '3', '4', '5', '6', '7', '8', '9', '10', 'eleven', ''].join('\n');
    expect(unifiedDiff('D', before, after)).toBe(
      [
        '--- a/D',
        '+++ b/D',
        '@@ -1,5 +1,5 @@',
        ' 1',
        '-2',
        '+two',
        ' 3',
        ' 4',
        ' 5',
        '@@ -8,3 +8,4 @@',
        ' 8',
        ' 9',
        ' 10',
        '+eleven',
        '',
      ].join('\n'),
    );
  });

  it('is empty for equal texts and marks a missing final newline and CRLF lines', () => {
    expect(unifiedDiff('D', 'a', 'a')).toBe('');
    expect(unifiedDiff('D', 'a\r\nb', 'a\r\nc')).toBe(
      '--- a/D\n+++ b/D\n@@ -1,2 +1,2 @@\n a\r\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n',
    );
  });
});
