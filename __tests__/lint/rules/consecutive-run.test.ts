import { consecutiveRun } from '../../../src/lint/rules/consecutive-run.js';
import { testRule } from '../rule-tester.js';

testRule(consecutiveRun, {
  valid: [
    {
      name: 'the merged RUN',
      code: 'FROM debian:12\nRUN apt-get -y update && apt-get install -y python',
    },
    'FROM debian:12\nRUN apt-get update\nCOPY . /app\nRUN make -C /app',
    'FROM debian:12\nRUN echo a\nENV B=1\nRUN echo b',
    {
      name: 'different cache mounts keep RUNs apart',
      code: 'FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r r.txt\nRUN python -m compileall /app',
    },
    {
      name: 'different network flags',
      code: 'FROM alpine:3.20\nRUN apk add --no-cache curl\nRUN --network=none ./offline-test.sh',
    },
    {
      name: 'exec form without a shell cannot take more commands',
      code: 'FROM gcr.io/distroless/base\nRUN ["/app/migrate"]\nRUN ["/app/warmup"]',
    },
    {
      name: 'a heredoc fed to python is not a shell script',
      code: 'FROM python:3.12-slim\nRUN pip install x\nRUN python3 <<EOF\nprint("hi")\nEOF',
    },
    {
      name: 'a heredoc with a python shebang',
      code: 'FROM python:3.12-slim\nRUN pip install x\nRUN <<EOF\n#!/usr/bin/env python3\nprint("hi")\nEOF',
    },
    {
      name: 'builder stages are not shipped',
      code: 'FROM golang:1.22 AS build\nRUN go mod download\nRUN go build -o /app\nFROM scratch\nCOPY --from=build /app /app',
    },
    'FROM alpine:3.20\nRUN echo a\n# a comment\nONBUILD RUN echo b\nRUN echo c',
  ],
  invalid: [
    {
      name: 'RUN apt-get -y update / RUN apt-get install -y python',
      code: 'FROM debian:12\nRUN apt-get -y update\nRUN apt-get install -y python',
      errors: [{ line: 3, messageId: 'joinable', data: { line: 2 } }],
    },
    {
      name: 'RUN apt update / RUN apt install -y openjdk-8-jdk',
      code: 'FROM debian\n\nCOPY . /app\n\nRUN apt update\nRUN apt install -y openjdk-8-jdk\n\nCMD [ "java", "-jar", "/app/target/gs-spring-boot-0.1.0.jar" ]',
      errors: [{ line: 6, messageId: 'joinable' }],
    },
    {
      name: 'every later RUN of a run is reported, comments in between do not matter',
      code: 'FROM alpine:3.20\nRUN echo a\n# why\nRUN echo b\nRUN echo c',
      errors: [
        { line: 4, messageId: 'joinable', data: { line: 2 } },
        { line: 5, messageId: 'joinable', data: { line: 4 } },
      ],
    },
    {
      name: 'same mount flags on both',
      code: 'FROM node:22-slim\nRUN --mount=type=cache,target=/root/.npm npm ci\nRUN --mount=type=cache,target=/root/.npm npm run build',
      errors: [{ line: 3, messageId: 'joinable' }],
    },
    {
      name: 'shell heredocs and sh -c exec form are joinable',
      code: 'FROM alpine:3.20\nRUN <<EOF\napk add --no-cache curl\nEOF\nRUN ["sh", "-c", "curl --version"]',
      errors: [{ line: 5, messageId: 'joinable' }],
    },
    {
      name: 'in the final stage built FROM another stage',
      code: 'FROM alpine:3.20 AS base\nRUN echo a\nRUN echo b\nFROM base\nRUN echo c\nRUN echo d',
      errors: [
        { line: 3, messageId: 'joinable' },
        { line: 6, messageId: 'joinable' },
      ],
    },
  ],
});
