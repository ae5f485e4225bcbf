import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseDockerfile } from '../../../../src/dockerfile/model.js';
import { splitShell } from '../../../../src/dockerfile/shell.js';
import { runs } from '../../../../src/dockerfile/stages.js';
import { envIsSet } from '../../../../src/dockerfile/variables.js';
import {
  apkCommand,
  aptCommand,
  aptConfigures,
  aptOptions,
  coversDir,
  hasMountOver,
  installedPackages,
  isBuildToolPackage,
  rpmCacheDir,
  removesDir,
  toolCommand,
  uncleanedCaches,
} from '../../../../src/lint/rules/support/package-managers.js';
import { lastRun, parse } from '../../../dockerfile/parse.js';

const one = (text: string) => splitShell(text)[0] ?? { env: {}, argv: [], joinedBy: '' };

describe('package-manager commands', () => {
  it('finds the subcommand and the options given to apt', () => {
    expect(aptCommand(splitShell('apt-get -oFoo=1 install x')[0]!)?.sub).toBe('install');
    expect(apkCommand(splitShell('apk -X http://mirror/main --no-cache add x')[0]!)?.sub).toBe('add');
    expect(toolCommand(splitShell('yum --enablerepo epel install x')[0]!, ['yum'])?.sub).toBe('epel');
    expect(aptOptions(splitShell('apt-get -o=APT::Install-Recommends=False -oA=1 install')[0]!)).toEqual([
      'apt::install-recommends=false',
      'a=1',
    ]);
  });
});

describe('apt configuration', () => {
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
  });

  it('counts a glob of the entries right inside a cache folder as removing it', () => {
    expect(coversDir('/var/lib/apt/lists/*_*', ['/var/lib/apt/lists'])).toBe(true);
    expect(coversDir('/var/lib/apt/lists/*.deb', ['/var/lib/apt/lists'])).toBe(true);
    expect(coversDir('/var/cache/apk/*.tar.gz', ['/var/cache/apk'])).toBe(true);
    expect(coversDir('/var/lib/apt/lists/partial/*', ['/var/lib/apt/lists'])).toBe(false);
    expect(coversDir('/var/lib/apt/*.bin', ['/var/lib/apt/lists'])).toBe(false);
    expect(removesDir(splitShell('rm -f /var/lib/apt/lists/*_*'), ['/var/lib/apt/lists'])).toBe(true);
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

describe('isBuildToolPackage', () => {
  it.each([
    ['gcc', true],
    ['openssl-dev', true],
    ['build-base', true],
    ['curl', true],
    ['clang17', true],
    ['so:libssl.so.3', false],
    ['$runDeps', false],
    ['bash', false],
    ['tzdata', false],
  ])('%s', (name, expected) => {
    expect(isBuildToolPackage(name)).toBe(expected);
  });
});

describe('rpmCacheDir', () => {
  const dir = (from: string, program: string) => {
    const model = parse([`FROM ${from}`, `RUN ${program} install -y jq`]);
    return rpmCacheDir(model, model.instructions[1]!, program);
  };
  it.each([
    ['amazonlinux:2023', 'yum', '/var/cache/dnf'],
    ['amazonlinux:2', 'yum', '/var/cache/yum'],
    ['centos:7', 'yum', '/var/cache/yum'],
    ['rockylinux:9', 'yum', '/var/cache/dnf'],
    ['registry.access.redhat.com/ubi8/ubi', 'yum', '/var/cache/dnf'],
    ['quay.io/centos/centos:stream9', 'dnf', '/var/cache/dnf'],
    ['fedora:40', 'dnf', '/var/cache/dnf'],
    ['fedora:41', 'dnf', '/var/cache/libdnf5'],
    ['fedora:latest', 'dnf', undefined],
    ['example.com/my/base:1', 'yum', undefined],
    ['example.com/my/base:1', 'microdnf', '/var/cache/yum'],
  ])('%s %s', (from, program, expected) => {
    expect(dir(from, program)).toBe(expected);
  });
});

describe('installedPackages', () => {
  it.each([
    ['apt-get install -y --no-install-recommends vim=2:9.0 nano', ['vim', 'nano']],
    ['apt-get -o Dpkg::Options::=--force-confold install -y ssh', ['ssh']],
    ['apk add --no-cache --virtual .build-deps gcc musl-dev', ['gcc', 'musl-dev']],
    ['dnf install -y vim-enhanced', ['vim-enhanced']],
    ['zypper in -y nano', ['nano']],
    ['apt-get remove vim', undefined],
    ['apt-get install -s vim', undefined],
    ['apt-get --just-print install vim', undefined],
    ['pip install vim', undefined],
  ])('%s', (text, packages) => {
    expect(installedPackages(one(text))).toEqual(packages);
  });
});

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
