import { missingDockerignore } from '../../../src/lint/rules/missing-dockerignore.js';
import { testRule } from '../rule-tester.js';

const absent = { hasDockerignore: false };

testRule(missingDockerignore, {
  valid: [
    {
      name: 'a .dockerignore exists',
      code: 'FROM node:22\nCOPY . .',
      buildContext: { hasDockerignore: true },
    },
    { name: 'unknown whether one exists', code: 'FROM node:22\nCOPY . .', buildContext: {} },
    {
      name: 'only the built jar is copied',
      code: 'FROM openjdk:8-jre-alpine\nCOPY target/gs-spring-boot-0.1.0.jar /app/',
      buildContext: absent,
    },
    { code: 'FROM node:22\nCOPY package.json src/ ./', buildContext: absent },
    {
      name: 'COPY --from=stage . copies from a stage',
      code: 'FROM a AS b\nFROM c\nCOPY --from=b . .',
      buildContext: absent,
    },
    { code: 'FROM alpine\nCOPY <<EOF /etc/motd\n.\nEOF', buildContext: absent },
  ],
  invalid: [
    {
      name: 'COPY . /app with no .dockerignore',
      code: 'FROM debian\n\nCOPY . /app\n\nRUN apt update',
      buildContext: absent,
      errors: [{ line: 3, messageId: 'noDockerignore', data: { copy: 'COPY . /app' } }],
    },
    {
      name: 'reported once, at the first whole-context copy',
      code: 'FROM golang:alpine AS build-env\nWORKDIR /app\nADD . /app\nFROM alpine\nCOPY ./ /srv',
      buildContext: absent,
      errors: [{ line: 3, messageId: 'noDockerignore', data: { copy: 'ADD . /app' } }],
    },
    {
      code: 'FROM node:22\nCOPY ["./", "/app"]',
      buildContext: absent,
      errors: [{ line: 2, messageId: 'noDockerignore' }],
    },
  ],
});
