import { fromPlatformFlagConst } from '../../../src/lint/rules/from-platform-flag-const.js';
import { testRule } from '../rule-tester.js';

testRule(fromPlatformFlagConst, {
  valid: [
    'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
    'FROM alpine',
    { name: 'a stage named after its platform', code: 'FROM --platform=linux/amd64 alpine AS build-amd64' },
    { name: 'another spelling of the arch', code: 'FROM --platform=linux/arm64 alpine AS tools-aarch64' },
    { name: 'a variable with a default', code: 'ARG P=linux/amd64\nFROM --platform=${P} alpine' },
  ],
  invalid: [
    {
      code: 'FROM --platform=linux/amd64 alpine\nRUN echo',
      errors: [{ line: 1, messageId: 'constant', data: { platform: 'linux/amd64', arch: 'amd64' } }],
    },
    {
      name: 'a stage name that does not say the platform',
      code: 'FROM --platform=linux/arm64/v8 node:20 AS build',
      errors: [{ line: 1, messageId: 'constant' }],
    },
  ],
});
