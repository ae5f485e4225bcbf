/**
 * Reading `created_by` strings and Dockerfile instructions into comparable steps. The history strings
 * are as Docker Engine 20.10 wrote them (most are in __tests__/fixtures/history/*\/config.json).
 */
import { describe, expect, it } from '@jest/globals';
import { finalStage, parseDockerfile } from '../../src/dockerfile/model.js';
import {
  instructionExpanders,
  similarity,
  stepFromHistory,
  stepFromInstruction,
} from '../../src/measure/normalize-history.js';

describe('stepFromHistory', () => {
  it.each([
    // BuildKit
    ['RUN /bin/sh -c mkdir -p $APP_HOME # buildkit', 'RUN', 'mkdir -p $APP_HOME'],
    [
      'RUN |3 VERSION=2.0.0 DEST=/opt/app FLAVOUR=slim /bin/sh -c echo "$VERSION $FLAVOUR" > version.txt # buildkit',
      'RUN',
      'echo "$VERSION $FLAVOUR" > version.txt',
    ],
    ['RUN sh -c cat /app/app.txt > /app/copy.txt # buildkit', 'RUN', 'cat /app/app.txt > /app/copy.txt'],
    [
      'RUN /bin/bash -o pipefail -c apt-get update &&     apt-get install -y curl # buildkit',
      'RUN',
      'apt-get update && apt-get install -y curl',
    ],
    ['COPY /out/app.txt ./app.txt # buildkit', 'COPY', '/out/app.txt ./app.txt'],
    ['WORKDIR /app', 'WORKDIR', '/app'],
    ['ENV APP_ENV=production GREETING=hello world', 'ENV', 'APP_ENV=production GREETING=hello world'],
    ['EXPOSE map[8080/tcp:{} 9090/udp:{}]', 'EXPOSE', '8080/tcp 9090/udp'],
    ['CMD ["cat" "/srv/app.txt"]', 'CMD', '["cat" "/srv/app.txt"]'],
    // The legacy builder
    ['/bin/sh -c #(nop)  ENV APP_HOME=/app', 'ENV', 'APP_HOME=/app'],
    ['/bin/sh -c #(nop) WORKDIR /app', 'WORKDIR', '/app'],
    ['/bin/sh -c #(nop)  EXPOSE 443/udp 80', 'EXPOSE', '443/udp 80/tcp'],
    ['/bin/sh -c #(nop)  ONBUILD RUN echo triggered', 'ONBUILD', 'RUN echo triggered'],
    ['/bin/sh -c echo base > /base.txt', 'RUN', 'echo base > /base.txt'],
    ['|2 EXTRA=x VERSION=1 /bin/sh -c true', 'RUN', 'true'],
    ['|4 A=1 B=two TOP=1 UNUSED=zz sh -c echo json > /j', 'RUN', 'echo json > /j'],
  ])('%s', (createdBy, keyword, text) => {
    expect(stepFromHistory(createdBy)).toMatchObject({ keyword, text });
  });

  it('finds the destination of BuildKit and legacy COPY/ADD', () => {
    expect(stepFromHistory('COPY /tool.txt /usr/local/share/ # buildkit')?.destination).toBe(
      '/usr/local/share/',
    );
    expect(stepFromHistory('/bin/sh -c #(nop) COPY dir:e35e35bad17a in . ')?.destination).toBe('.');
    // The legacy builder glues --chown to the source.
    const chown = stepFromHistory('/bin/sh -c #(nop) COPY --chown=1:1file:2c87d3cda7e4 in ./ ');
    expect(chown).toMatchObject({ keyword: 'COPY', text: 'file:2c87d3cda7e4 in ./', destination: './' });
  });

  it('reads keys of ENV, ARG and LABEL', () => {
    expect(stepFromHistory('ENV APP_ENV=production GREETING=hello world')?.keys).toEqual([
      'APP_ENV',
      'GREETING',
    ]);
    expect(stepFromHistory('ARG FLAVOUR')?.keys).toEqual(['FLAVOUR']);
    expect(stepFromHistory('/bin/sh -c #(nop)  LABEL stage=final')?.keys).toEqual(['stage']);
  });

  it('keeps build-arg values holding spaces out of the command', () => {
    expect(stepFromHistory('RUN |2 A=one two B=3 /bin/sh -c echo "$A" # buildkit')?.text).toBe('echo "$A"');
  });

  it('has nothing to say about an imported layer', () => {
    expect(stepFromHistory('')).toBeNull();
    expect(stepFromHistory('   ')).toBeNull();
  });
});

describe('stepFromInstruction', () => {
  const stepsOf = (dockerfile: string, buildArgs: Record<string, string> = {}) => {
    const model = parseDockerfile('Dockerfile', dockerfile);
    const chain = [finalStage(model)!];
    const expanders = instructionExpanders(model, chain, buildArgs);
    return chain[0]!.instructions.map((info, i) => stepFromInstruction(info, expanders[i]!));
  };

  it('reads RUN as the shell would see it, unexpanded', () => {
    const [shell, json] = stepsOf(
      'FROM x\nARG A=1\nRUN echo $A && \\\n    echo b\nRUN ["sh", "-c", "echo c"]\n',
    ).slice(1);
    expect(shell).toMatchObject({ keyword: 'RUN', text: 'echo $A && echo b' });
    expect(json).toMatchObject({ keyword: 'RUN', text: 'echo c' });
  });

  it('expands ARG defaults, build args and ENV where the builder does', () => {
    const steps = stepsOf(
      'ARG V=1\nFROM x\nARG V\nARG D=/opt\nENV HOME_DIR=${D}/home\nWORKDIR $HOME_DIR\nCOPY a ${D:-/nope}/ \nLABEL "v"="$V"\n',
      { V: '2' },
    );
    expect(steps.map((s) => s.text)).toEqual([
      'V',
      'D=/opt',
      'HOME_DIR=/opt/home',
      '/opt/home',
      'a /opt/',
      'v=2',
    ]);
    expect(steps[4]?.destination).toBe('/opt/');
  });

  it('leaves variables it cannot know as written', () => {
    expect(stepsOf('FROM x\nWORKDIR $FROM_BASE_IMAGE/app\n')[0]?.text).toBe('$FROM_BASE_IMAGE/app');
  });

  it('inherits ENV, not ARG, along a FROM <stage> chain', () => {
    const model = parseDockerfile('Dockerfile', 'FROM x AS a\nARG P=/a\nENV Q=/q\nFROM a\nWORKDIR $Q$P\n');
    const expanders = instructionExpanders(model, model.stages, {});
    expect(expanders[2]!('$Q$P')).toBe('/q$P');
  });
});

describe('similarity', () => {
  const step = (createdBy: string) => stepFromHistory(createdBy)!;

  it('never matches different keywords', () => {
    expect(similarity(step('COPY a /a # buildkit'), step('ADD a /a # buildkit'))).toBe(-1);
  });

  it('scores the same command higher than another one', () => {
    const entry = step('RUN /bin/sh -c apt-get update && apt-get install -y curl # buildkit');
    const same = step('/bin/sh -c apt-get update && apt-get install -y curl');
    const other = step('/bin/sh -c echo done');
    expect(similarity(entry, same)).toBe(1);
    expect(similarity(entry, other)).toBeLessThan(0.5);
  });

  it('matches a legacy COPY to its instruction by destination', () => {
    const legacy = step('/bin/sh -c #(nop) COPY file:3f3ff53a52df in ./ ');
    expect(similarity(legacy, step('COPY /version.txt ./'))).toBeGreaterThan(
      similarity(legacy, step('COPY /version.txt /elsewhere/')),
    );
  });
});
