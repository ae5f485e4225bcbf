import { labelNotSemver } from '../../../src/lint/rules/label-not-semver.js';
import { testRule } from '../rule-tester.js';

const schema = { options: { labelSchema: { 'org.opencontainers.image.version': 'semver' } as const } };

testRule(labelNotSemver, {
  valid: [
    { name: 'no schema', code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.version="v1.4.2"' },
    {
      ...schema,
      name: 'a variable is filled in at build time',
      code: 'FROM alpine:3.20\nARG V\nLABEL org.opencontainers.image.version=$V',
    },
    {
      ...schema,
      name: "empty is label-empty's finding",
      code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.version=""',
    },
    { ...schema, name: 'another label', code: 'FROM alpine:3.20\nLABEL other="v1.4.2"' },
    { ...schema, code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.version="1.4.2"' },
    { ...schema, code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.version="2.0.0-rc.1+build.5"' },
    { ...schema, code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.version="0.0.0"' },
  ],
  invalid: [
    {
      ...schema,
      code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.version="v1.4.2"',
      errors: [
        {
          line: 2,
          messageId: 'invalid',
          data: { label: 'org.opencontainers.image.version', value: 'v1.4.2' },
        },
      ],
    },
    {
      ...schema,
      code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.version="1.4"',
      errors: [
        { line: 2, messageId: 'invalid', data: { label: 'org.opencontainers.image.version', value: '1.4' } },
      ],
    },
    {
      ...schema,
      code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.version="01.2.3"',
      errors: [
        {
          line: 2,
          messageId: 'invalid',
          data: { label: 'org.opencontainers.image.version', value: '01.2.3' },
        },
      ],
    },
    {
      ...schema,
      code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.version="latest"',
      errors: [
        {
          line: 2,
          messageId: 'invalid',
          data: { label: 'org.opencontainers.image.version', value: 'latest' },
        },
      ],
    },
  ],
});
