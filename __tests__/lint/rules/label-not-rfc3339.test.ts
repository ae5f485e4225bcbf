import { labelNotRfc3339 } from '../../../src/lint/rules/label-not-rfc3339.js';
import { testRule } from '../rule-tester.js';

const schema = { options: { labelSchema: { 'org.opencontainers.image.created': 'rfc3339' } as const } };

testRule(labelNotRfc3339, {
  valid: [
    { name: 'no schema', code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.created="today"' },
    {
      ...schema,
      name: 'a variable is filled in at build time',
      code: 'FROM alpine:3.20\nARG V\nLABEL org.opencontainers.image.created=$V',
    },
    {
      ...schema,
      name: "empty is label-empty's finding",
      code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.created=""',
    },
    { ...schema, name: 'another label', code: 'FROM alpine:3.20\nLABEL other="today"' },
    { ...schema, code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.created="2024-05-01T12:00:00Z"' },
    {
      ...schema,
      code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.created="2021-03-23 13:04:29.300508335+01:00"',
    },
    {
      ...schema,
      code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.created="2024-02-29t00:00:00-05:30"',
    },
  ],
  invalid: [
    {
      ...schema,
      code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.created="today"',
      errors: [
        {
          line: 2,
          messageId: 'invalid',
          data: { label: 'org.opencontainers.image.created', value: 'today' },
        },
      ],
    },
    {
      ...schema,
      code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.created="2024-05-01"',
      errors: [
        {
          line: 2,
          messageId: 'invalid',
          data: { label: 'org.opencontainers.image.created', value: '2024-05-01' },
        },
      ],
    },
    {
      ...schema,
      code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.created="2023-02-29T00:00:00Z"',
      errors: [
        {
          line: 2,
          messageId: 'invalid',
          data: { label: 'org.opencontainers.image.created', value: '2023-02-29T00:00:00Z' },
        },
      ],
    },
    {
      ...schema,
      code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.created="2024-05-01T25:00:00Z"',
      errors: [
        {
          line: 2,
          messageId: 'invalid',
          data: { label: 'org.opencontainers.image.created', value: '2024-05-01T25:00:00Z' },
        },
      ],
    },
  ],
});
