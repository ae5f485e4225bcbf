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
      code: 'FROM alpine:3.20\nRUN apk add --virtual .a x && apk add --virtual .b y && apk del .a',
      errors: [{ line: 2, messageId: 'neverRemoved', data: { name: '.b' } }],
    },
    {
      name: 'deleted before it is added',
      code: 'FROM alpine:3.20\nRUN apk del .b; apk add --no-cache --virtual .b gcc',
      errors: [{ line: 2, messageId: 'neverRemoved' }],
    },
  ],
});
