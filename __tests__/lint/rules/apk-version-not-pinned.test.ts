import { apkVersionNotPinned } from '../../../src/lint/rules/apk-version-not-pinned.js';
import { testRule } from '../rule-tester.js';

testRule(apkVersionNotPinned, {
  valid: [
    'FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.1-r1 "git~2.45"',
    {
      name: 'a virtual name is a value',
      code: 'FROM alpine:3.20\nRUN apk add --no-cache --virtual .build-deps gcc=13.2.1_git20240309-r0',
    },
    { name: 'a local .apk', code: 'FROM alpine:3.20\nRUN apk add --allow-untrusted /tmp/pkg.apk' },
    { name: 'apk del names no version', code: 'FROM alpine:3.20\nRUN apk del .build-deps' },
    {
      name: 'a repository URL is a value',
      code: 'FROM alpine:3.20\nRUN apk add -X https://dl-cdn.alpinelinux.org/alpine/edge/testing foo=1.0-r0',
    },
  ],
  invalid: [
    {
      code: 'FROM alpine:3.20\nRUN apk add --no-cache ca-certificates tzdata=2024a-r1',
      errors: [{ line: 2, messageId: 'unpinned', data: { packages: '`ca-certificates`' } }],
    },
    {
      code: 'FROM alpine:3.20\nRUN apk --update add -t .deps build-base linux-headers',
      errors: [{ line: 2, messageId: 'unpinned', data: { packages: '`build-base`, `linux-headers`' } }],
    },
  ],
});
