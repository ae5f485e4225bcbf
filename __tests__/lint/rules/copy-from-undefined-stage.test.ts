import { copyFromUndefinedStage } from '../../../src/lint/rules/copy-from-undefined-stage.js';
import { testRule } from '../rule-tester.js';

testRule(copyFromUndefinedStage, {
  valid: [
    'FROM golang AS build\nFROM scratch\nCOPY --from=build /a /a',
    'FROM golang\nFROM scratch\nCOPY --from=0 /a /a',
    {
      name: 'an image by its bare name',
      code: 'FROM golang AS build\nFROM alpine\nCOPY --from=nginx /etc/nginx /etc/nginx',
    },
    {
      name: 'image references',
      code: 'FROM alpine\nCOPY --from=ghcr.io/org/tool:1 /t /t\nCOPY --from=busybox:1.36 /bin/busybox /bin/',
    },
    {
      name: 'a named build context (--build-context)',
      code: 'FROM alpine AS build\nFROM alpine\nCOPY --from=sources /src /src',
    },
    {
      name: 'its own stage is copy-from-own-stage',
      code: 'FROM alpine AS build\nCOPY --from=build /a /a\nCOPY --from=0 /b /b',
    },
    {
      name: 'a variable',
      code: 'ARG SRC=build\nFROM alpine AS build\nFROM alpine\nCOPY --from=${SRC} /a /a',
    },
    {
      name: 'different enough to be another thing',
      code: 'FROM node AS deps\nFROM node\nCOPY --from=docs /a /a',
    },
    {
      name: 'an official image next to a stage named like it',
      code: 'FROM alpine:3.20 AS alpine3\nFROM scratch\nCOPY --from=alpine /etc/ssl /etc/ssl',
    },
    {
      name: 'an image used in a FROM of the file',
      code: 'FROM toolbox:1 AS toolboxes\nFROM debian:12\nCOPY --from=toolbox /bin/t /bin/t',
    },
  ],
  invalid: [
    {
      code: 'FROM golang AS builder\nRUN go build\nFROM scratch\nCOPY --from=buidler /app /app',
      errors: [{ line: 4, messageId: 'typo', data: { ref: 'buidler', stage: 'builder', line: 1 } }],
    },
    {
      name: 'a stage defined later: the builder refuses it',
      code: 'FROM alpine\nCOPY --from=Build /a /a\nFROM golang AS build',
      errors: [{ line: 2, messageId: 'later', data: { ref: 'Build', stage: 'build', line: 3 } }],
    },
    {
      code: 'FROM golang\nFROM node\nFROM scratch\nCOPY --from=3 /app /app',
      errors: [{ line: 4, messageId: 'index', data: { ref: '3', last: 1 } }],
    },
  ],
});
