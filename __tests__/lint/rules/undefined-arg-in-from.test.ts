import { undefinedArgInFrom } from '../../../src/lint/rules/undefined-arg-in-from.js';
import { testRule } from '../rule-tester.js';

testRule(undefinedArgInFrom, {
  valid: [
    'ARG TAG=3.20\nFROM alpine:${TAG}',
    { name: 'declared without a default is declared', code: 'ARG TAG\nFROM alpine:$TAG' },
    {
      name: 'built-in platform ARGs',
      code: 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nFROM alpine:${TARGETARCH}',
    },
    { name: 'a fallback written in the FROM', code: 'FROM alpine:${TAG:-3.20}' },
    { name: 'a stage name with no variable', code: 'FROM alpine AS build\nFROM build' },
    { name: 'escaped dollar', code: 'FROM alpine:\\$TAG' },
    {
      name: 'lowercase ARG before FROM',
      code: 'arg BASE=alpine\nfrom ${BASE}',
    },
  ],
  invalid: [
    {
      code: 'FROM alpine:${TAG}\nRUN echo',
      errors: [{ line: 1, messageId: 'undeclared', data: { name: 'TAG' } }],
    },
    {
      name: 'an ARG inside a stage is not global',
      code: 'FROM alpine\nARG BASE=debian\nFROM $BASE',
      errors: [{ line: 3, messageId: 'undeclared', data: { name: 'BASE' } }],
    },
    {
      name: 'names are case-sensitive; each variable once',
      code: 'ARG tag=1\nFROM img:${TAG}-${TAG}',
      errors: [{ line: 2, messageId: 'undeclared', data: { name: 'TAG' } }],
    },
    {
      name: 'the platform flag counts',
      code: 'FROM --platform=$PLATFORM alpine',
      errors: [{ line: 1, messageId: 'undeclared', data: { name: 'PLATFORM' } }],
    },
  ],
});
