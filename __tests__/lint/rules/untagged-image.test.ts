import { untaggedImage } from '../../../src/lint/rules/untagged-image.js';
import { testRule } from '../rule-tester.js';

testRule(untaggedImage, {
  valid: [
    'FROM python:3.12-slim',
    'FROM python@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    { name: 'scratch is not an image', code: 'FROM scratch\nCOPY app /app' },
    {
      name: 'a previous stage name (any case)',
      code: 'FROM golang:1.22 AS Build\nRUN go build -o /app\nFROM build AS test\nRUN go test ./...',
    },
    { name: 'an unresolved variable', code: 'ARG BASE\nFROM ${BASE}' },
    { name: 'a variable with a tagged default', code: 'ARG BASE=python:3.12-slim\nFROM $BASE' },
    { name: 'a registry with a port and a tag', code: 'FROM localhost:5000/team/app:1.4' },
  ],
  invalid: [
    {
      name: 'FROM debian',
      code: 'FROM debian\nRUN apt update && apt install -y --no-install-recommends openjdk-8-jdk',
      errors: [{ line: 1, messageId: 'untagged', data: { image: 'debian' } }],
    },
    {
      name: 'FROM alpine as the runtime stage of a multi-stage build',
      code: 'FROM golang:alpine AS build-env\nWORKDIR /app\nADD . /app\nRUN cd /app && go build -o goapp\n\nFROM alpine\nWORKDIR /app\nCOPY --from=build-env /app/goapp /app',
      errors: [{ line: 6, messageId: 'untagged', data: { image: 'alpine' } }],
    },
    {
      name: 'a registry with a port but no tag, and --platform',
      code: 'FROM --platform=$BUILDPLATFORM localhost:5000/team/app AS base',
      errors: [{ line: 1, messageId: 'untagged', data: { image: 'localhost:5000/team/app' } }],
    },
    {
      name: 'a variable whose default has no tag',
      code: 'ARG BASE=node\nFROM ${BASE}',
      errors: [{ line: 2, messageId: 'untagged' }],
    },
  ],
});
