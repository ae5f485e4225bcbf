import { describe, expect, it } from '@jest/globals';
import {
  BuildFailedError,
  describeBuildFailure,
  locateStep,
  parseErrorLine,
  parseStepName,
} from '../../src/docker/build-error.js';
import { BuildProgress } from '../../src/docker/build-progress.js';
import { describeError, DietError } from '../../src/errors.js';
import { parseDockerfile } from '../../src/dockerfile/model.js';
import { fixtureEvents, loadFixture } from './trace-fixtures.js';

const MULTI = `# syntax=docker/dockerfile:1
FROM golang:1.22 AS Build
ARG VERSION=dev
WORKDIR /src
COPY . .
RUN go build \\
      -ldflags "-X main.version=$VERSION" \\
      -o /app
RUN make
ENV CGO_ENABLED=0
RUN make

FROM debian:12
COPY --from=build /app /app
run   echo  done
`;

const lineOf = (model: ReturnType<typeof parseDockerfile>, step: string, target?: string) => {
  const found = locateStep(model, step, target);
  return found ? found.range.start.line + 1 : undefined;
};

describe('parseStepName', () => {
  it.each([
    ['[2/4] RUN make', { stage: undefined, index: 2, total: 4, command: 'RUN make' }],
    ['[build 2/4] RUN go build', { stage: 'build', index: 2, total: 4, command: 'RUN go build' }],
    ['[linux/arm64 stage-1 3/3] COPY a /', { stage: 'stage-1', index: 3, total: 3, command: 'COPY a /' }],
  ])('takes %j apart', (name, expected) => {
    expect(parseStepName(name)).toEqual(expected);
  });

  it.each(['[internal] load build context', 'exporting to image', 'copy /context /'])(
    'leaves %j alone',
    (name) => expect(parseStepName(name)).toBeUndefined(),
  );
});

describe('locateStep', () => {
  const model = parseDockerfile('Dockerfile', MULTI);

  it('matches a step whose arguments the engine expanded, across continuation lines', () => {
    expect(
      lineOf(model, '[build 4/7] RUN go build       -ldflags "-X main.version=1.2.3"       -o /app'),
    ).toBe(6);
  });

  it('tells identical instructions apart by the step position', () => {
    expect(lineOf(model, '[build 5/7] RUN make')).toBe(9);
    expect(lineOf(model, '[build 6/7] RUN make')).toBe(11);
  });

  it('finds the unnamed stage by its stage-N name, whatever the keyword case and spacing', () => {
    expect(lineOf(model, '[stage-1 3/3] RUN echo done')).toBe(15);
    expect(lineOf(model, '[stage-1 2/3] COPY --from=build /app /app')).toBe(14);
  });

  it('maps FROM steps and a failed base image lookup to the FROM line', () => {
    expect(lineOf(model, '[build 1/7] FROM docker.io/library/golang:1.22')).toBe(2);
    expect(lineOf(model, '[internal] load metadata for docker.io/library/debian:12')).toBe(13);
  });

  it('finds steps of a single-stage build, which have no stage prefix', () => {
    const single = parseDockerfile('Dockerfile', 'FROM busybox\nRUN echo one\nCOPY missing.txt /\n');
    expect(lineOf(single, '[3/3] COPY missing.txt /')).toBe(3);
  });

  it('falls back to the step position when the text cannot match', () => {
    const single = parseDockerfile('Dockerfile', 'FROM busybox\nENV A=1\nRUN echo "$(cat /a)"\n');
    expect(lineOf(single, '[2/2] RUN something the engine rewrote')).toBe(3);
  });

  it('gives up on steps it cannot place rather than guessing another keyword', () => {
    expect(lineOf(model, '[build 9/9] ADD https://example.com/x /x')).toBeUndefined();
    expect(lineOf(model, '[internal] load build context')).toBeUndefined();
  });
});

describe('parseErrorLine', () => {
  it.each([
    [
      'failed to solve with frontend dockerfile.v0: failed to create LLB definition: dockerfile parse error line 3: unknown instruction: RUNN',
      3,
    ],
    [
      'failed to solve: dockerfile parse error on line 12: unknown instruction: CPOY (did you mean COPY?)',
      12,
    ],
    ['executor failed running [/bin/sh -c make]: exit code: 2', undefined],
  ])('reads %j', (message, line) => expect(parseErrorLine(message)).toBe(line));
});

describe('describeBuildFailure', () => {
  const model = parseDockerfile(
    'Dockerfile',
    'FROM busybox\nWORKDIR /src\nCOPY . .\nRUN ./configure\nRUN true\nENV X=1\nRUN make\n',
  );

  it('says where, what, and shows the last output lines', () => {
    const error = describeBuildFailure({
      engineMessage: 'failed to solve: process "/bin/sh -c make" did not complete successfully: exit code: 2',
      failure: {
        name: '[6/6] RUN make',
        error: 'process "/bin/sh -c make" did not complete successfully: exit code: 2',
        logTail: ['cc -c main.c', 'main.c:3: error: expected ;'],
      },
      model,
    });
    expect(error).toBeInstanceOf(BuildFailedError);
    expect(error).toBeInstanceOf(DietError);
    expect(error.kind).toBe('build');
    expect(error.message).toBe(
      [
        'Build failed at Dockerfile:7 (RUN make): process "/bin/sh -c make" did not complete successfully: exit code: 2',
        '  > cc -c main.c',
        '  > main.c:3: error: expected ;',
      ].join('\n'),
    );
    expect(error.instruction).toEqual({ file: 'Dockerfile', line: 7, text: 'RUN make' });
    expect(error.step).toBe('[6/6] RUN make');
    expect(error.engineMessage).toMatch(/^failed to solve: /);
    expect(error.stack).toBeDefined();
    expect(describeError(error)).not.toContain('    at ');
  });

  it('points a parse error at its line even without a failed step', () => {
    const broken = parseDockerfile('docker/app.Dockerfile', 'FROM busybox\nRUN true\nRUNN echo typo\n');
    const error = describeBuildFailure({
      engineMessage:
        'failed to solve with frontend dockerfile.v0: failed to create LLB definition: dockerfile parse error line 3: unknown instruction: RUNN',
      model: broken,
    });
    expect(error.message).toBe(
      'Build failed at docker/app.Dockerfile:3 (RUNN echo typo): dockerfile parse error line 3: unknown instruction: RUNN',
    );
  });

  it('adds a hint when a COPY source is missing', () => {
    const error = describeBuildFailure({
      engineMessage: 'failed to compute cache key: "/missing.txt" not found: not found',
      failure: { name: '[3/6] COPY . .', error: '"/missing.txt" not found: not found', logTail: [] },
      model,
    });
    expect(error.message).toBe(
      'Build failed at Dockerfile:3 (COPY . .): "/missing.txt" not found: not found',
    );
    expect(error.hint).toMatch(/\.dockerignore/);
  });

  it('says a secret or SSH mount cannot be served by the Engine API builder, and what to do', () => {
    const mounts = parseDockerfile(
      'Dockerfile',
      'FROM busybox\nRUN --mount=type=secret,id=npm cat /run/secrets/npm\nRUN --mount=type=ssh git clone x\n',
    );
    // Engine 20.10 runs the step without the secret; the step then fails on its own.
    const missing = describeBuildFailure({
      engineMessage: 'executor failed running [/bin/sh -c cat /run/secrets/npm]: exit code: 1',
      failure: { name: '[2/3] RUN cat /run/secrets/npm', error: 'exit code: 1', logTail: [] },
      model: mounts,
    });
    expect(missing.hint).toMatch(
      /a build secret \(RUN --mount=type=secret\).*`builder: buildx` \(CLI: --builder buildx\) and give it with `secrets` \(CLI: --secret\) under the id "npm".*`image` input/,
    );
    // Through buildx the builder could serve it: the hint names the input and the id to give.
    const notGiven = describeBuildFailure({
      engineMessage: 'failed to solve: secret npm: not found',
      failure: { name: '[2/3] RUN cat /run/secrets/npm', error: 'secret npm: not found', logTail: [] },
      model: mounts,
      builder: 'buildx',
    });
    expect(notGiven.hint).toBe(
      'This step mounts a build secret (RUN --mount=type=secret): give it with `secrets` (CLI: --secret) under the id "npm".',
    );
    // Newer engines refuse the step: "secret npm: not found", with or without the line found.
    const refused = describeBuildFailure({ engineMessage: 'failed to solve: secret npm: not found' });
    expect(refused.hint).toMatch(/a build secret/);
    const ssh = describeBuildFailure({
      engineMessage: 'x',
      failure: { name: '[3/3] RUN git clone x', error: 'exit code: 128', logTail: [] },
      model: mounts,
    });
    expect(ssh.hint).toMatch(/an SSH agent \(RUN --mount=type=ssh\)/);
    // An ordinary failure gets no such hint.
    expect(
      describeBuildFailure({
        engineMessage: 'exit code: 2',
        failure: { name: '[6/6] RUN make', error: 'exit code: 2', logTail: [] },
        model,
      }).hint,
    ).toBeUndefined();
  });

  it('still says what failed when the Dockerfile could not be read', () => {
    const error = describeBuildFailure({
      engineMessage: 'x',
      failure: {
        name: '[internal] load metadata for docker.io/library/nope:1',
        error: 'pull access denied',
        logTail: [],
      },
    });
    expect(error.message).toBe(
      'Build failed at step "[internal] load metadata for docker.io/library/nope:1": pull access denied',
    );
    expect(error.instruction).toBeUndefined();
    expect(describeBuildFailure({ engineMessage: 'the engine returned no image id' }).message).toBe(
      'Build failed: the engine returned no image id',
    );
  });

  it.each([
    [
      'run-fails',
      3,
      'RUN echo "compiling" && echo "error: missing semicolon" >&2 && exit 3',
      /exit code: 3$/,
      ['compiling', 'error: missing semicolon'],
    ],
    ['parse-error', 3, 'RUNN echo typo', /\): dockerfile parse error line 3: unknown instruction: RUNN$/, []],
    ['missing-copy', 3, 'COPY missing.txt /', /"\/missing.txt" not found/, []],
  ])('maps the real %s build to its line', (name, line, text, reason, logTail) => {
    const fixture = loadFixture(name);
    const progress = new BuildProgress();
    let engineMessage = '';
    for (const event of fixtureEvents(fixture)) {
      if (event.type === 'trace') progress.addTrace(event.data);
      if (event.type === 'error') engineMessage = event.message;
    }
    progress.finish();
    const error = describeBuildFailure({
      engineMessage,
      failure: progress.failure(),
      model: parseDockerfile('Dockerfile', fixture.dockerfile),
    });
    expect(error.instruction).toEqual({ file: 'Dockerfile', line, text });
    expect(error.message.split('\n')[0]).toMatch(reason);
    expect(error.logTail).toEqual(logTail);
  });
});
