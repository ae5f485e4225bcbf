import { describe, expect, it } from '@jest/globals';
import { lintDockerfile } from '../../src/lint/engine.js';
import { fixDockerfile } from '../../src/lint/fixer.js';
import { parsePatch, type DiffFile } from '../../src/publish/patch.js';
import {
  buildSuggestions,
  parseMarker,
  renderMarker,
  renderSuggestion,
  splitLines,
  type SuggestedChange,
} from '../../src/publish/suggested-changes.js';

const FILE = 'services/api/Dockerfile';

/** The diff of a new file: every line added. */
function added(text: string): DiffFile {
  const lines = text.replace(/\r?\n$/, '').split('\n');
  return {
    path: FILE,
    hunks: parsePatch(`@@ -0,0 +1,${lines.length} @@\n${lines.map((l) => `+${l}`).join('\n')}`),
  };
}

/** Suggestions for `text` with the real rules, every finding reported as the lint step reports it. */
function suggest(text: string, diff: DiffFile = added(text)) {
  const lint = (t: string) => lintDockerfile(FILE, t);
  const reported = lint(text).map(({ fix: _fix, ...finding }) => finding);
  return buildSuggestions({ diff, text, reported, lint });
}

/** `text` with one suggestion applied as GitHub commits it: its lines replaced by the block's. */
function apply(text: string, s: SuggestedChange): string {
  const lines = splitLines(text);
  lines.splice(s.startLine - 1, s.endLine - s.startLine + 1, ...s.replacement);
  return lines.join('\n');
}

describe('buildSuggestions', () => {
  it('suggests one line with every fix of that line, clashing inserts applied one after the other', () => {
    const text = 'FROM debian:12\nRUN apt-get install bash\nCOPY . /app\n';
    const { suggestions, outsideDiff } = suggest(text);
    expect(outsideDiff).toBe(0);
    expect(suggestions).toHaveLength(1);
    const [s] = suggestions;
    expect(s).toMatchObject({ path: FILE, startLine: 2, endLine: 2, original: ['RUN apt-get install bash'] });
    // Both inserts want the same spot: the second comes from a second pass, as `docker-diet fix` does it.
    expect(s!.replacement).toEqual([splitLines(fixDockerfile(FILE, text).text)[1]]);
    expect(s!.replacement[0]).toMatch(
      /^RUN apt-get install (-y --no-install-recommends|--no-install-recommends -y) bash$/,
    );
    expect(s!.fixes.map((f) => f.rule).sort()).toEqual(['apt-get-missing-y', 'apt-no-install-recommends']);
    // Applied, the line re-lints without those findings.
    const after = lintDockerfile(FILE, apply(text, s!)).map((f) => f.rule);
    expect(after).not.toContain('apt-get-missing-y');
    expect(after).not.toContain('apt-no-install-recommends');
  });

  it('replaces the whole of a RUN continued over several lines, keeping its continuations', () => {
    const text = [
      'FROM debian:12',
      'RUN apt-get update && \\',
      '    apt-get install -y curl && \\',
      '    echo done',
      'USER nobody',
    ].join('\n');
    const { suggestions } = suggest(text);
    expect(suggestions).toHaveLength(1);
    expect(suggestions[0]).toMatchObject({ startLine: 2, endLine: 4 });
    expect(suggestions[0]!.replacement).toEqual([
      'RUN apt-get update && \\',
      '    apt-get install --no-install-recommends -y curl && \\',
      '    echo done && rm -rf /var/lib/apt/lists/*',
    ]);
    expect(suggestions[0]!.fixes.map((f) => f.rule).sort()).toEqual([
      'apt-lists-not-removed',
      'apt-no-install-recommends',
    ]);
    const after = lintDockerfile(FILE, apply(text, suggestions[0]!)).map((f) => f.rule);
    expect(after).toEqual(expect.not.arrayContaining(['apt-lists-not-removed', 'apt-no-install-recommends']));
  });

  it('narrows to the lines the edits change when the diff does not show the whole instruction', () => {
    const text = [
      'FROM debian:12',
      'RUN apt-get update && \\',
      '    apt-get install -y curl && \\',
      '    echo done',
    ].join('\n');
    // Only lines 3-4 are shown: line 3 added, line 4 context.
    const diff: DiffFile = {
      path: FILE,
      hunks: parsePatch(
        '@@ -3,2 +3,2 @@\n-    apt-get install curl && \\\n+    apt-get install -y curl && \\\n     echo done',
      ),
    };
    const { suggestions } = suggest(text, diff);
    expect(suggestions).toHaveLength(1);
    expect(suggestions[0]).toMatchObject({ startLine: 3, endLine: 4 });
    expect(suggestions[0]!.original).toEqual(['    apt-get install -y curl && \\', '    echo done']);
  });

  it('leaves findings on lines the pull request did not add to the comment and annotations', () => {
    const text = 'FROM debian:12\nRUN apt-get install bash\nEXPOSE 80/TCP\n';
    // Line 2 is only context; line 3 was added.
    const diff: DiffFile = {
      path: FILE,
      hunks: parsePatch('@@ -1,2 +1,3 @@\n FROM debian:12\n RUN apt-get install bash\n+EXPOSE 80/TCP'),
    };
    const { suggestions, outsideDiff } = suggest(text, diff);
    expect(suggestions.map((s) => [s.startLine, s.replacement])).toEqual([[3, ['EXPOSE 80/tcp']]]);
    expect(outsideDiff).toBe(2);
  });

  it('suggests only what the report shows (a finding the report left out gets none)', () => {
    const text = 'FROM debian:12\nEXPOSE 80/TCP\n';
    const lint = (t: string) => lintDockerfile(FILE, t);
    expect(buildSuggestions({ diff: added(text), text, reported: [], lint }).suggestions).toEqual([]);
  });

  it('gives no suggestion when the workspace file is not the pull request head (lines differ)', () => {
    const text = 'FROM debian:12\nEXPOSE 80/TCP\n';
    const diff: DiffFile = {
      path: FILE,
      hunks: parsePatch('@@ -1,2 +1,2 @@\n FROM debian:12\n+EXPOSE 81/TCP'),
    };
    expect(suggest(text, diff).suggestions).toEqual([]);
  });

  it('counts lines of a CRLF file as the diff does and writes the replacement without \\r', () => {
    const text = 'FROM debian:12\r\nMAINTAINER ops@example.com\r\nEXPOSE 80/TCP\r\n';
    const diff: DiffFile = {
      path: FILE,
      hunks: parsePatch(
        '@@ -0,0 +1,3 @@\n+FROM debian:12\r\n+MAINTAINER ops@example.com\r\n+EXPOSE 80/TCP\r',
      ),
    };
    const { suggestions } = suggest(text, diff);
    expect(suggestions.map((s) => [s.startLine, s.endLine, s.replacement])).toEqual([
      [2, 2, ['LABEL org.opencontainers.image.authors="ops@example.com"']],
      [3, 3, ['EXPOSE 80/tcp']],
    ]);
    expect(suggestions.every((s) => s.replacement.every((l) => !l.includes('\r')))).toBe(true);
  });

  it('never suggests over a heredoc: its body and delimiter stay as written', () => {
    const text = ['FROM debian:12', 'RUN <<EOF', 'apt-get install curl', 'EOF', 'EXPOSE 80/TCP'].join('\n');
    // The apt rules see the heredoc's commands and would edit its body.
    const fixes = lintDockerfile(FILE, text).filter((f) => f.fix);
    expect(fixes.some((f) => f.fix!.some((e) => e.range.start.line === 2))).toBe(true);
    const { suggestions } = suggest(text);
    expect(suggestions.map((s) => [s.startLine, s.endLine])).toEqual([[5, 5]]);
  });

  it('leaves a heredoc beside fixed lines byte for byte', () => {
    const text = [
      'FROM debian:12',
      'RUN <<EOF',
      'apt-get update',
      'apt-get install curl',
      'EOF',
      'RUN apt-get install -y curl',
      'EXPOSE 80/TCP',
    ].join('\n');
    const { suggestions } = suggest(text);
    expect(suggestions.map((s) => [s.startLine, s.endLine])).toEqual([
      [6, 6],
      [7, 7],
    ]);
    let fixed = text;
    for (const s of [...suggestions].reverse()) fixed = apply(fixed, s);
    expect(splitLines(fixed).slice(1, 5)).toEqual(splitLines(text).slice(1, 5));
    expect(splitLines(fixed)[5]).toBe('RUN apt-get install --no-install-recommends -y curl');
  });

  it('numbers the fingerprints of identical lines and keeps them when lines above move', () => {
    const text = 'FROM debian:12\nEXPOSE 80/TCP\nEXPOSE 80/TCP\n';
    const first = suggest(text).suggestions;
    expect(first).toHaveLength(2);
    expect(first[1]!.fingerprint).toBe(`${first[0]!.fingerprint}-2`);
    const moved = suggest(`# a comment\n${text}`).suggestions;
    expect(moved.map((s) => [s.startLine, s.fingerprint])).toEqual([
      [3, first[0]!.fingerprint],
      [4, first[1]!.fingerprint],
    ]);
  });

  it('is empty for a file without fixable findings', () => {
    expect(suggest('FROM debian:12\nCOPY . /app\n').suggestions).toEqual([]);
  });
});

describe('suggestion comments', () => {
  const change: SuggestedChange = {
    path: 'dir with space/Dockerfile',
    startLine: 4,
    endLine: 5,
    original: ['RUN a \\', '  b'],
    replacement: ['RUN a \\', '  b # ```'],
    fixes: [
      { rule: 'expose-proto-casing', message: 'Use `80/tcp` @team' },
      { rule: 'apt-get-missing-y', message: 'Add -y' },
    ],
    fingerprint: '0123456789abcdef-2',
  };

  it('round-trips the marker, paths with spaces included', () => {
    const marker = {
      rules: ['a-rule', 'b-rule'],
      path: 'dir with space/Dockerfile',
      fingerprint: '0123456789abcdef',
    };
    expect(parseMarker(renderMarker(marker))).toEqual(marker);
    expect(parseMarker(`${renderMarker(marker)}\nmore text`)).toEqual(marker);
    expect(parseMarker(renderSuggestion(change))).toEqual({
      rules: ['apt-get-missing-y', 'expose-proto-casing'],
      path: change.path,
      fingerprint: change.fingerprint,
    });
  });

  it('does not take other comments for suggestions', () => {
    expect(parseMarker('Looks good')).toBeUndefined();
    expect(parseMarker('<!-- docker-diet -->\n## 📦 docker-diet')).toBeUndefined();
    expect(
      parseMarker('text\n<!-- docker-diet:suggestion rules=a file=x fp=0123456789abcdef -->'),
    ).toBeUndefined();
    expect(
      parseMarker('<!-- docker-diet:suggestion rules=a file=%E0%A4%A fp=0123456789abcdef -->'),
    ).toBeUndefined();
  });

  it('fences the block so the replacement cannot close it, and defuses mentions in messages', () => {
    const body = renderSuggestion(change);
    const lines = body.split('\n');
    expect(lines).toContain('````suggestion');
    expect(lines.slice(-4)).toEqual(['````suggestion', 'RUN a \\', '  b # ```', '````']);
    expect(body).not.toContain('@team');
    expect(body).toContain('[expose-proto-casing](');
  });
});
