import { nonNumericUser } from '../../../src/lint/rules/non-numeric-user.js';
import { testRule } from '../rule-tester.js';

testRule(nonNumericUser, {
  valid: [
    'FROM alpine\nUSER 10001',
    'FROM alpine\nUSER 10001:10001',
    { name: 'a variable may hold a number', code: 'FROM alpine\nARG UID=1000\nUSER ${UID}:${GID}' },
    { name: 'a named user before the last one', code: 'FROM alpine\nUSER app\nRUN true\nUSER 1000' },
    { name: 'a builder stage', code: 'FROM alpine AS build\nUSER builder\nFROM alpine\nUSER 1000' },
    { name: 'root is last-user-root', code: 'FROM alpine\nUSER root' },
  ],
  invalid: [
    { code: 'FROM alpine\nUSER app', errors: [{ line: 2, messageId: 'named', data: { user: 'app' } }] },
    { code: 'FROM alpine\nUSER nonroot:nonroot', errors: [{ line: 2, messageId: 'named' }] },
  ],
});
