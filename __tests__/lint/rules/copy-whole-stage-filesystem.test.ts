import { copyWholeStageFilesystem } from '../../../src/lint/rules/copy-whole-stage-filesystem.js';
import { testRule } from '../rule-tester.js';

testRule(copyWholeStageFilesystem, {
  valid: [
    {
      name: 'copying only the binary',
      code: 'FROM golang:1.14 as build-env\nRUN make\n\nFROM gcr.io/distroless/base\nCOPY --from=build-env /home/docker/dogo /home/docker/dogo',
    },
    {
      name: 'squashing onto scratch duplicates nothing',
      code: 'FROM debian:12 AS build\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nFROM scratch\nCOPY --from=build / /',
    },
    {
      name: 'the source stage is built on scratch: it holds only what was copied in',
      code: 'FROM golang:1.22 AS build\nRUN go build -o /out/app\nFROM scratch AS export\nCOPY --from=build /out/ /\nFROM alpine:3.20\nCOPY --from=export / /usr/local/bin/',
    },
    {
      name: 'a builder stage is not shipped',
      code: 'FROM debian:12 AS a\nRUN echo\nFROM debian:12 AS b\nCOPY --from=a / /a\nFROM alpine:3.20\nCOPY --from=b /a/etc/os-release /',
    },
    { name: 'root of the context is not another stage', code: 'FROM alpine:3.20\nCOPY / /app' },
    {
      name: 'an external image of unknown content may be a scratch-based carrier (s6-overlay rootfs)',
      code: 'FROM alpine:3.20\nCOPY --from=ghcr.io/example/s6-overlay-rootfs:3.2.0.2 / /\nENTRYPOINT ["/init"]',
    },
    {
      name: 'a stage that only names an image of unknown content',
      code: 'FROM tonistiigi/xx:1.5.0 AS xx\nFROM alpine:3.20\nCOPY --from=xx / /\nCMD ["sh"]',
    },
    {
      name: 'a tool image of unknown content',
      code: 'FROM golang:1.23-alpine AS build\nCOPY --from=tonistiigi/xx:1.5.0 / /\nRUN go build -o /app\nCMD ["/app"]',
    },
    {
      name: 'a directory under root',
      code: 'FROM alpine:3.20 AS a\nFROM alpine:3.20\nCOPY --from=a /etc/ssl /etc/ssl',
    },
  ],
  invalid: [
    {
      name: 'whole builder filesystem onto a slim base',
      code: 'FROM golang:1.22 AS build\nRUN go build -o /app\nFROM debian:12-slim\nCOPY --from=build / /',
      errors: [
        {
          line: 4,
          messageId: 'wholeStage',
          data: { base: 'golang:1.22', size: '' },
        },
      ],
    },
    {
      name: 'another image by reference, into a subdirectory',
      code: 'FROM alpine:3.20\nCOPY --from=nginx:1.27 / /opt/nginx-root',
      errors: [{ line: 2, messageId: 'wholeImage', data: { ref: 'nginx:1.27' } }],
    },
    {
      name: 'the figure only for the version the table has',
      code: 'FROM golang:1.27 AS build\nRUN go build -o /app\nFROM debian:12-slim\nCOPY --from=build / /',
      errors: [
        {
          line: 4,
          messageId: 'wholeStage',
          data: { size: ' (golang:1.27 is 885.2 MB on disk, 2026-09)' },
        },
      ],
    },
    {
      name: 'a stage on an unknown image that RUNs something has an OS userland',
      code: 'FROM example/toolbox:1 AS tools\nRUN ./install.sh\nFROM alpine:3.20\nCOPY --from=tools / /',
      errors: [{ line: 4, messageId: 'wholeStage', data: { base: 'example/toolbox:1', size: '' } }],
    },
    {
      name: 'a known OS image by reference',
      code: 'FROM alpine:3.20\nCOPY --from=docker.io/library/debian:12 / /',
      errors: [{ line: 2, messageId: 'wholeImage', data: { ref: 'docker.io/library/debian:12' } }],
    },
    {
      name: 'by stage number with /. as source, JSON form',
      code: 'FROM node:22 AS deps\nRUN npm ci\nFROM node:22-slim\nCOPY --from=0 ["/.", "/srv"]',
      errors: [{ line: 4, messageId: 'wholeStage' }],
    },
  ],
});
