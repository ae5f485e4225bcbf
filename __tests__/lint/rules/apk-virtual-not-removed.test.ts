import { apkVirtualNotRemoved } from '../../../src/lint/rules/apk-virtual-not-removed.js';
import { testRule } from '../rule-tester.js';

testRule(apkVirtualNotRemoved, {
  valid: [
    'FROM python:3.12-alpine\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev \\\n && pip install --no-cache-dir cffi \\\n && apk del .build-deps',
    'FROM alpine:3.20\nRUN apk add --no-cache -t .b gcc && make && apk del --purge .b',
    'FROM alpine:3.20\nRUN apk add --no-cache --virtual=.b gcc && make; apk del .b',
    'FROM alpine:3.20\nRUN apk add --no-cache curl',
    'FROM alpine:3.20\nRUN <<EOF\napk add --no-cache --virtual .b gcc\nmake\napk del .b\nEOF',
    {
      name: 'run-time so: dependencies gathered with scanelf are kept on purpose',
      code: [
        'FROM alpine:3.20',
        'RUN apk add --no-cache --virtual .build-deps gcc make \\',
        '  && make install \\',
        '  && runDeps="$(scanelf --needed --nobanner --format \'%n#p\' --recursive /usr/local | awk \'{ print "so:" $1 }\')" \\',
        '  && apk add --no-network --virtual .tool-rundeps $runDeps \\',
        '  && apk del --no-network .build-deps',
      ].join('\n'),
    },
    {
      name: 'a run-time group of plain packages stays',
      code: 'FROM alpine:3.20\nRUN apk add --no-cache --virtual .run-deps bash su-exec tzdata',
    },
    {
      name: 'a group named for run time stays even with curl in it',
      code: 'FROM alpine:3.20\nRUN apk add --no-cache --virtual .rundeps curl libssl3',
    },
    {
      name: 'a group that neither holds build tools nor is named for building stays',
      code: 'FROM alpine:3.20\nRUN apk add --no-cache --virtual .persistent-deps ca-certificates $PHPIZE_RUNTIME',
    },
    {
      name: 'a builder stage that is not shipped',
      code: 'FROM alpine:3.20 AS build\nRUN apk add --virtual .b gcc && make\nFROM scratch\nCOPY --from=build /app /app',
    },
  ],
  invalid: [
    {
      name: 'apk add --virtual .build in one RUN, apk del .build in the next',
      code: 'FROM alpine\nRUN apk add --no-cache --virtual .build git\nRuN apk del .build',
      errors: [{ line: 2, messageId: 'removedLater', data: { line: 3 } }],
    },
    {
      code: 'FROM alpine:3.20\nRUN apk add --no-cache -t .build-deps gcc && make',
      errors: [{ line: 2, messageId: 'neverRemoved', data: { name: '.build-deps' } }],
    },
    {
      name: 'one finding per virtual package left behind',
      code: 'FROM alpine:3.20\nRUN apk add --virtual .a gcc && apk add --virtual .b make && apk del .a',
      errors: [{ line: 2, messageId: 'neverRemoved', data: { name: '.b', packages: 'make' } }],
    },
    {
      name: 'a group of build tools is flagged whatever its name',
      code: 'FROM alpine:3.20\nRUN apk add --no-cache --virtual .deps openssl-dev g++ python3 && make',
      errors: [
        { line: 2, messageId: 'neverRemoved', data: { name: '.deps', packages: 'openssl-dev g++ python3' } },
      ],
    },
    {
      name: 'a group named for building is flagged even when its packages are variables',
      code: 'FROM alpine:3.20\nRUN apk add --no-cache --virtual .fetch-deps $fetchDeps && ./get.sh',
      errors: [{ line: 2, messageId: 'neverRemoved', data: { name: '.fetch-deps' } }],
    },
    {
      name: 'deleted before it is added',
      code: 'FROM alpine:3.20\nRUN apk del .b; apk add --no-cache --virtual .b gcc',
      errors: [{ line: 2, messageId: 'neverRemoved' }],
    },
  ],
});
