import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { type InstructionInfo, parseDockerfile } from '../../src/dockerfile/model.js';
import { splitShell } from '../../src/dockerfile/shell.js';
import { cdTarget, changeDirectory, resolvePath, workdirAt } from '../../src/dockerfile/workdir.js';

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

describe('WORKDIR scope', () => {
  it('joins relative WORKDIRs and inherits along the chain, with a start the caller knows', () => {
    const { model, instruction } = last(
      'FROM golang AS build\nWORKDIR src\nFROM build\nWORKDIR ../bin/\nRUN ls',
    );
    expect(workdirAt(model, instruction)).toBeUndefined();
    expect(workdirAt(model, instruction, '/go')).toBe('/go/bin');
    const absolute = last('FROM a\nWORKDIR "/app"\nWORKDIR sub\nCOPY . .');
    expect(workdirAt(absolute.model, absolute.instruction)).toBe('/app/sub');
  });
});

describe('cd in a RUN', () => {
  const cd = (text: string) => cdTarget(splitShell(text)[0]!);

  it('reads the directory a cd names, options aside; a bare cd goes home', () => {
    expect(cd('cd /tmp')).toBe('/tmp');
    expect(cd('cd -P src')).toBe('src');
    expect(cd('cd -- -odd')).toBe('-odd');
    expect(cd('cd')).toBe('~');
    expect(cd('ls /tmp')).toBeUndefined();
  });

  it('changes directory from where it is, or to unknown', () => {
    expect(changeDirectory('/app', 'build')).toBe('/app/build');
    expect(changeDirectory(undefined, '/tmp/')).toBe('/tmp');
    expect(changeDirectory('/app', '~')).toBe('/root');
    expect(changeDirectory('/app', '-')).toBeUndefined();
    expect(changeDirectory(undefined, 'rel')).toBeUndefined();
    expect(changeDirectory('/app', '$DIR')).toBeUndefined();
  });
});
