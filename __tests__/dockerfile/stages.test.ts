import { describe, expect, it } from '@jest/globals';
import {
  baseImage,
  copySourceStage,
  instructionsBefore,
  rootStage,
  runs,
  shippedStages,
  stageChain,
  stageDependencies,
} from '../../src/dockerfile/stages.js';
import { lastRun, parse } from './parse.js';

describe('stage graph', () => {
  const model = parse(
    'FROM golang:1.22 AS build\nFROM build AS test\nFROM test AS final\nCOPY --from=build /a /a\nCOPY --from=nginx:1 /b /b\nCOPY --from=later /c /c\nFROM alpine AS later',
  );

  it('follows FROM <stage> chains to the external base image', () => {
    const final = model.stages[2]!;
    expect(stageChain(model, final).map((s) => s.name)).toEqual(['final', 'test', 'build']);
    expect(baseImage(model, final).image).toBe('golang:1.22');
    expect(baseImage(model, model.stages[3]!).image).toBe('alpine');
  });

  it('resolves COPY --from to earlier stages only', () => {
    const copies = model.stages[2]!.instructions;
    expect(copySourceStage(model, copies[0]!)?.name).toBe('build');
    expect(copySourceStage(model, copies[1]!)).toBeUndefined(); // an image
    expect(copySourceStage(model, copies[2]!)).toBeUndefined(); // a stage defined later
  });
});

describe('rootStage', () => {
  it('follows FROM <stage> chains down to the stage that names an image', () => {
    const model = parse('FROM node:22 AS a\nFROM a AS b\nFROM alpine AS c\nFROM b');
    expect(rootStage(model, model.stages[3] as (typeof model.stages)[number]).index).toBe(0);
    expect(rootStage(model, model.stages[2] as (typeof model.stages)[number]).index).toBe(2);
  });
});

describe('shipped stages and earlier instructions', () => {
  const lines = [
    'FROM python:3.12-slim AS base',
    'ENV PIP_NO_CACHE_DIR=1',
    'FROM golang:1.22 AS tools',
    'RUN go install example.com/x@latest',
    'FROM base AS final',
    'ARG NPM_CONFIG_CACHE=/tmp/npm',
    'RUN pip install flask',
  ];

  it('ships the last stage and the stages it is built FROM', () => {
    expect([...shippedStages(parse(lines))].sort()).toEqual([0, 2]);
    expect(runs(parse(lines), { shippedOnly: true }).map((r) => r.instruction.args)).toEqual([
      'pip install flask',
    ]);
    expect(runs(parse(lines))).toHaveLength(2);
  });

  it('lists instructions before one in its FROM chain', () => {
    const { model, run } = lastRun(lines);
    expect(instructionsBefore(model, run).map((i) => i.keyword)).toEqual(['ENV', 'ARG']);
  });
});

describe('stage parents', () => {
  const model = parse([
    'FROM alpine AS base',
    'FROM base AS deps',
    'FROM deps AS build',
    'COPY --from=base /a /a',
    'RUN --mount=type=cache,from=deps,target=/c make',
    'FROM scratch',
    'COPY --from=build /out /',
  ]);

  it('links each stage to the earlier stage it is built FROM, and chains them nearest first', () => {
    expect(model.stages.map((s) => s.parent?.index)).toEqual([undefined, 0, 1, undefined]);
    expect(stageChain(model, model.stages[2]!).map((s) => s.name)).toEqual(['build', 'deps', 'base']);
    expect(stageChain(model, model.stages[2]!)).toBe(stageChain(model, model.stages[2]!)); // worked out once
    expect(rootStage(model, model.stages[2]!).name).toBe('base');
  });

  it('never points a stage at itself or a later stage', () => {
    const odd = parse(['FROM a AS a', 'FROM c AS b', 'FROM b AS c']);
    expect(odd.stages.map((s) => s.parent?.index)).toEqual([undefined, undefined, 1]);
    expect(stageChain(odd, odd.stages[2]!).map((s) => s.index)).toEqual([2, 1]);
  });

  it('lists dependencies through FROM, COPY --from and RUN --mount from', () => {
    expect([...stageDependencies(model, model.stages[3]!)].sort()).toEqual([0, 1, 2]);
    expect([...stageDependencies(model, model.stages[1]!)]).toEqual([0]);
  });

  it('ships the target stage and its chain', () => {
    expect([...shippedStages(model)]).toEqual([3]);
    expect([...shippedStages(model, 'BUILD')].sort()).toEqual([0, 1, 2]);
  });
});
