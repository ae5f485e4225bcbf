import { labelNotUrl } from '../../../src/lint/rules/label-not-url.js';
import { testRule } from '../rule-tester.js';

const schema = { options: { labelSchema: { 'org.opencontainers.image.source': 'url' } as const } };

testRule(labelNotUrl, {
  valid: [
    {
      name: 'no schema',
      code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.source="github.com/my-org/app"',
    },
    {
      ...schema,
      name: 'a variable is filled in at build time',
      code: 'FROM alpine:3.20\nARG V\nLABEL org.opencontainers.image.source=$V',
    },
    {
      ...schema,
      name: "empty is label-empty's finding",
      code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.source=""',
    },
    { ...schema, name: 'another label', code: 'FROM alpine:3.20\nLABEL other="github.com/my-org/app"' },
    {
      ...schema,
      code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.source="https://github.com/my-org/app"',
    },
    {
      ...schema,
      code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.source="git+ssh://git@example.com/x.git"',
    },
    { ...schema, code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.source="urn:isbn:0451450523"' },
  ],
  invalid: [
    {
      ...schema,
      code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.source="github.com/my-org/app"',
      errors: [
        {
          line: 2,
          messageId: 'invalid',
          data: { label: 'org.opencontainers.image.source', value: 'github.com/my-org/app' },
        },
      ],
    },
    {
      ...schema,
      code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.source="not a url"',
      errors: [
        {
          line: 2,
          messageId: 'invalid',
          data: { label: 'org.opencontainers.image.source', value: 'not a url' },
        },
      ],
    },
    {
      ...schema,
      code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.source="/relative/path"',
      errors: [
        {
          line: 2,
          messageId: 'invalid',
          data: { label: 'org.opencontainers.image.source', value: '/relative/path' },
        },
      ],
    },
  ],
});
