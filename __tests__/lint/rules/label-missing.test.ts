import { labelMissing } from '../../../src/lint/rules/label-missing.js';
import { testRule } from '../rule-tester.js';

const schema = { options: { labelSchema: { maintainer: 'email', version: 'semver' } as const } };

testRule(labelMissing, {
  valid: [
    { name: 'no schema: nothing is required', code: 'FROM alpine:3.20' },
    { ...schema, code: 'FROM alpine:3.20\nLABEL maintainer="a@b.org" version=1.0.0' },
    {
      ...schema,
      name: 'labels of a parent stage are inherited',
      code: 'FROM alpine:3.20 AS base\nLABEL maintainer=a@b.org\nFROM base\nLABEL version=1.0.0',
    },
    {
      ...schema,
      name: 'a stage only copied from need not carry labels',
      code: 'FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\nLABEL "maintainer"="a@b.org" version="1.0.0"',
    },
  ],
  invalid: [
    {
      ...schema,
      code: 'FROM alpine:3.20\nLABEL maintainer=a@b.org',
      errors: [{ line: 1, messageId: 'missing', data: { label: 'version' } }],
    },
    {
      ...schema,
      name: 'two buildable stages, each checked',
      code: 'FROM alpine:3.20 AS a\nLABEL maintainer=a@b.org version=1.0.0\nFROM alpine:3.20 AS b\nLABEL legacy value',
      errors: [
        { line: 3, messageId: 'missing', data: { label: 'maintainer' } },
        { line: 3, messageId: 'missing', data: { label: 'version' } },
      ],
    },
  ],
});
