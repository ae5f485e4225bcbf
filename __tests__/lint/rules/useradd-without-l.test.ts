import { useraddWithoutL } from '../../../src/lint/rules/useradd-without-l.js';
import { testRule } from '../rule-tester.js';

testRule(useraddWithoutL, {
  valid: [
    'FROM debian:12\nRUN useradd -l -u 1234567 app',
    'FROM debian:12\nRUN useradd --no-log-init --uid 1234567 app',
    'FROM debian:12\nRUN useradd -lm -u 1234567 app',
    { name: 'a UID of five digits', code: 'FROM debian:12\nRUN useradd -u 99999 app' },
    { name: 'no UID at all', code: 'FROM debian:12\nRUN useradd -m app' },
    { name: 'an unresolvable variable', code: 'FROM debian:12\nARG UID\nRUN useradd -u "$UID" app' },
    { name: 'a -c value before -l', code: 'FROM debian:12\nRUN useradd -c l -l -u 1234567 app' },
    { name: 'Alpine adduser is not useradd', code: 'FROM alpine:3.20\nRUN adduser -D -u 1234567 app' },
  ],
  invalid: [
    {
      code: 'FROM debian:12\nRUN useradd -u 1234567 app',
      errors: [{ line: 2, messageId: 'hugeLastlog', data: { size: '360.5 MB' } }],
    },
    {
      name: 'long option with =, after groupadd, in a builder stage',
      code: 'FROM debian:12 AS build\nRUN groupadd -g 1000 app && useradd --uid=100000 -g app app\nFROM scratch',
      errors: [{ line: 2, messageId: 'hugeLastlog', data: { uid: '100000' } }],
    },
    {
      name: 'attached short value and sudo',
      code: 'FROM ubuntu:24.04\nRUN sudo useradd -m -u2000000000 svc',
      errors: [{ line: 2, messageId: 'hugeLastlog', data: { size: '584.0 GB' } }],
    },
    {
      name: 'UID from an ARG default',
      code: 'ARG APP_UID=1000001\nFROM debian:12\nARG APP_UID\nRUN useradd -u ${APP_UID} app',
      errors: [{ line: 4, messageId: 'hugeLastlog', data: { uid: '1000001' } }],
    },
    {
      name: 'a -c value that is not -l, in a heredoc',
      code: 'FROM debian:12\nENV UID=700000\nRUN <<EOF\nuseradd -c l -u $UID app\nEOF',
      errors: [{ line: 3, messageId: 'hugeLastlog' }],
    },
    {
      name: 'the fix inserts -l after useradd',
      code: 'FROM debian:12\nRUN groupadd -g 1000000 app && useradd -m -u 1000000 -g app app',
      errors: [{ line: 2, messageId: 'hugeLastlog' }],
      output: 'FROM debian:12\nRUN groupadd -g 1000000 app && useradd -l -m -u 1000000 -g app app',
    },
  ],
});
