import { labelNotGitHash } from '../../../src/lint/rules/label-not-git-hash.js';
import { testRule } from '../rule-tester.js';

const schema = { options: { labelSchema: { 'org.opencontainers.image.revision': 'hash' } as const } };

testRule(labelNotGitHash, {
  valid: [
    { name: 'no schema', code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.revision="2E5A1F0"' },
    {
      ...schema,
      name: 'a variable is filled in at build time',
      code: 'FROM alpine:3.20\nARG V\nLABEL org.opencontainers.image.revision=$V',
    },
    {
      ...schema,
      name: "empty is label-empty's finding",
      code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.revision=""',
    },
    { ...schema, name: 'another label', code: 'FROM alpine:3.20\nLABEL other="2E5A1F0"' },
    { ...schema, code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.revision="2e5a1f0"' },
    {
      ...schema,
      code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.revision="2e5a1f0c6d0c3b8a9e2c4a1b7f3d9e0a5c6b7d8e"',
    },
  ],
  invalid: [
    {
      ...schema,
      code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.revision="2E5A1F0"',
      errors: [
        {
          line: 2,
          messageId: 'invalid',
          data: { label: 'org.opencontainers.image.revision', value: '2E5A1F0' },
        },
      ],
    },
    {
      ...schema,
      code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.revision="2e5a1f"',
      errors: [
        {
          line: 2,
          messageId: 'invalid',
          data: { label: 'org.opencontainers.image.revision', value: '2e5a1f' },
        },
      ],
    },
    {
      ...schema,
      code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.revision="main"',
      errors: [
        {
          line: 2,
          messageId: 'invalid',
          data: { label: 'org.opencontainers.image.revision', value: 'main' },
        },
      ],
    },
    {
      ...schema,
      code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.revision="2e5a1f0c6d0c3b8a9e2c4a1b7f3d9e0a5c6b7d8"',
      errors: [
        {
          line: 2,
          messageId: 'invalid',
          data: {
            label: 'org.opencontainers.image.revision',
            value: '2e5a1f0c6d0c3b8a9e2c4a1b7f3d9e0a5c6b7d8',
          },
        },
      ],
    },
  ],
});
