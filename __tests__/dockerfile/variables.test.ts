import { describe, expect, it } from '@jest/globals';
import type { InstructionInfo } from '../../src/dockerfile/model.js';
import {
  assignments,
  envIsSet,
  expandVariables,
  globalArgDefaults,
  labelPairs,
  PLATFORM_ARGS,
  variableScopes,
} from '../../src/dockerfile/variables.js';
import { lastRun, parse } from './parse.js';

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

describe('expandVariables', () => {
  const vars = new Map([
    ['A', 'one'],
    ['EMPTY', ''],
  ]);
  const expand = (text: string) => expandVariables(text, (name) => vars.get(name));

  it.each([
    ['$A/${A}', 'one/one'],
    ['${MISSING}-$MISSING', '${MISSING}-$MISSING'],
    ['${MISSING:-x}|${A:-x}|${EMPTY:-x}', 'x|one|x'],
    ['${MISSING:+y}|${A:+y}', '|y'],
    ['${A-x}${MISSING+y}', 'one'],
    ['no variables', 'no variables'],
  ])('%s', (text, expanded) => {
    expect(expand(text)).toBe(expanded);
  });
});

describe('assignments', () => {
  it('removes quotes and escapes but keeps variables for the scope', () => {
    const model = parse(['FROM a', `ENV A="x y" B='$C' D=e\\ f G=$H`]);
    expect(assignments(model, model.instructions[1]!)).toEqual([
      { name: 'A', value: 'x y' },
      { name: 'B', value: '$C' },
      { name: 'D', value: 'e f' },
      { name: 'G', value: '$H' },
    ]);
    expect(assignments(model, model.instructions[1]!)).toBe(assignments(model, model.instructions[1]!));
  });
});

describe('global ARGs and FROM', () => {
  it('expands FROM with the defaults of ARGs declared before it', () => {
    const model = parse([
      'ARG REGISTRY=ghcr.io/o',
      'ARG TAG="3.12"',
      'ARG UNSET',
      'FROM ${REGISTRY}/python:${TAG} AS a',
      'FROM --platform=$BUILDPLATFORM golang:${GO:-1.22}',
      'FROM node:$UNSET',
    ]);
    expect(model.stages.map((s) => [s.from.image, s.from.hasVariable])).toEqual([
      ['ghcr.io/o/python:3.12', false],
      ['golang:1.22', false],
      ['node:$UNSET', true],
    ]);
    expect(model.stages[1]!.from.platform).toBe('$BUILDPLATFORM');
    expect([...globalArgDefaults(model)]).toEqual([
      ['REGISTRY', 'ghcr.io/o'],
      ['TAG', '3.12'],
    ]);
  });
});

describe('variableScopes', () => {
  const model = parse([
    'ARG VERSION=1',
    'FROM alpine AS base',
    'ARG VERSION',
    'ARG TARGETARCH',
    'ENV APP=/srv/app-$VERSION HOME_DIR=${APP}',
    'RUN x',
    'FROM base',
    'ENV LOG=$APP/log',
    'RUN y',
  ]);
  const chain = [model.stages[0]!, model.stages[1]!];

  it('gives each instruction the ARGs of its stage and the ENV of its chain', () => {
    const scopes = variableScopes(model, chain, { platform: 'linux/arm64' });
    expect(Object.fromEntries(scopes[3]!)).toEqual({
      VERSION: '1',
      TARGETARCH: 'arm64',
      APP: '/srv/app-1',
      // One ENV expands all its values with the variables from before it, as Docker does.
      HOME_DIR: '${APP}',
    });
    // A child stage inherits ENV, not ARGs.
    expect(Object.fromEntries(scopes[5]!)).toEqual({
      APP: '/srv/app-1',
      HOME_DIR: '${APP}',
      LOG: '/srv/app-1/log',
    });
  });

  it('prefers build args, and leaves platform ARGs unknown without a platform', () => {
    const scopes = variableScopes(model, chain, { buildArgs: { VERSION: '2' } });
    expect(scopes[3]!.get('APP')).toBe('/srv/app-2');
    expect(scopes[3]!.has('TARGETARCH')).toBe(false);
    expect(PLATFORM_ARGS).toContain('BUILDPLATFORM');
  });
});

describe('labelPairs', () => {
  it.each([
    [
      'LABEL a=b "c d"="e f"',
      [
        ['a', 'b'],
        ['"c d"', 'e f'],
      ],
    ],
    ['LABEL description some text', [['description', 'some text']]],
    ['ENV A=1', []],
  ])('%s', (line, pairs) => {
    const model = parse(`FROM a\n${line}`);
    const instruction = model.instructions[1] as InstructionInfo;
    expect(labelPairs(instruction).map((a) => [a.name, a.value])).toEqual(pairs);
  });
});
