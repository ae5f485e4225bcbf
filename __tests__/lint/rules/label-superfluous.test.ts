import { labelSuperfluous } from '../../../src/lint/rules/label-superfluous.js';
import { testRule } from '../rule-tester.js';

const strict = { options: { labelSchema: { maintainer: 'text' } as const, strictLabels: true } };

testRule(labelSuperfluous, {
  valid: [
    {
      name: 'not strict',
      code: 'FROM alpine:3.20\nLABEL other=x',
      options: { labelSchema: { maintainer: 'text' } },
    },
    {
      name: 'strict without a schema does nothing',
      code: 'FROM alpine:3.20\nLABEL other=x',
      options: { strictLabels: true },
    },
    { ...strict, code: 'FROM alpine:3.20\nLABEL maintainer="Team A"' },
  ],
  invalid: [
    {
      ...strict,
      code: 'FROM alpine:3.20\nLABEL maintainer="Team A" superfluous="this should not be here"',
      errors: [{ line: 2, messageId: 'superfluous', data: { label: 'superfluous' } }],
    },
  ],
});
