import { noEmptyContinuation } from '../../../src/lint/rules/no-empty-continuation.js';
import { testRule } from '../rule-tester.js';

testRule(noEmptyContinuation, {
  valid: [
    'FROM debian:12\nRUN apt-get update \\\n  && apt-get install -y curl\n\nRUN echo done',
    {
      name: 'a comment line inside a continuation is not empty',
      code: 'FROM debian:12\nRUN apt-get update \\\n# curl for the healthcheck\n  && apt-get install -y curl',
    },
    {
      name: 'empty lines in a heredoc body are data',
      code: 'FROM debian:12\nRUN <<EOF\napt-get update\n\napt-get install -y curl\nEOF\nCOPY <<EOT /etc/motd\nhello\n\nworld\nEOT',
    },
    {
      name: 'with the backtick escape, a backslash at the end is no continuation',
      code: '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir C:\\\n\nRUN echo `\n  done',
    },
  ],
  invalid: [
    {
      code: 'FROM debian:12\nRUN apt-get update \\\n\n  && apt-get install -y curl',
      errors: [{ line: 2, messageId: 'emptyLine', data: { line: 3, keyword: 'RUN' } }],
      output: 'FROM debian:12\nRUN apt-get update \\\n  && apt-get install -y curl',
    },
    {
      name: 'a line of blanks counts as empty; one finding per instruction',
      code: 'FROM debian:12\nRUN set -e; \\\n   \n  apt-get update; \\\n\n  apt-get install -y curl',
      errors: [{ line: 2, messageId: 'emptyLine', data: { line: 3 } }],
      output: 'FROM debian:12\nRUN set -e; \\\n  apt-get update; \\\n  apt-get install -y curl',
    },
    {
      name: 'CRLF line ends',
      code: 'FROM debian:12\r\nRUN apt-get update \\\r\n\r\n  && apt-get install -y curl\r\n',
      errors: [{ line: 2, messageId: 'emptyLine' }],
      output: 'FROM debian:12\r\nRUN apt-get update \\\r\n  && apt-get install -y curl\r\n',
    },
    {
      name: 'a trailing backslash swallowing empty lines: no fix, the backslash is the problem',
      code: 'FROM debian:12\nRUN apt-get update \\\n\n',
      errors: [{ line: 2, messageId: 'emptyLine' }],
      output: 'FROM debian:12\nRUN apt-get update \\\n\n',
    },
    {
      name: 'backtick escape',
      code: '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN echo a `\n\n  b',
      errors: [{ line: 3, messageId: 'emptyLine', data: { line: 4 } }],
      output: '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN echo a `\n  b',
    },
    {
      name: 'before a heredoc opens',
      code: 'FROM debian:12\nRUN \\\n\n  <<EOF\necho hi\n\nEOF',
      errors: [{ line: 2, messageId: 'emptyLine', data: { line: 3 } }],
      output: 'FROM debian:12\nRUN \\\n  <<EOF\necho hi\n\nEOF',
    },
  ],
});
