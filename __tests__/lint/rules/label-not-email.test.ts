import { labelNotEmail } from '../../../src/lint/rules/label-not-email.js';
import { testRule } from '../rule-tester.js';

const schema = { options: { labelSchema: { maintainer: 'email' } as const } };

testRule(labelNotEmail, {
  valid: [
    { name: 'no schema', code: 'FROM alpine:3.20\nLABEL maintainer="Team <team@example.com>"' },
    {
      ...schema,
      name: 'a variable is filled in at build time',
      code: 'FROM alpine:3.20\nARG V\nLABEL maintainer=$V',
    },
    { ...schema, name: "empty is label-empty's finding", code: 'FROM alpine:3.20\nLABEL maintainer=""' },
    { ...schema, name: 'another label', code: 'FROM alpine:3.20\nLABEL other="Team <team@example.com>"' },
    { ...schema, code: 'FROM alpine:3.20\nLABEL maintainer="team@example.com"' },
    { ...schema, code: 'FROM alpine:3.20\nLABEL maintainer="first.last+tag@sub.example.org"' },
  ],
  invalid: [
    {
      ...schema,
      code: 'FROM alpine:3.20\nLABEL maintainer="Team <team@example.com>"',
      errors: [
        { line: 2, messageId: 'invalid', data: { label: 'maintainer', value: 'Team <team@example.com>' } },
      ],
    },
    {
      ...schema,
      code: 'FROM alpine:3.20\nLABEL maintainer="team@"',
      errors: [{ line: 2, messageId: 'invalid', data: { label: 'maintainer', value: 'team@' } }],
    },
    {
      ...schema,
      code: 'FROM alpine:3.20\nLABEL maintainer="team.example.com"',
      errors: [{ line: 2, messageId: 'invalid', data: { label: 'maintainer', value: 'team.example.com' } }],
    },
    {
      ...schema,
      code: 'FROM alpine:3.20\nLABEL maintainer="a@b@c"',
      errors: [{ line: 2, messageId: 'invalid', data: { label: 'maintainer', value: 'a@b@c' } }],
    },
  ],
});
