import { reservedStageName } from '../../../src/lint/rules/reserved-stage-name.js';
import { testRule } from '../rule-tester.js';

testRule(reservedStageName, {
  valid: [
    'FROM scratch\nCOPY app /app',
    'FROM alpine AS scratch-builder',
    'FROM alpine AS build-context',
    { name: 'copying from a named context is no stage', code: 'FROM alpine\nCOPY --from=context /a /a' },
  ],
  invalid: [
    {
      code: 'FROM alpine AS scratch\nRUN echo',
      errors: [{ line: 1, messageId: 'reserved', data: { name: 'scratch' } }],
    },
    {
      code: 'FROM alpine\nFROM busybox AS Context',
      errors: [{ line: 2, messageId: 'reserved', data: { name: 'context' } }],
    },
  ],
});
