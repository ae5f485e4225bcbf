import { maintainerDeprecated } from '../../../src/lint/rules/maintainer-deprecated.js';
import { testRule } from '../rule-tester.js';

testRule(maintainerDeprecated, {
  valid: [
    'FROM alpine:3.20\nLABEL org.opencontainers.image.authors="Jane <jane@e.x>"',
    { name: 'the word in a RUN is not the instruction', code: 'FROM alpine:3.20\nRUN echo MAINTAINER' },
    { name: 'a comment', code: 'FROM alpine:3.20\n# MAINTAINER Jane' },
  ],
  invalid: [
    {
      name: 'MAINTAINER becomes the OCI authors label',
      code: 'FROM alpine:3.20\nMAINTAINER Jane Doe <jane@e.x>\nRUN true',
      errors: [{ line: 2, messageId: 'deprecated', data: { value: 'Jane Doe <jane@e.x>' } }],
      output: 'FROM alpine:3.20\nLABEL org.opencontainers.image.authors="Jane Doe <jane@e.x>"\nRUN true',
    },
    {
      name: 'lower-case keyword, in a second stage',
      code: 'FROM alpine:3.20 AS a\nFROM alpine:3.20\nmaintainer ops@e.x',
      errors: [{ line: 3, messageId: 'deprecated' }],
      output: 'FROM alpine:3.20 AS a\nFROM alpine:3.20\nLABEL org.opencontainers.image.authors="ops@e.x"',
    },
    {
      name: 'a value with quotes or a dollar gets no fix (LABEL would read it differently)',
      code: 'FROM alpine:3.20\nMAINTAINER "Jane" $USER',
      errors: [{ line: 2, messageId: 'deprecated' }],
      output: 'FROM alpine:3.20\nMAINTAINER "Jane" $USER',
    },
    {
      name: 'a value over continuation lines gets no fix',
      code: 'FROM alpine:3.20\nMAINTAINER Jane \\\n  Doe',
      errors: [{ line: 2, messageId: 'deprecated' }],
      output: 'FROM alpine:3.20\nMAINTAINER Jane \\\n  Doe',
    },
  ],
});
