import { labelNotSpdx } from '../../../src/lint/rules/label-not-spdx.js';
import { testRule } from '../rule-tester.js';

const schema = { options: { labelSchema: { 'org.opencontainers.image.licenses': 'spdx' } as const } };

testRule(labelNotSpdx, {
  valid: [
    { name: 'no schema', code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.licenses="Apache 2"' },
    {
      ...schema,
      name: 'a variable is filled in at build time',
      code: 'FROM alpine:3.20\nARG V\nLABEL org.opencontainers.image.licenses=$V',
    },
    {
      ...schema,
      name: "empty is label-empty's finding",
      code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.licenses=""',
    },
    { ...schema, name: 'another label', code: 'FROM alpine:3.20\nLABEL other="Apache 2"' },
    { ...schema, code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.licenses="Apache-2.0"' },
    { ...schema, code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.licenses="MIT OR Apache-2.0"' },
    {
      ...schema,
      code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.licenses="(MIT AND BSD-3-Clause) OR GPL-2.0-or-later WITH Classpath-exception-2.0"',
    },
    { ...schema, code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.licenses="LicenseRef-Proprietary"' },
    { ...schema, code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.licenses="mit"' },
  ],
  invalid: [
    {
      ...schema,
      code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.licenses="Apache 2"',
      errors: [
        {
          line: 2,
          messageId: 'invalid',
          data: { label: 'org.opencontainers.image.licenses', value: 'Apache 2' },
        },
      ],
    },
    {
      ...schema,
      code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.licenses="MIT OR"',
      errors: [
        {
          line: 2,
          messageId: 'invalid',
          data: { label: 'org.opencontainers.image.licenses', value: 'MIT OR' },
        },
      ],
    },
    {
      ...schema,
      code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.licenses="MIT AND (BSD-3-Clause"',
      errors: [
        {
          line: 2,
          messageId: 'invalid',
          data: { label: 'org.opencontainers.image.licenses', value: 'MIT AND (BSD-3-Clause' },
        },
      ],
    },
    {
      ...schema,
      code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.licenses="BSD"',
      errors: [
        { line: 2, messageId: 'invalid', data: { label: 'org.opencontainers.image.licenses', value: 'BSD' } },
      ],
    },
  ],
});
