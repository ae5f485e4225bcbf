import { labelEmpty } from '../../../src/lint/rules/label-empty.js';
import { testRule } from '../rule-tester.js';

const schema = { options: { labelSchema: { maintainer: 'text' } as const } };

testRule(labelEmpty, {
  valid: [
    { name: 'no schema', code: 'FROM alpine:3.20\nLABEL maintainer=""' },
    { ...schema, name: 'a label outside the schema may be empty', code: 'FROM alpine:3.20\nLABEL other=""' },
    { ...schema, code: 'FROM alpine:3.20\nLABEL maintainer="Team A"' },
  ],
  invalid: [
    {
      ...schema,
      code: 'FROM alpine:3.20\nLABEL maintainer=""',
      errors: [{ line: 2, messageId: 'empty', data: { label: 'maintainer' } }],
    },
    {
      ...schema,
      code: 'FROM alpine:3.20\nLABEL other=1 \\\n  maintainer=',
      errors: [{ line: 2, messageId: 'empty' }],
    },
  ],
});
