/**
 * The model reads instruction bounds without dockerfile-ast's tree: they must be exactly what
 * dockerfile-ast finds (ranges and keywords as written) on every file the scanner answers for.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { DockerfileParser } from 'dockerfile-ast';
import fc from 'fast-check';
import { generateCorpus } from '../../bench/lint.js';
import { scanInstructionBounds } from '../../src/dockerfile/instruction-bounds.js';
import { parseDockerfile } from '../../src/dockerfile/model.js';

/** dockerfile-ast's own reading of `text`. */
const reference = (text: string) =>
  DockerfileParser.parse(text)
    .getInstructions()
    .map((i) => ({ written: i.getInstruction(), range: i.getRange() }));

function dockerfilesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return dockerfilesUnder(file);
    return /dockerfile/i.test(name) ? [readFileSync(file, 'utf8')] : [];
  });
}

// The characters that change how dockerfile-ast reads a file: blanks, line ends, escapes, comments.
const PIECES = [
  'RUN',
  'run',
  'FROM',
  'fr\\\nom',
  'COPY',
  'ENV',
  'x',
  'a=b',
  '--from=0',
  ' ',
  '  ',
  '\t',
  '\n',
  '\r\n',
  '\r',
  '\\',
  '\\\n',
  '\\ \n',
  '\\\t\n',
  '\\\r\n',
  '\\ x',
  '#',
  '# c',
  '\n# c\n',
  '\\\n# c\n',
  '\\\n\n',
  '"',
  "'",
  '`',
  '$X',
  '\uFEFF',
  '=',
];
const texts = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((p) => p.join(''));

describe('scanInstructionBounds', () => {
  it('finds what dockerfile-ast finds in generated text full of escapes, comments and line ends', () => {
    let answered = 0;
    fc.assert(
      fc.property(texts, (text) => {
        const bounds = scanInstructionBounds(text);
        if (bounds === undefined) return;
        answered += 1;
        expect(bounds).toEqual(reference(text));
      }),
      { numRuns: 3000 },
    );
    // Most generated texts have neither a `<` nor a directive: the comparison was made.
    expect(answered).toBeGreaterThan(1000);
  });

  it('finds what dockerfile-ast finds in the fixtures and the bench corpus', () => {
    const files = [
      ...dockerfilesUnder(fileURLToPath(new URL('../fixtures', import.meta.url))),
      ...generateCorpus(300),
    ];
    const answered = files.filter((text) => scanInstructionBounds(text) !== undefined);
    expect(answered.length).toBeGreaterThan(250);
    for (const text of answered) expect(scanInstructionBounds(text)).toEqual(reference(text));
  });

  it('leaves files with a heredoc or a parser directive to dockerfile-ast', () => {
    expect(scanInstructionBounds('FROM a\nRUN <<EOF\nx\nEOF\n')).toBeUndefined();
    expect(scanInstructionBounds('# escape=`\nFROM a\n')).toBeUndefined();
    expect(scanInstructionBounds('\uFEFF  #syntax=x\nFROM a\n')).toBeUndefined();
    expect(scanInstructionBounds('# a comment\nFROM a\n')).toHaveLength(1);
  });
});

describe('the model without dockerfile-ast tree', () => {
  it('gives the same nodes, directives and escape as a model read through dockerfile-ast', () => {
    const text = 'ARG V=1\nfrom alpine:${V} AS base\nRUN echo \\\n  hi\nONBUILD RUN x\nEXPOSE 80/TCP\n';
    const model = parseDockerfile('Dockerfile', text);
    const ast = DockerfileParser.parse(text);
    expect(model.instructions.map((i) => i.node.toString())).toEqual(
      ast.getInstructions().map((i) => i.toString()),
    );
    expect(model.instructions.map((i) => i.written)).toEqual(['ARG', 'from', 'RUN', 'ONBUILD', 'EXPOSE']);
    expect(model.instructions[3]?.trigger?.keyword).toBe('RUN');
    expect(model.ast.getInstructions()).toHaveLength(5);
    expect(model.directives).toEqual([]);
    expect(model.escape).toBe('\\');
    const windows = parseDockerfile('Dockerfile', '# escape=`\nFROM a\nRUN b `\n  c\n');
    expect(windows.escape).toBe('`');
    expect(windows.directives.map((d) => d.getName())).toEqual(['escape']);
    expect(windows.instructions.map((i) => i.range.end.line)).toEqual([1, 3]);
  });
});
