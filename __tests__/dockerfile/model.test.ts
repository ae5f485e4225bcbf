import { describe, expect, it } from '@jest/globals';
import { finalStage, parseDockerfile, resolveStageRef } from '../../src/dockerfile/model.js';
import { stageDependencies } from '../../src/dockerfile/stages.js';

const argvs = (text: string) =>
  parseDockerfile('Dockerfile', text).instructions.flatMap((i) => i.commands.map((c) => c.argv.join(' ')));

describe('parseDockerfile', () => {
  it('splits stages, names, FROM references and flags', () => {
    const model = parseDockerfile(
      'Dockerfile',
      [
        'ARG BASE=debian:12',
        'FROM ${BASE} AS build',
        'RUN --mount=type=cache,target=/root/.cache go build \\',
        '    -o /app .',
        'FROM build AS test',
        'FROM gcr.io/distroless/static@sha256:abc',
        'COPY --from=build --chown=1:1 /app /app',
      ].join('\n'),
    );
    expect(model.globalArgs).toHaveLength(1);
    expect(model.stages.map((s) => [s.name, s.from.image, s.from.stageRef])).toEqual([
      ['build', 'debian:12', undefined],
      ['test', 'build', 0],
      [undefined, 'gcr.io/distroless/static@sha256:abc', undefined],
    ]);
    expect(model.stages[0]?.from).toMatchObject({ name: 'debian', tag: '12', hasVariable: false });
    expect(model.stages[2]?.from).toMatchObject({
      registry: 'gcr.io',
      name: 'distroless/static',
      digest: 'sha256:abc',
    });
    const run = model.stages[0]!.instructions[0]!;
    expect(run.flags.get('mount')).toEqual(['type=cache,target=/root/.cache']);
    expect(run.commands[0]?.argv).toEqual(['go', 'build', '-o', '/app', '.']);
    expect(run.range.start.line).toBe(2);
    expect(run.range.end.line).toBe(3);
    expect(finalStage(model)?.index).toBe(2);
    expect(finalStage(model, 'build')?.index).toBe(0);
    expect(resolveStageRef(model, 'BUILD')).toBe(0);
    expect([...stageDependencies(model, model.stages[2]!)]).toEqual([0]);
  });

  it('reads heredoc bodies as scripts, and as data when a program takes them', () => {
    const text = [
      'FROM debian:12',
      'RUN <<EOF',
      'set -e',
      'apt-get update',
      'apt-get install -y curl',
      'EOF',
      'RUN cat > /etc/app.conf <<EOF',
      'rm -rf /',
      'EOF',
    ].join('\n');
    const model = parseDockerfile('Dockerfile', text);
    expect(model.instructions[1]?.heredocs).toEqual(['set -e\napt-get update\napt-get install -y curl']);
    expect(argvs(text)).toEqual(['set -e', 'apt-get update', 'apt-get install -y curl', 'cat']);
  });

  it('unwraps keywords, wrappers with option values and sh -c scripts', () => {
    expect(argvs('FROM x\nRUN if true; then sudo -u app apt-get install -y x; fi')).toEqual([
      'true',
      'apt-get install -y x',
    ]);
    expect(argvs(`FROM x\nRUN sh -c 'apt-get update && apt-get install -y y'`)).toEqual([
      'apt-get update',
      'apt-get install -y y',
    ]);
    expect(argvs('FROM x\nRUN ["/bin/bash", "-ec", "pip install a && rm -rf /root/.cache"]')).toEqual([
      'pip install a',
      'rm -rf /root/.cache',
    ]);
    expect(argvs('FROM x\nRUN ["apt-get", "install", "-y", "z"]')).toEqual(['apt-get install -y z']);
    expect(argvs('FROM x\nRUN env DEBIAN_FRONTEND=noninteractive xargs -n 1 apt-get install < pkgs')).toEqual(
      ['apt-get install'],
    );
  });
});

describe('continuations', () => {
  it('drops comment lines inside a continued instruction, as Docker does', () => {
    const model = parseDockerfile(
      'Dockerfile',
      'FROM x\nRUN apt-get update && \\\n# install the tools\n    apt-get install -y curl',
    );
    expect(model.instructions[1]?.args).toBe('apt-get update && apt-get install -y curl');
    expect(model.instructions[1]?.commands.map((c) => c.argv.join(' '))).toEqual([
      'apt-get update',
      'apt-get install -y curl',
    ]);
  });
});

describe('ONBUILD', () => {
  it('reads each trigger as an instruction, outside every stage list', () => {
    const model = parseDockerfile(
      'Dockerfile',
      'FROM node:22\nONBUILD COPY --from=deps package.json ./\nONBUILD RUN npm ci && \\\n  npm cache clean --force\n',
    );
    const [copy, run] = model.stages[0]!.instructions;
    expect([copy?.keyword, run?.keyword]).toEqual(['ONBUILD', 'ONBUILD']);
    expect(copy?.trigger).toMatchObject({ keyword: 'COPY', args: 'package.json ./', stage: 0 });
    expect(copy?.trigger?.flags.get('from')).toEqual(['deps']);
    expect(run?.trigger?.commands.map((c) => c.argv.join(' '))).toEqual([
      'npm ci',
      'npm cache clean --force',
    ]);
    expect(run?.commands).toEqual([]);
    expect(model.instructions.map((i) => i.keyword)).toEqual(['FROM', 'ONBUILD', 'ONBUILD']);
  });
});
