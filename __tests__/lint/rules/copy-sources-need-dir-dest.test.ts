import { copySourcesNeedDirDest } from '../../../src/lint/rules/copy-sources-need-dir-dest.js';
import { testRule } from '../rule-tester.js';

testRule(copySourcesNeedDirDest, {
  valid: [
    'FROM alpine\nCOPY a b /app/',
    'FROM alpine\nCOPY a /app',
    'FROM alpine\nCOPY ["a", "b", "/app/"]',
    { name: 'a variable', code: 'FROM alpine\nARG D=/app/\nCOPY a b $D' },
    { name: 'a quoted destination with a blank', code: 'FROM alpine\nCOPY a b "/my app"' },
    { name: 'a heredoc', code: 'FROM alpine\nCOPY <<EOF /app\nx\nEOF' },
  ],
  invalid: [
    {
      code: 'FROM alpine\nCOPY package.json package-lock.json /app',
      errors: [{ line: 2, messageId: 'needsSlash', data: { count: 2, dest: '/app' } }],
      output: 'FROM alpine\nCOPY package.json package-lock.json /app/',
    },
    {
      code: 'FROM alpine\nADD a b \\\n  ./lib',
      errors: [{ line: 2, messageId: 'needsSlash', data: { keyword: 'ADD', dest: './lib' } }],
      output: 'FROM alpine\nADD a b \\\n  ./lib/',
    },
    {
      code: 'FROM alpine\nCOPY ["a", "b", "/app"]',
      errors: [{ line: 2, messageId: 'needsSlash' }],
      output: 'FROM alpine\nCOPY ["a", "b", "/app/"]',
    },
    {
      code: 'FROM alpine\nCOPY a b "/app"',
      errors: [{ line: 2, messageId: 'needsSlash' }],
      output: 'FROM alpine\nCOPY a b "/app/"',
    },
  ],
});
