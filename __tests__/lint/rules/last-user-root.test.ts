import { lastUserRoot } from '../../../src/lint/rules/last-user-root.js';
import { testRule } from '../rule-tester.js';

testRule(lastUserRoot, {
  valid: [
    'FROM alpine\nUSER root\nRUN apk add --no-cache git\nUSER app',
    { name: 'no USER at all: the base image decides', code: 'FROM alpine\nRUN true' },
    {
      name: 'root only in a builder stage',
      code: 'FROM golang AS build\nUSER root\nFROM alpine\nUSER 10001',
    },
    { name: 'a root group is not the root user', code: 'FROM alpine\nUSER app:root' },
    {
      name: 'a user set in the stage built FROM',
      code: 'FROM alpine AS base\nUSER root\nUSER app\nFROM base\nRUN true',
    },
  ],
  invalid: [
    {
      code: 'FROM alpine\nUSER app\nRUN true\nUSER root',
      errors: [{ line: 4, messageId: 'root', data: { user: 'root' } }],
    },
    { code: 'FROM alpine\nUSER 0:0', errors: [{ line: 2, messageId: 'root', data: { user: '0:0' } }] },
    {
      name: 'inherited from the stage the final one is built FROM',
      code: 'FROM alpine AS base\nUSER root\nFROM base\nRUN true',
      errors: [{ line: 2, messageId: 'root' }],
    },
  ],
});
