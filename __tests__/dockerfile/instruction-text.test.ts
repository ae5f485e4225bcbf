import { describe, expect, it } from '@jest/globals';
import {
  instructionDisplayText,
  instructionText,
  joinContinuations,
  splitFlags,
} from '../../src/dockerfile/instruction-text.js';
import { parseDockerfile } from '../../src/dockerfile/model.js';

describe('instructionText', () => {
  it('cuts a multi-line instruction out of the file lines by its range', () => {
    const lines = ['# c', 'RUN a \\', '  && b', 'USER x'];
    const range = { start: { line: 1, character: 0 }, end: { line: 2, character: 6 } };
    expect(instructionText(lines, range)).toBe('RUN a \\\n  && b');
  });
});

describe('splitFlags', () => {
  it('reads repeated and quoted flags across continuations and comment lines', () => {
    const { flags, raw } = splitFlags(
      ' --mount=type=cache,target=/a \\\n  # note\n  --mount="type=tmpfs,target=/b" --network=none echo hi  ',
      true,
    );
    expect(flags.get('mount')).toEqual(['type=cache,target=/a', 'type=tmpfs,target=/b']);
    expect(flags.get('network')).toEqual(['none']);
    expect(raw).toBe('echo hi');
  });

  it('leaves `--` words alone where the instruction takes no flags', () => {
    const { flags, raw } = splitFlags(' --help', false);
    expect(flags.size).toBe(0);
    expect(raw).toBe('--help');
  });
});

describe('joinContinuations', () => {
  it('squeezes blanks on one line and drops escaped newlines and comment lines', () => {
    expect(joinContinuations('a \t b')).toBe('a b');
    expect(joinContinuations('a \\\n# skipped\n    b')).toBe('a b');
  });
});

describe('instructionDisplayText', () => {
  it('shows an instruction on one line: continuations joined, comment lines and heredoc bodies left out', () => {
    const model = parseDockerfile(
      'Dockerfile',
      'FROM x\nRUN apt-get update && \\\n# why\n    apt-get install -y curl\nRUN <<EOF\nmake\nEOF\n',
    );
    expect(model.instructions.slice(1).map((i) => instructionDisplayText(model, i))).toEqual([
      'RUN apt-get update && apt-get install -y curl',
      'RUN <<EOF',
    ]);
  });

  it('honours the escape directive', () => {
    const model = parseDockerfile('Dockerfile', '# escape=`\nFROM x\nRUN echo a `\n    echo b\n');
    expect(instructionDisplayText(model, model.stages[0]!.instructions[0]!)).toBe('RUN echo a echo b');
  });
});
