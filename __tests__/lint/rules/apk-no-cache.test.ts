import { apkNoCache } from '../../../src/lint/rules/apk-no-cache.js';
import { testRule } from '../rule-tester.js';

testRule(apkNoCache, {
  valid: [
    {
      name: 'apk --no-cache add',
      code: 'FROM alpine:latest\nRUN apk --no-cache add ca-certificates',
    },
    {
      name: 'apk add --no-cache gcc musl-dev',
      code: 'FROM python:3.6-alpine\nRUN apk add --no-cache gcc musl-dev',
    },
    {
      name: 'apk update … rm -rf /var/cache/apk/*',
      code: [
        'FROM alpine',
        'RUN apk update && \\',
        '   apk add ca-certificates && \\',
        '   update-ca-certificates && \\',
        '   rm -rf /var/cache/apk/*',
      ].join('\n'),
    },
    'FROM alpine:3.20\nRUN --mount=type=cache,target=/var/cache/apk apk add gcc',
    'FROM alpine:3.20\nRUN --mount=type=cache,target=/etc/apk/cache apk add gcc',
    'FROM alpine:3.20\nRUN apk del curl && apk info',
    {
      name: 'apk add --no-network fetches no index',
      code: 'FROM alpine:3.20\nCOPY pkgs/ /tmp/pkgs/\nRUN apk add --no-network --allow-untrusted /tmp/pkgs/*.apk',
    },
    {
      name: 'run-time so: deps added with --no-network after a --no-cache build group',
      code: 'FROM alpine:3.20\nRUN apk add --no-cache --virtual .b gcc && make && apk add --no-network --virtual .rundeps $runDeps && apk del --no-network .b',
    },
    {
      name: 'apk update whose index is removed in the same RUN',
      code: 'FROM alpine:3.20\nRUN apk update && apk add --no-cache curl && rm -rf /var/cache/apk/*',
    },
    {
      name: 'apk update under a cache mount',
      code: 'FROM alpine:3.20\nRUN --mount=type=cache,target=/var/cache/apk apk update && apk add --no-cache curl',
    },
    {
      name: 'a builder stage that is not shipped',
      code: 'FROM alpine:3.20 AS build\nRUN apk add build-base\nFROM alpine:3.20\nCOPY --from=build /app /app',
    },
  ],
  invalid: [
    {
      code: 'FROM alpine:3.20\nRUN apk add ca-certificates',
      errors: [{ line: 2, messageId: 'noCache' }],
    },
    { code: 'FROM alpine:3.20\nRUN apk update && apk add curl', errors: [{ line: 2, messageId: 'noCache' }] },
    { code: 'FROM alpine:3.20\nRUN apk -U add curl', errors: [{ line: 2, messageId: 'noCache' }] },
    {
      name: 'apk upgrade without --no-cache keeps the index too',
      code: 'FROM alpine:3.20\nRUN apk upgrade && apk add --no-cache curl',
      errors: [{ line: 2, messageId: 'noCache', data: { sub: 'upgrade' } }],
    },
    {
      name: 'apk update keeps the index although every apk add uses --no-cache',
      code: 'FROM alpine:3.20\nRUN apk update && apk add --no-cache curl && apk add --no-cache jq',
      errors: [{ line: 2, messageId: 'updateKept' }],
    },
    {
      name: 'cache removed before the add refills it',
      code: 'FROM alpine:3.20\nRUN rm -rf /var/cache/apk/* && apk add curl',
      errors: [{ line: 2, messageId: 'noCache' }],
    },
    { code: 'FROM alpine:3.20\nRUN <<EOF\napk add curl\nEOF', errors: [{ line: 2, messageId: 'noCache' }] },
    { code: 'FROM alpine:3.20\nRUN ["apk", "add", "curl"]', errors: [{ line: 2, messageId: 'noCache' }] },
    {
      name: 'the fix adds --no-cache to every apk add of the RUN that lacks it, keeping the rest',
      code: 'FROM alpine:3.20\r\nRUN apk -U add curl \\\r\n  # the shell\r\n  && apk add --no-cache bash && apk add git\r\n',
      errors: [{ line: 2, messageId: 'noCache' }],
      output:
        'FROM alpine:3.20\r\nRUN apk -U add --no-cache curl \\\r\n  # the shell\r\n  && apk add --no-cache bash && apk add --no-cache git\r\n',
    },
    {
      name: 'the fix reaches into a heredoc',
      code: 'FROM alpine:3.20\nRUN <<EOF\napk add curl\nEOF',
      errors: [{ line: 2, messageId: 'noCache' }],
      output: 'FROM alpine:3.20\nRUN <<EOF\napk add --no-cache curl\nEOF',
    },
  ],
});
