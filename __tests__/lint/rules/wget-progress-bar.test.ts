import { wgetProgressBar } from '../../../src/lint/rules/wget-progress-bar.js';
import { testRule } from '../rule-tester.js';

testRule(wgetProgressBar, {
  valid: [
    'FROM debian\nRUN wget -q https://x/a.tgz',
    'FROM debian\nRUN wget -qO- https://x/a.tgz | tar -xz',
    'FROM debian\nRUN wget -nv https://x/a.tgz',
    'FROM debian\nRUN wget --progress=dot:giga https://x/a.tgz',
    'FROM debian\nRUN wget --quiet -O /tmp/a https://x/a',
    { name: 'a log file', code: 'FROM debian\nRUN wget -o /dev/null https://x/a' },
    { name: 'not run', code: 'FROM debian\nRUN apt-get install -y wget' },
    { name: 'version', code: 'FROM debian\nRUN wget --version' },
    { name: 'busybox wget on Alpine', code: 'FROM alpine:3.20\nRUN wget -O /tmp/a https://x/a' },
    { name: 'an alpine variant', code: 'FROM python:3.12-alpine\nRUN wget -O /tmp/a https://x/a' },
  ],
  invalid: [
    { code: 'FROM debian\nRUN wget https://x/a.tgz', errors: [{ line: 2, messageId: 'progress' }] },
    {
      name: '-O- is not -q',
      code: 'FROM debian\nRUN wget -O- https://x/a.tgz | tar -xz',
      errors: [{ line: 2, messageId: 'progress' }],
    },
  ],
});
