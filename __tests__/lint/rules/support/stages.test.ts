import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseDockerfile, type DockerfileModel, type InstructionInfo } from '../../../../src/lint/model.js';
import { splitShell, type ShellCommand } from '../../../../src/lint/shell.js';
import {
  baseImage,
  buildCommand,
  copySources,
  copySourceStage,
  dependencyInstall,
  envAssignments,
  fromChain,
  installedPackages,
  isWholeContextCopy,
} from '../../../../src/lint/rules/support/stages.js';

const parse = (text: string) => parseDockerfile('Dockerfile', text);
const one = (text: string) => splitShell(text)[0] ?? { env: {}, argv: [], joinedBy: '' };
const at = (text: string, line: number): InstructionInfo => {
  const found = parse(text).instructions.find((i) => i.range.start.line === line - 1);
  if (!found) throw new Error(`no instruction on line ${line}`);
  return found;
};

/** The commands of a RUN, as the rules read them (the model's own list). */
const runCommands = (_model: DockerfileModel, instruction: InstructionInfo): ShellCommand[] =>
  instruction.commands;

describe('stage graph', () => {
  const model = parse(
    'FROM golang:1.22 AS build\nFROM build AS test\nFROM test AS final\nCOPY --from=build /a /a\nCOPY --from=nginx:1 /b /b\nCOPY --from=later /c /c\nFROM alpine AS later',
  );

  it('follows FROM <stage> chains to the external base image', () => {
    const final = model.stages[2]!;
    expect(fromChain(model, final).map((s) => s.name)).toEqual(['final', 'test', 'build']);
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

describe('COPY sources', () => {
  it.each([
    ['COPY . .', ['.'], true],
    ['COPY --chown=1:1 ./ /app/', ['./'], true],
    ['ADD ./. /srv', ['./.'], true],
    ['COPY ["./", "/app/"]', ['./'], true],
    ['COPY package.json yarn.lock ./', ['package.json', 'yarn.lock'], false],
    ['COPY ./src .', ['./src'], false],
    ['COPY --from=build . .', ['.'], false],
    ['COPY <<EOF /x\n.\nEOF', undefined, false],
  ])('%j', (line, sources, whole) => {
    const instruction = at(`FROM a\n${line}`, 2);
    expect(copySources(instruction)).toEqual(sources);
    expect(isWholeContextCopy(instruction)).toBe(whole);
  });
});

describe('runCommands', () => {
  const argv = (text: string, line = 2) =>
    runCommands(parse(text), at(text, line)).map((c) => c.argv.join(' '));

  it('reads heredoc bodies run by the shell', () => {
    expect(argv('FROM a\nRUN <<EOF\nset -e\nnpm ci\nEOF')).toEqual(['set -e', 'npm ci']);
    expect(argv('FROM a\nRUN <<-EOT bash -e\n\tgo build -o /x\nEOT')).toEqual(['go build -o /x']);
  });

  it('treats a heredoc fed to another program as data', () => {
    expect(argv('FROM a\nRUN cat <<EOF > /x.sh && sh /x.sh\nmake\nEOF')).toEqual(['cat', 'sh /x.sh']);
    expect(argv('FROM a\nRUN python3 <<EOF\nimport os\nEOF')).toEqual(['python3']);
    expect(argv('FROM a\nRUN <<A cat <<B\nnpm ci\nA\nmake\nB')).toEqual(['cat']);
  });

  it('unwraps sudo/env but keeps `command -v` a lookup', () => {
    expect(argv('FROM a\nRUN sudo -E env A=1 npm ci && command -v vim && command ls')).toEqual([
      'npm ci',
      'command -v vim',
      'ls',
    ]);
  });

  it('handles JSON form and non-RUN instructions', () => {
    expect(argv('FROM a\nRUN ["sh", "-c", "go build && make"]')).toEqual(['go build', 'make']);
    expect(argv('FROM a\nCOPY . .')).toEqual([]);
  });

  it('never throws on arbitrary Dockerfile text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (body) => {
        const model = parse(`FROM a\nRUN ${body}\nRUN <<EOF\n${body}\nEOF\nCOPY ${body}`);
        for (const i of model.instructions) {
          i.commands.forEach((c) => [dependencyInstall(c), buildCommand(c), installedPackages(c)]);
          copySources(i);
          isWholeContextCopy(i);
        }
      }),
    );
  });
});

describe('dependencyInstall', () => {
  it.each([
    ['npm ci', 'node', 'npm ci', 'package.json and package-lock.json'],
    ['npm install --omit dev', 'node', 'npm install', 'package.json and package-lock.json'],
    ['yarn', 'node', 'yarn install', 'package.json and yarn.lock'],
    ['yarn install --frozen-lockfile', 'node', 'yarn install', 'package.json and yarn.lock'],
    ['pnpm i --frozen-lockfile', 'node', 'pnpm i', 'package.json and pnpm-lock.yaml'],
    ['pip3 install --no-cache-dir -r reqs/prod.txt', 'python', 'pip install -r', 'reqs/prod.txt'],
    ['python -m pip install --requirement=requirements.txt', 'python', 'pip install -r', 'requirements.txt'],
    ['uv pip install -r requirements.txt', 'python', 'pip install -r', 'requirements.txt'],
    ['pip install -e .', 'python', 'pip install .', 'pyproject.toml (or setup.py)'],
    ['poetry install --no-root', 'python', 'poetry install', 'pyproject.toml and poetry.lock'],
    ['pipenv install --deploy --system', 'python', 'pipenv install', 'Pipfile and Pipfile.lock'],
    ['bundle install', 'ruby', 'bundle install', 'Gemfile and Gemfile.lock'],
    ['go mod download', 'go', 'go mod download', 'go.mod and go.sum'],
    ['/app/mvnw -B dependency:go-offline', 'maven', 'mvn dependency:go-offline', 'pom.xml'],
    ['./gradlew build', 'gradle', 'gradlew', 'build.gradle(.kts), settings.gradle(.kts) and gradle/'],
    ['cargo fetch', 'rust', 'cargo fetch', 'Cargo.toml and Cargo.lock'],
    ['composer install --no-dev', 'php', 'composer install', 'composer.json and composer.lock'],
    ['apt-get -y install openjdk-17-jre', 'system', 'apt-get install', undefined],
    ['apk add --no-cache --virtual .deps gcc', 'system', 'apk add', undefined],
  ])('%s', (text, ecosystem, label, manifests) => {
    const found = dependencyInstall(one(text));
    expect([found?.ecosystem, found?.label, found?.manifests]).toEqual([ecosystem, label, manifests]);
  });

  it.each([
    'npm install -g typescript',
    'npm run build',
    'yarn add react',
    'pip install --upgrade pip',
    'pipenv install requests',
    'go build ./...',
    'mvn -v',
    'gradle',
    'apt-get update',
    'apt-get install -y ./tool.deb',
    'apk add $(cat /pkgs.txt)',
  ])('%s is not a manifest install', (text) => {
    expect(dependencyInstall(one(text))).toBeUndefined();
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
    ['pip install vim', undefined],
  ])('%s', (text, packages) => {
    expect(installedPackages(one(text))).toEqual(packages);
  });
});

describe('buildCommand', () => {
  it.each([
    ['go build -o /app .', 'go', 'go build'],
    ['mvn -e -B package', 'java', 'mvn package'],
    ['./gradlew :app:bootJar', 'java', 'gradlew :app:bootJar'],
    ['javac Main.java', 'java', 'javac'],
    ['cargo build --release', 'rust', 'cargo build'],
    ['make -j4', 'c', 'make'],
    ['cmake --build build', 'c', 'cmake --build'],
    ['npm run build', 'node', 'npm run build'],
    ['yarn build', 'node', 'yarn build'],
    ['pnpm run build:prod', 'node', 'pnpm run build:prod'],
    ['dotnet publish -c Release', 'dotnet', 'dotnet publish'],
  ])('%s', (text, family, label) => {
    expect(buildCommand(one(text))).toEqual({ family, label });
  });

  it.each([
    'go test ./...',
    'mvn dependency:go-offline',
    'gradle dependencies',
    'npm run lint',
    'npm build',
    'cmake ..',
  ])('%s is not a build', (text) => {
    expect(buildCommand(one(text))).toBeUndefined();
  });
});

describe('envAssignments', () => {
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
    expect(envAssignments(at(`FROM a\n${line}`, 2))).toEqual(pairs);
  });
});
