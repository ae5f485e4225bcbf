import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseDockerfile } from '../../../../src/dockerfile/model.js';
import { splitShell } from '../../../../src/dockerfile/shell.js';
import { buildCommand } from '../../../../src/lint/rules/support/build-commands.js';
import { copySources, isWholeContextCopy } from '../../../../src/lint/rules/support/copy-paths.js';
import { dependencyInstall } from '../../../../src/lint/rules/support/dependency-installs.js';
import { installedPackages } from '../../../../src/lint/rules/support/package-managers.js';

const parse = (text: string) => parseDockerfile('Dockerfile', text);
const one = (text: string) => splitShell(text)[0] ?? { env: {}, argv: [], joinedBy: '' };

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

describe('odd input', () => {
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
