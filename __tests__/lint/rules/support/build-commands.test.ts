import { describe, expect, it } from '@jest/globals';
import { splitShell } from '../../../../src/dockerfile/shell.js';
import { buildCommand } from '../../../../src/lint/rules/support/build-commands.js';

const one = (text: string) => splitShell(text)[0] ?? { env: {}, argv: [], joinedBy: '' };

describe('buildCommand', () => {
  it.each([
    ['go build -o /app .', 'go', 'go build'],
    ['go build -v ./...', 'go', 'go build'],
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
    'javac --version',
    'javac -version',
    'gcc -v',
    'make --help',
    'mvn -version package',
    'cargo --version',
  ])('%s is not a build', (text) => {
    expect(buildCommand(one(text))).toBeUndefined();
  });
});
