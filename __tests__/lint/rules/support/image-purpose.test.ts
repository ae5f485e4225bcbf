import { describe, expect, it } from '@jest/globals';
import { parseDockerfile, type Stage } from '../../../../src/dockerfile/model.js';
import { lintDockerfile } from '../../../../src/lint/engine.js';
import { containerCommand, toolchainPurpose } from '../../../../src/lint/rules/support/image-purpose.js';

const lines = (...l: string[]): string => l.join('\n');

function purpose(text: string, file = 'Dockerfile'): string | undefined {
  const model = parseDockerfile(file, text);
  return toolchainPurpose(model, model.stages[model.stages.length - 1] as Stage);
}

/** The findings of the two base-image rules on a file, as `rule:line`. */
function imageFindings(text: string, file = 'Dockerfile'): string[] {
  return lintDockerfile(file, text)
    .filter((f) => f.rule === 'build-tools-in-final-stage' || f.rule === 'heavy-base-image')
    .map((f) => `${f.rule}:${f.line}`);
}

describe('containerCommand', () => {
  it.each([
    ['ENTRYPOINT ["mvn", "-B"]\nCMD ["verify"]', 'mvn'],
    ['ENTRYPOINT ["/usr/local/bin/mvn-entrypoint.sh"]\nCMD ["mvn"]', 'mvn'],
    ['ENTRYPOINT ["tini", "--"]\nCMD ["node", "server.js"]', 'node'],
    ['CMD ["gosu", "app", "python3", "app.py"]', 'python3'],
    ['CMD exec java -jar /app.jar', 'java'],
    ['ENTRYPOINT ["/bin/bash", "-c"]', 'sh'],
    ['CMD ["bash"]', 'sh'],
    ['CMD ["env", "NODE_ENV=production", "node", "server.js"]', 'node'],
    ['CMD ["sh", "-c", "exec gunicorn app:app"]', 'gunicorn'],
  ])('%s → %s', (tail, program) => {
    const model = parseDockerfile('Dockerfile', `FROM debian:12\n${tail}`);
    expect(containerCommand(model, model.stages[0] as Stage)?.program).toBe(program);
  });
  it('is undefined without ENTRYPOINT or CMD (the base image decides)', () => {
    const model = parseDockerfile('Dockerfile', 'FROM debian:12\nRUN true');
    expect(containerCommand(model, model.stages[0] as Stage)).toBeUndefined();
  });
});

describe('toolchainPurpose', () => {
  it.each([
    ['ENTRYPOINT ["mvn"]', 'FROM maven:3.9-eclipse-temurin-17\nCOPY pom.xml .\nENTRYPOINT ["mvn"]'],
    ['CMD ["gcc"]', 'FROM gcc:14\nCOPY . .\nCMD ["gcc"]'],
    ['CMD ["make"]', 'FROM gcc:14\nCOPY . .\nCMD ["make"]'],
    ['ENTRYPOINT ["go"]', 'FROM golang:1.23\nCOPY . .\nENTRYPOINT ["go"]'],
    ['CMD ["cargo", "test"]', 'FROM rust:1.82\nCOPY . .\nCMD ["cargo", "test"]'],
    ['gradlew', 'FROM eclipse-temurin:21\nCOPY . .\nCMD ["./gradlew", "build"]'],
    ['dotnet with no app dll', 'FROM mcr.microsoft.com/dotnet/sdk:8.0\nCOPY . .\nENTRYPOINT ["dotnet"]'],
    ['jshell of a JDK image', 'FROM eclipse-temurin:21-jdk\nCOPY x /x\nCMD ["jshell"]'],
    [
      'no app: nothing copied, only a shell',
      'FROM golang:1.23\nRUN go install gotest.tools/gotestsum@v1.12.0\nENTRYPOINT ["/bin/bash", "-c"]',
    ],
  ])('%s', (_name, text) => {
    expect(purpose(text)).toBeDefined();
  });

  it.each([
    'builder.Dockerfile',
    'docker/Dockerfile.ci',
    'ci/Dockerfile',
    'images/go-build-env.Dockerfile',
    'android-sdk.Dockerfile',
    'toolchain/Dockerfile',
    '.devcontainer/Dockerfile',
  ])('the file name %s marks a build environment', (file) => {
    expect(purpose('FROM golang:1.23\nCOPY . .\nRUN go build ./...', file)).toBeDefined();
  });

  it.each([
    [
      'an app command beats the file name',
      'FROM mcr.microsoft.com/dotnet/sdk:8.0\nCOPY . .\nRUN dotnet publish -o out\nENTRYPOINT ["dotnet", "out/App.dll"]',
      'sdk-app.Dockerfile',
    ],
    ['go run is an app', 'FROM golang:1.23\nCOPY . .\nCMD ["go", "run", "."]', 'Dockerfile'],
    ['copied sources, no command', 'FROM golang:1.23\nCOPY . .\nRUN go build -o /app', 'Dockerfile'],
    ['an exposed port is a service', 'FROM golang:onbuild\nEXPOSE 8080', 'Dockerfile'],
    ['ci only as a whole word', 'FROM golang:1.23\nRUN go install x@v1', 'services/precise.Dockerfile'],
  ])('%s', (_name, text, file) => {
    if (file === 'services/precise.Dockerfile') {
      // Nothing copied and no command: still a build environment, but not because of the name.
      expect(purpose(text, file)).toBe('no app');
    } else expect(purpose(text, file)).toBeUndefined();
  });
});

describe('build-tools-in-final-stage and heavy-base-image on toolchain images', () => {
  it.each([
    [
      'ci-and-toolchain/android-sdk',
      lines('FROM eclipse-temurin:17-jdk-jammy', 'RUN yes | sdkmanager --licenses', 'WORKDIR /project'),
      'Dockerfile',
    ],
    [
      'a Maven CI image',
      lines(
        'FROM maven:3.9-eclipse-temurin-17',
        'COPY pom.xml .',
        'RUN mvn -B dependency:go-offline',
        'ENTRYPOINT ["mvn", "-B"]',
        'CMD ["verify"]',
      ),
      'Dockerfile',
    ],
    [
      'official-images/maven-temurin',
      lines(
        'FROM eclipse-temurin:21-jdk',
        'COPY mvn-entrypoint.sh /usr/local/bin/',
        'RUN mvn --version',
        'ENTRYPOINT ["/usr/local/bin/mvn-entrypoint.sh"]',
        'CMD ["mvn"]',
      ),
      'Dockerfile',
    ],
    [
      'a gcc SDK image',
      lines(
        'FROM gcc:14',
        'RUN apt-get update && apt-get install -y --no-install-recommends cmake && rm -rf /var/lib/apt/lists/*',
        'CMD ["make"]',
      ),
      'Dockerfile',
    ],
    [
      'a Go CI builder by name',
      lines('FROM golang:1.23', 'COPY tools.go .', 'RUN go install ./...'),
      'go-ci-builder.Dockerfile',
    ],
    [
      'a Rust toolchain with cargo install',
      lines('FROM rust:1.82', 'RUN cargo install cargo-deny --locked'),
      'Dockerfile',
    ],
    [
      'a .NET SDK CI image',
      lines(
        'FROM mcr.microsoft.com/dotnet/sdk:8.0',
        'RUN dotnet tool install --global dotnet-sonarscanner',
        'WORKDIR /src',
      ),
      'Dockerfile',
    ],
    [
      'a devcontainer on the full python image',
      lines(
        'FROM python:3.12-bookworm',
        'COPY requirements-dev.txt .',
        'RUN pip install -r requirements-dev.txt',
      ),
      '.devcontainer/Dockerfile',
    ],
    [
      'a devcontainer on full debian',
      lines('FROM debian:bookworm', 'COPY setup.sh .'),
      '.devcontainer/Dockerfile',
    ],
  ])('stay silent on %s', (_name, text, file) => {
    expect(imageFindings(text, file)).toEqual([]);
  });

  it('a JDK smoke test (`javac --version`) is not a build', () => {
    const text = lines(
      'FROM ubuntu:24.04',
      'COPY jdk /opt/jdk',
      'RUN /opt/jdk/bin/javac --version && java -version',
      'CMD ["java", "--version"]',
    );
    expect(lintDockerfile('Dockerfile', text).filter((f) => f.rule === 'build-tools-in-final-stage')).toEqual(
      [],
    );
  });

  it('report an app built in its toolchain image once, at the build', () => {
    const text = lines('FROM golang:1.21', 'COPY . .', 'RUN go install -v ./...', 'CMD ["app"]');
    expect(imageFindings(text)).toEqual(['build-tools-in-final-stage:3']);
  });

  it('report an app on a toolchain base without a build once, at the FROM', () => {
    const text = lines(
      'FROM mcr.microsoft.com/dotnet/sdk:8.0',
      'COPY out/ /app/',
      'ENTRYPOINT ["dotnet", "/app/App.dll"]',
    );
    expect(imageFindings(text, 'sdk.Dockerfile')).toEqual(['build-tools-in-final-stage:1']);
  });

  it.each([
    [
      'npm run build on node:22',
      lines('FROM node:22', 'COPY . .', 'RUN npm ci && npm run build', 'CMD ["node", "dist/server.js"]'),
      '`node:22-slim`',
    ],
    [
      'make on python:3.12 (the stage is Python)',
      lines('FROM python:3.12', 'COPY . /app', 'RUN make -C /app', 'CMD ["python", "/app/main.py"]'),
      '`python:3.12-slim`',
    ],
    [
      'mvn package on a JDK',
      lines(
        'FROM eclipse-temurin:21',
        'COPY . .',
        'RUN ./mvnw package',
        'CMD ["java", "-jar", "target/app.jar"]',
      ),
      '`eclipse-temurin:21-jre`',
    ],
  ])(
    'report an app built on its full runtime image once (%s), naming the light image',
    (_name, text, light) => {
      const found = lintDockerfile('Dockerfile', text).filter(
        (f) => f.rule === 'build-tools-in-final-stage' || f.rule === 'heavy-base-image',
      );
      expect(found.map((f) => `${f.rule}:${f.line}`)).toEqual(['build-tools-in-final-stage:3']);
      expect(found[0]?.message).toContain(light);
    },
  );

  it('still report a full runtime image of an app', () => {
    const text = lines('FROM python:3.10', 'COPY . /app', 'CMD ["python", "/app/main.py"]');
    expect(imageFindings(text)).toEqual(['heavy-base-image:1']);
  });
});
