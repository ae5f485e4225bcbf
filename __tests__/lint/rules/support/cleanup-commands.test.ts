import { describe, expect, it } from '@jest/globals';
import { type InstructionInfo, parseDockerfile } from '../../../../src/dockerfile/model.js';
import { cleanupOnly } from '../../../../src/lint/rules/support/cleanup-commands.js';

/** The parsed Dockerfile and its last instruction. */
function last(text: string) {
  const model = parseDockerfile('Dockerfile', text);
  return { model, instruction: model.instructions[model.instructions.length - 1] as InstructionInfo };
}

describe('cleanupOnly', () => {
  const cleanup = (text: string, cwd?: string) => {
    const { instruction } = last(`FROM a\n${text}`);
    return cleanupOnly(instruction.commands, () => cwd);
  };
  it('collects deleted paths, following cd, and package-manager cleanups', () => {
    expect(cleanup('RUN set -eux; cd /app && rm -rf docs /tmp/x; echo done')?.targets).toEqual([
      { path: '/app/docs', recursive: true },
      { path: '/tmp/x', recursive: true },
    ]);
    expect(cleanup('RUN apt-get purge -y gcc && apt-get clean')?.createdBy).toContain('apt-get');
    expect(cleanup('RUN find /app -name "*.pyc" -delete')?.targets).toEqual([
      { path: '/app', recursive: true },
    ]);
    expect(cleanup('RUN rm -f a.txt', '/srv')?.targets).toEqual([{ path: '/srv/a.txt', recursive: false }]);
  });
  it('is undefined when the RUN does anything else, or nothing', () => {
    expect(cleanup('RUN rm -rf /tmp/x && make')).toBeUndefined();
    expect(cleanup('RUN apt-get update')).toBeUndefined();
    expect(cleanup('RUN echo hi')).toBeUndefined();
  });
});
