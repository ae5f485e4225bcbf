import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseDockerfile, type DockerfileModel, type InstructionInfo } from '../../../../src/lint/model.js';
import {
  aptCommand,
  aptConfigures,
  aptOptions,
  apkCommand,
  countShort,
  coversDir,
  envIsSet,
  hasMountOver,
  hasOption,
  instructionsBefore,
  operands,
  optionValues,
  removesDir,
  runs,
  shippedStages,
  subcommand,
  toolCommand,
  uncleanedCaches,
} from '../../../../src/lint/rules/support/package-managers.js';
import { splitShell, type ShellCommand } from '../../../../src/lint/shell.js';

const parse = (lines: string[]) => parseDockerfile('Dockerfile', lines.join('\n'));
const argvs = (lines: string[]) => {
  const model = parse(lines);
  return model.instructions
    .filter((i) => i.keyword === 'RUN')
    .map((i) => i.commands.map((c) => c.argv.join(' ')));
};
const lastRun = (lines: string[]) => {
  const model = parse(lines);
  const run = [...model.instructions].reverse().find((i) => i.keyword === 'RUN') as InstructionInfo;
  return { model, run };
};
const argv = (text: string) => splitShell(text)[0]?.argv ?? [];

/** The commands of a RUN, as the rules read them (the model's own list). */
const runCommands = (_model: DockerfileModel, instruction: InstructionInfo): ShellCommand[] =>
  instruction.commands;

describe('runCommands', () => {
  it('reads the body of a heredoc script (the shared model leaves it empty)', () => {
    expect(
      argvs([
        'FROM debian:12',
        'RUN --mount=type=cache,target=/var/cache/apt <<EOF',
        'set -e',
        'apt-get update',
        'apt-get install -y curl',
        'EOF',
      ]),
    ).toEqual([['set -e', 'apt-get update', 'apt-get install -y curl']]);
  });

  it('reads a heredoc fed to a shell, and skips one that is data for another program', () => {
    expect(
      argvs([
        'FROM debian:12',
        'RUN <<EOF bash -e',
        'apt-get update',
        'EOF',
        'RUN <<EOF cat > /etc/apt/apt.conf.d/99x && echo done',
        'apt-get install this-is-not-run',
        'EOF',
        'RUN <<EOF',
        '#!/usr/bin/env python3',
        'print("apt-get install not-shell")',
        'EOF',
      ]),
    ).toEqual([['apt-get update'], ['cat', 'echo done'], []]);
  });

  it('strips shell reserved words and opens sh -c scripts', () => {
    expect(
      argvs([
        'FROM debian:12',
        'RUN if [ -f x ]; then sudo apt-get install -y a; else apk add b; fi',
        `RUN bash -o pipefail -ec 'apt-get update && apt-get install -y c'`,
      ]),
    ).toEqual([
      ['[ -f x ]', 'apt-get install -y a', 'apk add b'],
      ['apt-get update', 'apt-get install -y c'],
    ]);
  });

  it('reads JSON-form RUNs, plain and through sh -c', () => {
    expect(
      argvs([
        'FROM debian:12',
        'RUN ["apt-get", "install", "-y", "curl"]',
        'RUN ["/bin/sh", "-c", "apt-get update && rm -rf /var/lib/apt/lists/*"]',
      ]),
    ).toEqual([['apt-get install -y curl'], ['apt-get update', 'rm -rf /var/lib/apt/lists/*']]);
  });
});

describe('option parsing', () => {
  it('finds the subcommand after options and their values', () => {
    expect(subcommand(argv('apt-get -o Dpkg::Options::=--force-confold -qq install x'), aptValued())).toEqual(
      {
        name: 'install',
        index: 4,
      },
    );
    expect(aptCommand(splitShell('apt-get -oFoo=1 install x')[0]!)?.sub).toBe('install');
    expect(apkCommand(splitShell('apk -X http://mirror/main --no-cache add x')[0]!)?.sub).toBe('add');
    expect(toolCommand(splitShell('yum --enablerepo epel install x')[0]!, ['yum'])?.sub).toBe('epel');
    expect(subcommand(argv('yarn --frozen-lockfile'))).toBeUndefined();
  });

  it('lists operands after the subcommand', () => {
    expect(operands(argv('apk del --purge .build-deps tzdata'), undefined, 2)).toEqual([
      '.build-deps',
      'tzdata',
    ]);
  });

  it('sees long options, short letters in clusters, but not inside option values', () => {
    expect(hasOption(argv('apt-get install -qy x'), ['--yes'], 'y')).toBe(true);
    expect(hasOption(argv('apt-get install --yes=true x'), ['--yes'], 'y')).toBe(true);
    expect(hasOption(argv('apt-get install --no-install-recommends x'), ['--yes'], 'y')).toBe(false);
    // `-oAPT::Key=yes`: the y letters belong to the value of -o.
    expect(hasOption(argv('apt-get -oAPT::Key=yes install x'), ['--yes'], 'y', aptValued())).toBe(false);
    expect(hasOption(argv('apt-get install -- -y'), ['--yes'], 'y')).toBe(false);
  });

  it('counts repeated short letters', () => {
    expect(countShort(argv('apt-get -qq install x'), 'q')).toBe(2);
    expect(countShort(argv('apt-get -q install -q x'), 'q')).toBe(2);
    expect(countShort(argv('apt-get -q install x'), 'q')).toBe(1);
  });

  it('reads option values in every spelling', () => {
    const valued = { long: [], short: 'Xt' };
    expect(optionValues(argv('apk add --virtual .a x'), '--virtual', 't')).toEqual(['.a']);
    expect(optionValues(argv('apk add --virtual=.b x'), '--virtual', 't')).toEqual(['.b']);
    expect(optionValues(argv('apk add -t .c -Ut .d -t.e x'), '--virtual', 't', valued)).toEqual([
      '.c',
      '.d',
      '.e',
    ]);
    expect(optionValues(argv('apk add -Xhttp://t.example x'), '--virtual', 't', valued)).toEqual([]);
    expect(aptOptions(splitShell('apt-get -o=APT::Install-Recommends=False -oA=1 install')[0]!)).toEqual([
      'apt::install-recommends=false',
      'a=1',
    ]);
  });
});

describe('cache directories', () => {
  it('knows when a path covers a directory', () => {
    expect(coversDir('/var/lib/apt/lists/*', ['/var/lib/apt/lists'])).toBe(true);
    expect(coversDir('/var/lib/apt', ['/var/lib/apt/lists'])).toBe(true);
    expect(coversDir('/var/cache/*', ['/var/cache/apk'])).toBe(true);
    expect(coversDir('~/.cache', ['~/.cache/pip'])).toBe(true);
    expect(coversDir('/home/app/.cache/pip/', ['~/.cache/pip'])).toBe(true);
    expect(coversDir('$HOME/.npm', ['~/.npm'])).toBe(true);
    expect(coversDir('/var/lib/apt/lists/partial', ['/var/lib/apt/lists'])).toBe(false);
    expect(coversDir('/var/cache/apt', ['/var/lib/apt/lists'])).toBe(false);
    expect(coversDir('/var/lib/apt/lists/*.deb', ['/var/lib/apt/lists'])).toBe(false);
  });

  it('sees rm -rf and find -delete of a cache, not of something else', () => {
    const dirs = ['/var/lib/apt/lists'];
    expect(removesDir(splitShell('rm -rf /tmp/* /var/lib/apt/lists/*'), dirs)).toBe(true);
    expect(removesDir(splitShell('find /var/lib/apt/lists -type f -delete'), dirs)).toBe(true);
    expect(removesDir(splitShell('find /var/lib/apt/lists -type f -exec rm {} +'), dirs)).toBe(true);
    expect(removesDir(splitShell('find /var/lib/apt/lists -type f'), dirs)).toBe(false);
    expect(removesDir(splitShell('rm -rf /tmp/*; echo /var/lib/apt/lists'), dirs)).toBe(false);
  });

  it('sees mounts over a cache directory, not secrets or relative targets', () => {
    const flags = (mounts: string[]) =>
      parse(['FROM debian:12', `RUN ${mounts.map((m) => `--mount=${m}`).join(' ')} true`]).instructions[1]!;
    expect(
      hasMountOver(flags(['type=cache,target=/var/lib/apt,sharing=locked']), ['/var/lib/apt/lists']),
    ).toBe(true);
    expect(hasMountOver(flags(['type=tmpfs,dst=/root/.cache']), ['~/.cache/pip'])).toBe(true);
    expect(hasMountOver(flags(['type=cache,target=/var/cache/apt']), ['/var/lib/apt/lists'])).toBe(false);
    expect(hasMountOver(flags(['type=secret,id=x,target=/root/.npm']), ['~/.npm'])).toBe(false);
    expect(hasMountOver(flags(['type=cache,target=.cache/pip']), ['~/.cache/pip'])).toBe(false);
  });
});

describe('stages and environment', () => {
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

  it('finds variables set by ENV, ARG defaults, export and inline assignments', () => {
    const { model, run } = lastRun(lines);
    const info = { instruction: run, commands: run.commands };
    expect(envIsSet(model, info, 0, 'PIP_NO_CACHE_DIR')).toBe(true);
    expect(envIsSet(model, info, 0, 'NPM_CONFIG_CACHE')).toBe(true);
    expect(envIsSet(model, info, 0, 'YARN_CACHE_FOLDER')).toBe(false);
    const inline = lastRun(['FROM node:22', 'RUN export A=1 && B=2 yarn']);
    const inlineInfo = { instruction: inline.run, commands: runCommands(inline.model, inline.run) };
    expect(envIsSet(inline.model, inlineInfo, 1, 'A')).toBe(true);
    expect(envIsSet(inline.model, inlineInfo, 1, 'B')).toBe(true);
    expect(envIsSet(inline.model, inlineInfo, 0, 'B')).toBe(false);
  });

  it('sees apt settings written or copied in earlier', () => {
    const written = lastRun([
      'FROM debian:12',
      `RUN echo 'APT::Get::Assume-Yes "true";' > /etc/apt/apt.conf.d/90yes`,
      'RUN apt-get install x',
    ]);
    const configures = ({ model, run }: ReturnType<typeof lastRun>) =>
      aptConfigures(model, { instruction: run, commands: run.commands }, /Assume-Yes/);
    expect(configures(written)).toBe(true);
    expect(
      configures(lastRun(['FROM debian:12', 'COPY apt.conf /etc/apt/apt.conf.d/', 'RUN apt-get install x'])),
    ).toBe(true);
    expect(
      configures(lastRun(['FROM debian:12', `RUN echo 'Assume-Yes "1";' > /etc/apt/x && apt-get install x`])),
    ).toBe(true);
    // Set on apt's own command line, it is the command's business, not a conf file.
    expect(configures(lastRun(['FROM debian:12', 'RUN apt-get -o APT::Get::Assume-Yes=0 install x']))).toBe(
      false,
    );
    expect(configures(lastRun(['FROM debian:12', 'COPY . /app', 'RUN apt-get install x']))).toBe(false);
  });
});

describe('uncleanedCaches', () => {
  const spec = {
    fills: (c: { argv: string[] }) => c.argv[0] === 'yum' && c.argv[1] === 'install',
    cleans: (c: { argv: string[] }) => c.argv.join(' ') === 'yum clean all',
    dirs: ['/var/cache/yum'],
  };
  const found = (lines: string[]) =>
    uncleanedCaches(parse(lines), spec).map(
      (f) => `${f.run.instruction.range.start.line}: ${f.command.argv[2]}`,
    );

  it('reports the first filling command of a RUN that does not clean afterwards', () => {
    expect(found(['FROM centos:7', 'RUN yum install -y a && yum install -y b'])).toEqual(['1: -y']);
    expect(found(['FROM centos:7', 'RUN yum clean all && yum install -y a'])).toEqual(['1: -y']);
    expect(
      found(['FROM centos:7', 'RUN yum install -y a && rm -rf /var/cache/yum/* && yum install -y b']),
    ).toEqual(['1: -y']);
  });

  it('accepts a clean command, rm, or a mount after the last install', () => {
    expect(found(['FROM centos:7', 'RUN yum install -y a && yum clean all'])).toEqual([]);
    expect(found(['FROM centos:7', 'RUN yum install -y a && rm -rf /var/cache/yum'])).toEqual([]);
    expect(found(['FROM centos:7', 'RUN --mount=type=cache,target=/var/cache/yum yum install -y a'])).toEqual(
      [],
    );
  });

  it('ignores stages that are not shipped', () => {
    expect(
      found(['FROM centos:7 AS build', 'RUN yum install -y gcc', 'FROM scratch', 'COPY --from=build /a /a']),
    ).toEqual([]);
  });
});

function aptValued() {
  return { long: ['--option'], short: 'o' };
}

describe('odd input', () => {
  it('never throws, whatever a RUN contains', () => {
    const piece = fc.constantFrom(
      'RUN ',
      'RUN --mount=type=cache,target=',
      '<<EOF\n',
      '<<-"X" bash\n',
      '\nEOF\n',
      'apt-get ',
      '-o',
      '-t',
      'install ',
      'sh -c ',
      "'",
      '"',
      '\\\n',
      ' && ',
      '|',
      '$(',
      '{',
      'then ',
      'rm -rf ~/',
      'FROM a AS b\n',
      'FROM b\n',
      '["apk", "add"]',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string()), { maxLength: 30 }), (pieces) => {
        const model = parseDockerfile('Dockerfile', pieces.join(''));
        for (const run of runs(model)) {
          hasMountOver(run.instruction, ['/var/cache/apk']);
          removesDir(run.commands, ['~/.npm']);
          run.commands.forEach((c, i) => envIsSet(model, run, i, 'X'));
        }
        uncleanedCaches(model, { fills: () => true, cleans: () => false, dirs: ['/var/lib/apt/lists'] });
      }),
      { numRuns: 500 },
    );
  });
});
