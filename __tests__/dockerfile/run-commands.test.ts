import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { type InstructionInfo, parseDockerfile } from '../../src/dockerfile/model.js';

const parse = (text: string) => parseDockerfile('Dockerfile', text);
const at = (text: string, line: number): InstructionInfo => {
  const found = parse(text).instructions.find((i) => i.range.start.line === line - 1);
  if (!found) throw new Error(`no instruction on line ${line}`);
  return found;
};
const argvs = (lines: string[]) =>
  parse(lines.join('\n'))
    .instructions.filter((i) => i.keyword === 'RUN')
    .map((i) => i.commands.map((c) => c.argv.join(' ')));

describe('RUN commands', () => {
  const argv = (text: string, line = 2) => at(text, line).commands.map((c) => c.argv.join(' '));

  it('reads heredoc bodies run by the shell', () => {
    expect(argv('FROM a\nRUN <<EOF\nset -e\nnpm ci\nEOF')).toEqual(['set -e', 'npm ci']);
    expect(argv('FROM a\nRUN <<-EOT bash -e\n\tgo build -o /x\nEOT')).toEqual(['go build -o /x']);
  });

  it('treats a heredoc fed to another program as data', () => {
    expect(argv('FROM a\nRUN cat <<EOF > /x.sh && sh /x.sh\nmake\nEOF')).toEqual(['cat', 'sh /x.sh']);
    expect(argv('FROM a\nRUN python3 <<EOF\nimport os\nEOF')).toEqual(['python3']);
    expect(argv('FROM a\nRUN <<A cat <<B\nnpm ci\nA\nmake\nB')).toEqual(['cat']);
  });

  it('unwraps sudo/env but keeps `command -v` a lookup', () => {
    expect(argv('FROM a\nRUN sudo -E env A=1 npm ci && command -v vim && command ls')).toEqual([
      'npm ci',
      'command -v vim',
      'ls',
    ]);
  });

  it('handles JSON form and non-RUN instructions', () => {
    expect(argv('FROM a\nRUN ["sh", "-c", "go build && make"]')).toEqual(['go build', 'make']);
    expect(argv('FROM a\nCOPY . .')).toEqual([]);
  });

  it('never throws on arbitrary Dockerfile text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (body) => {
        const model = parse(`FROM a\nRUN ${body}\nRUN <<EOF\n${body}\nEOF\nCOPY ${body}`);
        for (const i of model.instructions) expect(Array.isArray(i.commands)).toBe(true);
      }),
    );
  });
});

describe('RUN commands of heredocs and JSON forms', () => {
  it('reads the body of a heredoc script (the shared model leaves it empty)', () => {
    expect(
      argvs([
        'FROM debian:12',
        'RUN --mount=type=cache,target=/var/cache/apt <<EOF',
        'set -e',
        'apt-get update',
        'apt-get install -y curl',
        'EOF',
      ]),
    ).toEqual([['set -e', 'apt-get update', 'apt-get install -y curl']]);
  });

  it('reads a heredoc fed to a shell, and skips one that is data for another program', () => {
    expect(
      argvs([
        'FROM debian:12',
        'RUN <<EOF bash -e',
        'apt-get update',
        'EOF',
        'RUN <<EOF cat > /etc/apt/apt.conf.d/99x && echo done',
        'apt-get install this-is-not-run',
        'EOF',
        'RUN <<EOF',
        '#!/usr/bin/env python3',
        'print("apt-get install not-shell")',
        'EOF',
      ]),
    ).toEqual([['apt-get update'], ['cat', 'echo done'], []]);
  });

  it('strips shell reserved words and opens sh -c scripts', () => {
    expect(
      argvs([
        'FROM debian:12',
        'RUN if [ -f x ]; then sudo apt-get install -y a; else apk add b; fi',
        `RUN bash -o pipefail -ec 'apt-get update && apt-get install -y c'`,
      ]),
    ).toEqual([
      ['[ -f x ]', 'apt-get install -y a', 'apk add b'],
      ['apt-get update', 'apt-get install -y c'],
    ]);
  });

  it('reads JSON-form RUNs, plain and through sh -c', () => {
    expect(
      argvs([
        'FROM debian:12',
        'RUN ["apt-get", "install", "-y", "curl"]',
        'RUN ["/bin/sh", "-c", "apt-get update && rm -rf /var/lib/apt/lists/*"]',
      ]),
    ).toEqual([['apt-get install -y curl'], ['apt-get update', 'rm -rf /var/lib/apt/lists/*']]);
  });
});
