import { copiedArchiveExtracted } from '../../../src/lint/rules/copied-archive-extracted.js';
import { testRule } from '../rule-tester.js';

testRule(copiedArchiveExtracted, {
  valid: [
    'FROM alpine\nADD app.tar.gz /opt/',
    {
      name: 'zip: ADD does not unpack it',
      code: 'FROM alpine\nCOPY app.zip /tmp/\nRUN unzip /tmp/app.zip -d /opt',
    },
    {
      name: 'strip-components',
      code: 'FROM alpine\nCOPY app.tgz /tmp/\nRUN tar -xzf /tmp/app.tgz --strip-components=1 -C /opt',
    },
    { name: 'some members only', code: 'FROM alpine\nCOPY app.tar /tmp/\nRUN tar -xf /tmp/app.tar bin/app' },
    { name: 'another archive', code: 'FROM alpine\nCOPY a.tgz /tmp/\nRUN tar -xzf /tmp/b.tgz' },
    {
      name: 'from a stage',
      code: 'FROM alpine AS b\nFROM alpine\nCOPY --from=b /a.tgz /tmp/\nRUN tar -xzf /tmp/a.tgz',
    },
    { name: 'listed, not extracted', code: 'FROM alpine\nCOPY a.tgz /tmp/\nRUN tar -tzf /tmp/a.tgz' },
    { name: 'another stage', code: 'FROM alpine\nCOPY a.tgz /tmp/\nFROM alpine\nRUN tar -xzf /tmp/a.tgz' },
  ],
  invalid: [
    {
      code: 'FROM alpine\nCOPY dist/app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz',
      errors: [{ line: 3, messageId: 'useAdd', data: { archive: 'app.tar.gz', line: 2 } }],
    },
    { code: 'FROM alpine\nCOPY app.tar /\nRUN tar xf /app.tar', errors: [{ line: 3, messageId: 'useAdd' }] },
    {
      code: 'FROM alpine\nCOPY app.txz /tmp/\nRUN tar --extract --file=/tmp/app.txz',
      errors: [{ line: 3, messageId: 'useAdd' }],
    },
  ],
});
