import { describe, expect, it } from '@jest/globals';
import { type InstructionInfo, parseDockerfile } from '../../src/dockerfile/model.js';
import { assignments, envIsSet } from '../../src/dockerfile/variables.js';

const parse = (text: string | string[]) =>
  parseDockerfile('Dockerfile', Array.isArray(text) ? text.join('\n') : text);
const lastRun = (lines: string[]) => {
  const model = parse(lines);
  const run = [...model.instructions].reverse().find((i) => i.keyword === 'RUN') as InstructionInfo;
  return { model, run };
};

describe('assignments', () => {
  it.each([
    [
      'ENV CGO_ENABLED=0 GOOS=linux',
      [
        ['CGO_ENABLED', '0'],
        ['GOOS', 'linux'],
      ],
    ],
    ['ENV CGO_ENABLED 0', [['CGO_ENABLED', '0']]],
    ['ENV A="x y"', [['A', 'x y']]],
    ['ARG CGO_ENABLED', [['CGO_ENABLED', undefined]]],
    [
      'ARG A=1 B',
      [
        ['A', '1'],
        ['B', undefined],
      ],
    ],
    ['LABEL a=b', []],
  ])('%s', (line, pairs) => {
    const model = parse(`FROM a\n${line}`);
    const instruction = model.instructions[1] as InstructionInfo;
    expect(assignments(model, instruction).map((a) => [a.name, a.value])).toEqual(pairs);
  });
});

describe('envIsSet', () => {
  const lines = [
    'FROM python:3.12-slim AS base',
    'ENV PIP_NO_CACHE_DIR=1',
    'FROM golang:1.22 AS tools',
    'RUN go install example.com/x@latest',
    'FROM base AS final',
    'ARG NPM_CONFIG_CACHE=/tmp/npm',
    'RUN pip install flask',
  ];

  it('finds variables set by ENV, ARG defaults, export and inline assignments', () => {
    const { model, run } = lastRun(lines);
    const info = { instruction: run, commands: run.commands };
    expect(envIsSet(model, info, 0, 'PIP_NO_CACHE_DIR')).toBe(true);
    expect(envIsSet(model, info, 0, 'NPM_CONFIG_CACHE')).toBe(true);
    expect(envIsSet(model, info, 0, 'YARN_CACHE_FOLDER')).toBe(false);
    const inline = lastRun(['FROM node:22', 'RUN export A=1 && B=2 yarn']);
    const inlineInfo = { instruction: inline.run, commands: inline.run.commands };
    expect(envIsSet(inline.model, inlineInfo, 1, 'A')).toBe(true);
    expect(envIsSet(inline.model, inlineInfo, 1, 'B')).toBe(true);
    expect(envIsSet(inline.model, inlineInfo, 0, 'B')).toBe(false);
  });
});
