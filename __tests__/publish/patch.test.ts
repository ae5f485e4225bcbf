import { describe, expect, it } from '@jest/globals';
import { diffFiles, hunkFor, parsePatch, touches } from '../../src/publish/patch.js';

describe('parsePatch', () => {
  it('numbers added and context lines on the new side, skipping removed ones', () => {
    const patch = [
      '@@ -1,4 +1,5 @@',
      ' FROM debian:12',
      '-RUN apt-get update',
      '+RUN apt-get update && \\',
      '+    apt-get install curl',
      ' COPY . /app',
      '+USER app',
      ' CMD ["app"]',
    ].join('\n');
    const [hunk] = parsePatch(patch);
    expect(hunk).toMatchObject({ start: 1, end: 6 });
    expect([...hunk!.added]).toEqual([2, 3, 5]);
    expect([...hunk!.text.entries()]).toEqual([
      [1, 'FROM debian:12'],
      [2, 'RUN apt-get update && \\'],
      [3, '    apt-get install curl'],
      [4, 'COPY . /app'],
      [5, 'USER app'],
      [6, 'CMD ["app"]'],
    ]);
  });

  it('reads several hunks, each with its own lines', () => {
    const patch = [
      '@@ -2,3 +2,3 @@ FROM debian:12',
      ' A',
      '-B',
      '+b',
      ' C',
      '@@ -20,2 +20,3 @@ RUN x',
      ' Y',
      '+Z',
      ' W',
    ].join('\n');
    const hunks = parsePatch(patch);
    expect(hunks.map((h) => [h.start, h.end, [...h.added]])).toEqual([
      [2, 4, [3]],
      [20, 22, [21]],
    ]);
  });

  it('skips the "no newline at end of file" markers on either side', () => {
    const patch = [
      '@@ -1,2 +1,2 @@',
      ' FROM alpine',
      '-RUN apk add curl',
      '\\ No newline at end of file',
      '+RUN apk add --no-cache curl',
      '\\ No newline at end of file',
    ].join('\n');
    const hunks = parsePatch(patch);
    expect(hunks).toHaveLength(1);
    expect(hunks[0]).toMatchObject({ start: 1, end: 2 });
    expect(hunks[0]!.text.get(2)).toBe('RUN apk add --no-cache curl');
    expect([...hunks[0]!.text.keys()]).toEqual([1, 2]);
  });

  it('reads a new file (counts omitted for one line) and a hunk that only removes lines', () => {
    expect(parsePatch('@@ -0,0 +1 @@\n+FROM scratch').map((h) => [h.start, h.end, [...h.added]])).toEqual([
      [1, 1, [1]],
    ]);
    const removal = parsePatch('@@ -5,2 +4,0 @@\n-RUN a\n-RUN b')[0]!;
    expect(removal.end).toBeLessThan(removal.start);
    expect(hunkFor({ path: 'Dockerfile', hunks: [removal] }, 4, 4)).toBeUndefined();
    expect(hunkFor({ path: 'Dockerfile', hunks: [removal] }, 5, 5)).toBeUndefined();
  });

  it('keeps a context line whose leading space was trimmed, and a CRLF line with its \\r', () => {
    const [hunk] = parsePatch('@@ -1,3 +1,3 @@\n FROM a\r\n\n-X\r\n+Y\r');
    expect([...hunk!.text.entries()]).toEqual([
      [1, 'FROM a\r'],
      [2, ''],
      [3, 'Y\r'],
    ]);
  });

  it('gives no lines for a binary or too large file, which has no patch', () => {
    expect(parsePatch(undefined)).toEqual([]);
    expect(parsePatch('')).toEqual([]);
    expect(parsePatch('Binary files differ')).toEqual([]);
  });

  it('reads only what the header counts, whatever follows', () => {
    const [hunk] = parsePatch('@@ -1 +1 @@\n-a\n+b\n+not counted');
    expect([...hunk!.text.keys()]).toEqual([1]);
  });
});

describe('hunkFor and touches', () => {
  const file = {
    path: 'Dockerfile',
    hunks: parsePatch('@@ -1,3 +1,4 @@\n A\n+B\n C\n+D\n@@ -10,2 +11,2 @@\n E\n F'),
  };

  it('finds the one hunk that shows every line of a range', () => {
    expect(hunkFor(file, 1, 4)?.start).toBe(1);
    expect(hunkFor(file, 11, 12)?.start).toBe(11);
    // Across two hunks, or past a hunk: GitHub refuses those ranges.
    expect(hunkFor(file, 4, 11)).toBeUndefined();
    expect(hunkFor(file, 4, 5)).toBeUndefined();
  });

  it('tells whether the pull request added a line of the range', () => {
    expect(touches(hunkFor(file, 1, 2)!, 1, 2)).toBe(true);
    expect(touches(hunkFor(file, 3, 3)!, 3, 3)).toBe(false);
    expect(touches(hunkFor(file, 11, 12)!, 11, 12)).toBe(false);
  });
});

describe('diffFiles', () => {
  it('keys files by their head path, renamed ones by the new name, and drops what has no new lines', () => {
    const files = diffFiles([
      { filename: 'api/Dockerfile', status: 'modified', patch: '@@ -1 +1 @@\n-FROM a\n+FROM b' },
      {
        filename: 'worker/Dockerfile',
        previousFilename: 'old/Dockerfile',
        status: 'renamed',
        patch: '@@ -3,1 +3,2 @@\n RUN x\n+RUN y',
      },
      { filename: 'moved/Dockerfile', previousFilename: 'was/Dockerfile', status: 'renamed' },
      { filename: 'logo.png', status: 'added' },
      { filename: 'gone/Dockerfile', status: 'removed', patch: '@@ -1 +0,0 @@\n-FROM a' },
    ]);
    expect([...files.keys()]).toEqual(['api/Dockerfile', 'worker/Dockerfile']);
    expect(files.get('worker/Dockerfile')!.hunks[0]).toMatchObject({ start: 3, end: 4 });
    expect([...files.get('worker/Dockerfile')!.hunks[0]!.added]).toEqual([4]);
  });
});
