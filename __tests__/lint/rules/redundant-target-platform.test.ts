import { redundantTargetPlatform } from '../../../src/lint/rules/redundant-target-platform.js';
import { testRule } from '../rule-tester.js';

testRule(redundantTargetPlatform, {
  valid: [
    'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
    'FROM alpine',
    {
      name: 'a global ARG gives it another value',
      code: 'ARG TARGETPLATFORM=linux/arm64\nFROM --platform=$TARGETPLATFORM alpine',
    },
  ],
  invalid: [
    {
      code: 'FROM --platform=$TARGETPLATFORM alpine',
      errors: [{ line: 1, messageId: 'redundant', data: { value: '$TARGETPLATFORM' } }],
    },
    {
      code: 'FROM golang AS build\nFROM --platform=${TARGETPLATFORM} alpine',
      errors: [{ line: 2, messageId: 'redundant', data: { value: '${TARGETPLATFORM}' } }],
    },
  ],
});
