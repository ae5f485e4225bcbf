import { describe, expect, it } from '@jest/globals';
import { programName, splitShell } from '../../src/dockerfile/shell.js';

describe('splitShell', () => {
  it('understands quotes, escapes, operators and substitutions', () => {
    const commands = splitShell(
      `A=1 B="two words" run 'x && y' "a\\"b" $(echo "(") && next | pipe; last # comment`,
    );
    expect(commands.map((c) => [c.env, c.argv, c.joinedBy])).toEqual([
      [{ A: '1', B: 'two words' }, ['run', 'x && y', 'a"b', '$(echo "(")'], ''],
      [{}, ['next'], '&&'],
      [{}, ['pipe'], '|'],
      [{}, ['last'], ';'],
    ]);
  });

  it('never throws on unbalanced input', () => {
    for (const text of [`'unterminated`, '"open', '$(', '`', '\\', '${', '((']) {
      expect(() => splitShell(text)).not.toThrow();
    }
  });
});

describe('braces', () => {
  it('keeps {} and ${x} as words; groups only with { … }', () => {
    expect(
      splitShell('find /app -exec chmod 644 {} + && { echo a; echo ${B}; }').map((c) => c.argv.join(' ')),
    ).toEqual(['find /app -exec chmod 644 {} +', 'echo a', 'echo ${B}']);
  });
});

describe('programName', () => {
  it('drops the directory of the program', () => {
    expect(splitShell('/usr/bin/apt-get install x && ./configure').map(programName)).toEqual([
      'apt-get',
      'configure',
    ]);
  });
});
