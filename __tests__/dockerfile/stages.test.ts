import { describe, expect, it } from '@jest/globals';
import { type InstructionInfo, parseDockerfile } from '../../src/dockerfile/model.js';
import {
  baseImage,
  copySourceStage,
  instructionsBefore,
  rootStage,
  runs,
  shippedStages,
  stageChain,
} from '../../src/dockerfile/stages.js';

const parse = (text: string | string[]) =>
  parseDockerfile('Dockerfile', Array.isArray(text) ? text.join('\n') : text);
const lastRun = (lines: string[]) => {
  const model = parse(lines);
  const run = [...model.instructions].reverse().find((i) => i.keyword === 'RUN') as InstructionInfo;
  return { model, run };
};

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
