/**
 * Text edits: applyFixes (positions, overlaps, line endings), insertAfterSubcommand (finding the
 * place in the source of a RUN, or declining when it cannot be sure), and fixes end to end through the
 * engine with the fixable rules.
 */
import { describe, expect, it } from '@jest/globals';
import { lintDockerfile } from '../../src/lint/engine.js';
import { applyFixes, insertAfterSubcommand } from '../../src/lint/fix.js';
import { parseDockerfile } from '../../src/dockerfile/model.js';
import { RULES } from '../../src/lint/rules/index.js';
import type { TextEdit } from '../../src/lint/types.js';

const FIXABLE = [
  'apk-no-cache',
  'apt-get-missing-y',
  'apt-lists-not-removed',
  'apt-no-install-recommends',
  'chown-in-separate-layer',
  'cleanup-in-separate-layer',
  'consecutive-run',
  'copy-sources-need-dir-dest',
  'dnf-cache-not-cleaned',
  'expose-proto-casing',
  'from-as-casing',
  'legacy-key-value-format',
  'maintainer-deprecated',
  'no-empty-continuation',
  'npm-cache-not-cleaned',
  'numeric-stage-reference',
  'package-manager-missing-y',
  'pip-no-cache-dir',
  'prefer-apt-get',
  'prefer-copy',
  'stage-name-casing',
  'useradd-without-l',
  'yarn-cache-not-cleaned',
  'yum-cache-not-cleaned',
  'zypper-cache-not-cleaned',
];

const at = (line: number, character: number) => ({ line, character });
const insert = (line: number, character: number, text: string): TextEdit => ({
  range: { start: at(line, character), end: at(line, character) },
  text,
});
const replace = (from: [number, number], to: [number, number], text: string): TextEdit => ({
  range: { start: at(...from), end: at(...to) },
  text,
});

describe('applyFixes', () => {
  it('applies edits given in any order, by position', () => {
    const result = applyFixes('ab\ncd\nef', [
      insert(2, 1, 'X'),
      replace([0, 0], [0, 1], 'A'),
      insert(1, 2, '!'),
    ]);
    expect(result.text).toBe('Ab\ncd!\neXf');
    expect(result.skipped).toEqual([]);
    expect(result.applied).toHaveLength(3);
  });

  it('skips an edit that overlaps one given before it, and two inserts at the same place', () => {
    const first = replace([0, 1], [0, 3], '-');
    const overlapping = replace([0, 2], [0, 4], '+');
    const sameSpot = insert(1, 0, 'b');
    const result = applyFixes('abcdef\nxyz', [first, overlapping, insert(1, 0, 'a'), sameSpot]);
    expect(result.text).toBe('a-def\naxyz');
    expect(result.skipped).toEqual([overlapping, sameSpot]);
  });

  it('keeps CRLF and lone CR line endings, and clamps positions past the end of a line', () => {
    expect(applyFixes('a\r\nb\rc\n', [insert(0, 9, '1'), insert(1, 1, '2'), insert(2, 1, '3')]).text).toBe(
      'a1\r\nb2\rc3\n',
    );
    expect(applyFixes('a', [insert(5, 0, 'x')]).text).toBe('ax');
  });

  it('an edit touching another one is not an overlap', () => {
    expect(applyFixes('abc', [replace([0, 0], [0, 1], 'A'), replace([0, 1], [0, 2], 'B')]).text).toBe('ABc');
  });
});

describe('insertAfterSubcommand', () => {
  const edits = (text: string, program: string, sub: string, wanted: boolean[]) => {
    const model = parseDockerfile('D', text);
    const run = model.instructions.find((i) => i.keyword === 'RUN')!;
    const found = insertAfterSubcommand(model, run, program, sub, wanted, ' -y');
    return found && applyFixes(text, found).text;
  };

  it('inserts after the subcommand, across options and continuations', () => {
    expect(edits('FROM a\nRUN apt-get -q \\\n    install curl', 'apt-get', 'install', [true])).toBe(
      'FROM a\nRUN apt-get -q \\\n    install -y curl',
    );
  });

  it('only at the occurrences wanted', () => {
    const text = 'FROM a\nRUN apt-get install -y a && /usr/bin/apt-get install b';
    expect(edits(text, 'apt-get', 'install', [false, true])).toBe(
      'FROM a\nRUN apt-get install -y a && /usr/bin/apt-get install -y b',
    );
  });

  it('does not read `apt` inside `apt-get`, or a subcommand inside a longer word', () => {
    expect(edits('FROM a\nRUN apt-get install x', 'apt', 'install', [true])).toBeUndefined();
    expect(edits('FROM a\nRUN apt reinstall x', 'apt', 'install', [true])).toBeUndefined();
  });

  it('declines the exec form and a source that does not show the commands', () => {
    expect(edits('FROM a\nRUN ["apt-get", "install", "x"]', 'apt-get', 'install', [true])).toBeUndefined();
    expect(
      edits('FROM a\nRUN sh -c "apt-get install x"', 'apt-get', 'install', [true, true]),
    ).toBeUndefined();
  });
});

describe('fixes', () => {
  it('findings of fixable rules keep their edits; applied, the file re-lints clean', () => {
    const text =
      'FROM alpine:3.20\r\nMAINTAINER Jane <j@e.x>\r\nENV A b c\r\nEXPOSE 80/TCP\r\nRUN apk add curl \\\r\n  && apt-get install git # comment\r\n';
    const ids = [
      'maintainer-deprecated',
      'legacy-key-value-format',
      'expose-proto-casing',
      'apk-no-cache',
      'apt-get-missing-y',
    ];
    const rules = RULES.filter((r) => ids.includes(r.meta.id));
    const findings = lintDockerfile('D', text, { rules });
    expect(findings.map((f) => [f.rule, f.fix?.length])).toEqual([
      ['maintainer-deprecated', 1],
      ['legacy-key-value-format', 1],
      ['expose-proto-casing', 1],
      ['apk-no-cache', 1],
      ['apt-get-missing-y', 1],
    ]);
    const fixed = applyFixes(
      text,
      findings.flatMap((f) => f.fix ?? []),
    ).text;
    expect(fixed).toBe(
      'FROM alpine:3.20\r\nLABEL org.opencontainers.image.authors="Jane <j@e.x>"\r\nENV A="b c"\r\nEXPOSE 80/tcp\r\nRUN apk add --no-cache curl \\\r\n  && apt-get install -y git # comment\r\n',
    );
    expect(lintDockerfile('D', fixed, { rules })).toEqual([]);
  });

  it('only rules marked fixable are', () => {
    expect(RULES.filter((r) => r.meta.fixable).map((r) => r.meta.id)).toEqual(FIXABLE);
  });
});
