import { numericStageReference } from '../../../src/lint/rules/numeric-stage-reference.js';
import { testRule } from '../rule-tester.js';

testRule(numericStageReference, {
  valid: [
    'FROM golang:1.22 AS build\nRUN go build -o /app\nFROM scratch\nCOPY --from=build /app /app',
    'FROM alpine:3.20\nCOPY --from=nginx:1.27 /etc/nginx/nginx.conf /etc/nginx/',
    'FROM alpine:3.20\nRUN --mount=type=cache,target=/root/.cache echo hi',
  ],
  invalid: [
    {
      name: 'COPY --from=0 from an unnamed Go build stage',
      code: [
        'FROM golang:1.7.3',
        'WORKDIR /go/src/github.com/alexellis/href-counter/',
        'RUN CGO_ENABLED=0 GOOS=linux go build -a -installsuffix cgo -o app .',
        'FROM alpine:latest',
        'COPY --from=0 /go/src/github.com/alexellis/href-counter/app .',
      ].join('\n'),
      errors: [{ line: 5, messageId: 'unnamed' }],
    },
    {
      code: 'FROM node:22 AS deps\nRUN npm ci\nFROM node:22-slim\nCOPY --from=0 /app/node_modules ./node_modules',
      errors: [{ line: 4, messageId: 'named', data: { name: 'deps' } }],
    },
    {
      code: 'FROM alpine:3.20\nRUN echo\nFROM alpine:3.20\nRUN --mount=type=bind,from=0,target=/src ls /src',
      errors: [{ line: 4, messageId: 'unnamed' }],
    },
    {
      name: "the fix puts the stage's name in --from and in a mount's from",
      code: 'FROM node:22 AS deps\nRUN npm ci\nFROM node:22-slim\nCOPY --from=0 /app/node_modules ./node_modules\nRUN --mount=type=bind,from=0,target=/src \\\n    ls /src',
      errors: [
        { line: 4, messageId: 'named' },
        { line: 5, messageId: 'named' },
      ],
      output:
        'FROM node:22 AS deps\nRUN npm ci\nFROM node:22-slim\nCOPY --from=deps /app/node_modules ./node_modules\nRUN --mount=type=bind,from=deps,target=/src \\\n    ls /src',
    },
    {
      name: 'no fix for an unnamed stage',
      code: 'FROM alpine:3.20\nRUN echo\nFROM alpine:3.20\nCOPY --from=0 /x /x',
      errors: [{ line: 4, messageId: 'unnamed' }],
      output: 'FROM alpine:3.20\nRUN echo\nFROM alpine:3.20\nCOPY --from=0 /x /x',
    },
  ],
});
