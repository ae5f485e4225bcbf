import { latestTag } from '../../../src/lint/rules/latest-tag.js';
import { testRule } from '../rule-tester.js';

testRule(latestTag, {
  valid: [
    'FROM alpine:3.20',
    { name: "untagged is untagged-image's finding", code: 'FROM alpine' },
    {
      name: 'a digest pins the image',
      code: 'FROM alpine:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    },
    { name: 'a tag that merely contains latest', code: 'FROM node:latest-slim\nFROM myorg/app:not-latest' },
    { name: 'a variable with a pinned default', code: 'ARG TAG=3.20\nFROM alpine:${TAG}' },
  ],
  invalid: [
    {
      name: 'FROM alpine:latest as the runtime stage of a multi-stage build',
      code: [
        'FROM golang:1.7.3',
        'WORKDIR /go/src/github.com/alexellis/href-counter/',
        'RUN go get -d -v golang.org/x/net/html',
        'COPY app.go .',
        'RUN CGO_ENABLED=0 GOOS=linux go build -a -installsuffix cgo -o app .',
        '',
        'FROM alpine:latest',
        'RUN apk --no-cache add ca-certificates',
        'WORKDIR /root/',
        'COPY --from=0 /go/src/github.com/alexellis/href-counter/app .',
        'CMD ["./app"]',
      ].join('\n'),
      errors: [{ line: 7, messageId: 'latest', data: { name: 'alpine' } }],
    },
    {
      name: 'golang:latest builder and alpine:latest runtime',
      code: 'FROM golang:latest as build-env\nRUN make\n\nFROM alpine:latest\nCOPY --from=0 /home/docker/dogo /home/docker/',
      errors: [
        { line: 1, messageId: 'latest', data: { name: 'golang' } },
        { line: 4, messageId: 'latest' },
      ],
    },
    {
      name: 'latest from an ARG default',
      code: 'ARG TAG=latest\nFROM ghcr.io/org/app:${TAG}',
      errors: [{ line: 2, messageId: 'latest', data: { name: 'ghcr.io/org/app' } }],
    },
  ],
});
