import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { type InstructionInfo, parseDockerfile } from '../../src/dockerfile/model.js';
import { resolvePath, workdirAt } from '../../src/dockerfile/workdir.js';

/** The parsed Dockerfile and its last instruction. */
function last(text: string) {
  const model = parseDockerfile('Dockerfile', text);
  return { model, instruction: model.instructions[model.instructions.length - 1] as InstructionInfo };
}

describe('resolvePath', () => {
  it('normalises absolute paths and resolves relative ones against the directory', () => {
    expect(resolvePath('/app/./x/../y/', undefined)).toBe('/app/y');
    expect(resolvePath('docs', '/srv/app')).toBe('/srv/app/docs');
    expect(resolvePath('~/.cache', undefined)).toBe('/root/.cache');
    expect(resolvePath('/', undefined)).toBe('/');
  });
  it('cannot resolve variables or relative paths under an unknown directory', () => {
    expect(resolvePath('$HOME/x', '/')).toBeUndefined();
    expect(resolvePath('docs', undefined)).toBeUndefined();
  });
  it('returns an absolute path without a trailing slash, or nothing, for any input', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.option(fc.constantFrom('/', '/app', '/a/b'), { nil: undefined }),
        (p, cwd) => {
          const resolved = resolvePath(p, cwd);
          return (
            resolved === undefined ||
            (resolved.startsWith('/') && (resolved === '/' || !resolved.endsWith('/')))
          );
        },
      ),
    );
  });
});

describe('workdirAt', () => {
  it('follows WORKDIR through the stage and the stages it is built FROM', () => {
    const { model, instruction } = last('FROM a AS base\nWORKDIR /srv\nFROM base\nWORKDIR app\nRUN ls');
    expect(workdirAt(model, instruction)).toBe('/srv/app');
  });
  it('is unknown without a WORKDIR (the base image may set one) or with a variable', () => {
    expect(workdirAt(last('FROM a\nRUN ls').model, last('FROM a\nRUN ls').instruction)).toBeUndefined();
    const { model, instruction } = last('FROM a\nWORKDIR $APP\nRUN ls');
    expect(workdirAt(model, instruction)).toBeUndefined();
  });
});
