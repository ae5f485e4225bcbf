import { wgetAndCurl } from '../../../src/lint/rules/wget-and-curl.js';
import { testRule } from '../rule-tester.js';

testRule(wgetAndCurl, {
  valid: [
    'FROM debian\nRUN curl -fsSLO https://x/a\nRUN curl -fsSLO https://x/b',
    {
      name: 'installing both is not using both',
      code: 'FROM debian\nRUN apt-get install -y curl wget\nRUN curl -O x',
    },
    { name: 'different stages', code: 'FROM debian AS a\nRUN wget -q x\nFROM debian\nRUN curl -O x' },
  ],
  invalid: [
    {
      code: 'FROM debian\nRUN wget -q https://x/a\nRUN curl -fsSLO https://x/b\nRUN curl -O c',
      errors: [{ line: 3, messageId: 'both', data: { tool: 'curl', other: 'wget', line: 2 } }],
    },
    { code: 'FROM debian\nRUN curl -O x && wget -q y', errors: [{ line: 2, messageId: 'both' }] },
  ],
});
