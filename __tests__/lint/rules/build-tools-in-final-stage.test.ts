import { expect } from '@jest/globals';
import { buildToolsInFinalStage } from '../../../src/lint/rules/build-tools-in-final-stage.js';
import { testRule } from '../rule-tester.js';

const lines = (...l: string[]): string => l.join('\n');

testRule(buildToolsInFinalStage, {
  valid: [
    {
      name: 'multi-stage Go build shipped on alpine',
      code: lines(
        'FROM golang:alpine AS build-env',
        'WORKDIR /app',
        'ADD . /app',
        'RUN cd /app && go build -o goapp',
        'FROM alpine',
        'RUN apk update && apk add ca-certificates && update-ca-certificates && rm -rf /var/cache/apk/*',
        'WORKDIR /app',
        'COPY --from=build-env /app/goapp /app',
        'ENTRYPOINT ./goapp',
      ),
    },
    {
      name: 'Maven builder, a dev stage with vim, and a JRE final stage',
      code: lines(
        'FROM maven:3.6.1-jdk-8-alpine AS builder',
        'WORKDIR /app',
        'COPY pom.xml /app/',
        'RUN mvn dependency:go-offline',
        'COPY src /app/src',
        'RUN mvn -e -B package',
        'FROM builder AS dev',
        'RUN apk add --no-cache vim',
        'FROM openjdk:8-jre-alpine',
        'COPY --from=builder /app/target/gs-spring-boot-0.1.0.jar /',
        'CMD [ "java", "-jar", "/gs-spring-boot-0.1.0.jar" ]',
      ),
    },
    {
      name: 'make in a golang stage, distroless final stage',
      code: lines(
        'FROM  golang:1.14 as build-env',
        'WORKDIR /home/docker',
        'COPY . .',
        'RUN make',
        'FROM gcr.io/distroless/base',
        'COPY --from=build-env /home/docker/dogo /home/docker/dogo',
        'CMD ["/home/docker/dogo"]',
      ),
    },
    {
      name: 'the build hides in run.sh of a custom image',
      code: lines(
        'FROM wangyanglinux/go:run1.0',
        'COPY ./run.sh /root',
        'RUN /bin/bash /root/run.sh',
        'FROM alpine:latest',
        'COPY --from=0 /go/src/Reptile/main /root',
      ),
    },
    'FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt',
    'FROM node:22-alpine\nCOPY --from=build /app/dist ./dist\nRUN npm ci --omit=dev && npm run test',
    {
      name: 'compile and remove the toolchain in the same RUN',
      code: 'FROM alpine:3.20\nRUN apk add --no-cache --virtual .build gcc musl-dev make && make && make install && apk del .build',
    },
    {
      name: 'a heredoc that only writes a script mentioning make',
      code: 'FROM alpine:3.20\nRUN cat <<EOF > /usr/local/bin/build.sh\nmake all\nEOF',
    },
    'ARG BASE\nFROM $BASE\nCOPY app /app',
    'FROM golang:1.22 AS build\nRUN go build -o /app\nFROM golang:1.22 AS test\nRUN go test ./...\nFROM scratch\nCOPY --from=build /app /app',
    'FROM node:22\nRUN npm run lint\nCMD ["node", "server.js"]',
  ],
  invalid: [
    {
      name: 'golang:onbuild builds through ONBUILD triggers',
      code: 'FROM golang:onbuild\nEXPOSE 8080',
      errors: [
        {
          line: 1,
          messageId: 'buildImage',
          data: {
            image: 'golang:onbuild',
            fix: expect.stringContaining('`scratch` or `gcr.io/distroless/static`'),
          },
        },
      ],
    },
    {
      name: 'single-stage golang:alpine build',
      code: lines(
        'FROM golang:alpine',
        'WORKDIR /app',
        'ADD . /app',
        'RUN cd /app && go build -o goapp',
        'EXPOSE 8080',
        'ENTRYPOINT ./goapp',
      ),
      errors: [
        { line: 4, messageId: 'buildsOnImage', data: { command: 'go build', image: 'golang:alpine' } },
      ],
    },
    {
      name: 'mvn package in the Maven image',
      code: lines(
        'FROM maven:3.6.1-jdk-8-alpine',
        'WORKDIR /app',
        'COPY pom.xml /app/',
        'RUN mvn dependency:go-offline',
        'COPY src /app/src',
        'RUN mvn -e -B package',
        'CMD [ "java", "-jar", "/app/target/gs-spring-boot-0.1.0.jar" ]',
      ),
      errors: [
        {
          line: 6,
          messageId: 'buildsOnImage',
          data: { fix: expect.stringContaining('`eclipse-temurin:<version>-jre`'), size: '' },
        },
      ],
    },
    {
      name: 'the final stage is built FROM the build stage',
      code: 'FROM golang:1.22 AS build\nRUN go build -o /app\nFROM build AS final\nCMD ["/app"]',
      errors: [{ line: 2, messageId: 'buildsOnImage', data: { command: 'go build', image: 'golang:1.22' } }],
    },
    {
      code: 'FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nCMD ["node", "dist/server.js"]',
      errors: [{ line: 4, messageId: 'builds', data: { command: 'npm run build' } }],
    },
    {
      code: 'FROM node:22-alpine\nCOPY . .\nRUN yarn build',
      errors: [{ line: 3, messageId: 'builds', data: { command: 'yarn build' } }],
    },
    {
      code: 'FROM node:22-alpine\nRUN pnpm run build:prod\nCMD ["node", "dist/main.js"]',
      errors: [{ line: 2, messageId: 'builds', data: { command: 'pnpm run build:prod' } }],
    },
    {
      code: 'FROM rust:1\nCOPY . .\nRUN ["cargo", "build", "--release"]',
      errors: [{ line: 3, messageId: 'buildsOnImage', data: { command: 'cargo build', image: 'rust:1' } }],
    },
    {
      code: 'FROM mcr.microsoft.com/dotnet/sdk:9.0\nCOPY . .\nRUN dotnet publish -c Release -o out',
      errors: [
        { line: 3, messageId: 'buildsOnImage', data: { fix: expect.stringContaining('dotnet/aspnet') } },
      ],
    },
    {
      name: 'a heredoc build script on a plain base',
      code: 'FROM alpine:3.20\nRUN apk add --no-cache go\nRUN <<EOF\nset -e\ngo build -o /app\nEOF\nCMD ["/app"]',
      errors: [{ line: 3, messageId: 'builds', data: { command: 'go build' } }],
    },
    {
      code: 'FROM debian:12\nCOPY hello.c .\nRUN apt-get update && apt-get install -y gcc && gcc -o /hello hello.c',
      errors: [{ line: 3, messageId: 'builds' }],
    },
    {
      code: 'FROM gradle:jdk21\nCOPY . .\nRUN gradle bootJar',
      errors: [
        {
          line: 3,
          messageId: 'buildsOnImage',
          data: { command: 'gradle bootJar', size: ' (gradle:jdk21 is 444.0 MB to pull, 2026-08)' },
        },
      ],
    },
    {
      code: 'FROM gcc:14\nCOPY --from=build /out/app /app\nCMD ["/app"]',
      errors: [{ line: 1, messageId: 'buildImage', data: { image: 'gcc:14', size: '' } }],
    },
  ],
});
