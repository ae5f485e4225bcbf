import { expect } from '@jest/globals';
import { cleanupInSeparateLayer } from '../../../src/lint/rules/cleanup-in-separate-layer.js';
import { testRule } from '../rule-tester.js';

testRule(cleanupInSeparateLayer, {
  valid: [
    {
      name: 'cleaning in the same RUN that installs',
      code: 'FROM debian\nRUN apt update && apt install -y --no-install-recommends openjdk-8-jdk \\\n    && rm -rf /var/lib/apt/lists/*',
    },
    {
      name: 'rm of a file the base image may hold, in a builder stage',
      code: [
        'FROM wangyanglinux/go:run1.0',
        'RUN mkdir /go/src/Reptile',
        'COPY ./main.go /go/src/Reptile',
        'RUN rm -rf /root/run.sh',
        'COPY ./run.sh /root',
        'RUN /bin/bash /root/run.sh',
        'FROM alpine:3.20',
        'COPY --from=0 /go/src/Reptile/main /root',
      ].join('\n'),
    },
    {
      name: 'single stage: the deleted file is not one the Dockerfile made',
      code: 'FROM wangyanglinux/go:run1.0\nRUN mkdir /go/src/Reptile\nCOPY ./main.go /go/src/Reptile\nRUN rm -rf /root/run.sh',
    },
    {
      name: 'removing a base-image file right after FROM (nothing earlier made it)',
      code: 'FROM nginx:1.27\nRUN rm /etc/nginx/conf.d/default.conf\nCOPY site.conf /etc/nginx/conf.d/',
    },
    {
      name: 'removing a base-image file after an unrelated COPY of one file',
      code: 'FROM nginx:1.27\nCOPY nginx.conf /etc/nginx/\nRUN rm /etc/nginx/conf.d/default.conf',
    },
    {
      name: 'a RUN that deletes and also does other work',
      code: 'FROM debian:12\nCOPY . /app\nRUN rm -rf /app/docs && make -C /app',
    },
    {
      name: 'apt-get clean with no earlier apt use',
      code: 'FROM debian:12\nCOPY app /app\nRUN apt-get clean',
    },
    {
      name: 'relative path under an unknown WORKDIR',
      code: 'FROM node:22-slim\nCOPY . .\nRUN rm -rf docs',
    },
    {
      name: "apk del of a virtual package is apk-virtual-not-removed's finding",
      code: 'FROM alpine:3.20\nRUN apk add --no-cache --virtual .build git\nRUN apk add --no-cache curl\nRUN apk del --purge .build',
    },
    {
      name: 'a tmpfs mount over the deleted directory',
      code: 'FROM debian:12\nRUN --mount=type=tmpfs,target=/tmp wget -O /tmp/x.tgz http://e.x/x.tgz\nRUN --mount=type=tmpfs,target=/tmp rm -f /tmp/x.tgz',
    },
  ],
  invalid: [
    {
      name: 'the fix moves the cleanup to the end of the RUN that made the files, and drops its RUN',
      code: 'FROM busybox:1.36\r\nRUN wget -O /tmp/app.tgz http://example.invalid/app.tgz \\\r\n && tar -xzf /tmp/app.tgz -C /opt # unpack\r\nCOPY conf /etc/app/\r\nRUN rm -rf /tmp/app.tgz\r\nCMD ["/opt/app"]\r\n',
      errors: [{ line: 5, messageId: 'cleanupOfRun', data: { line: 2 } }],
      output:
        'FROM busybox:1.36\r\nRUN wget -O /tmp/app.tgz http://example.invalid/app.tgz \\\r\n && tar -xzf /tmp/app.tgz -C /opt && rm -rf /tmp/app.tgz # unpack\r\nCOPY conf /etc/app/\r\nCMD ["/opt/app"]\r\n',
    },
    {
      name: 'where the creating RUN already runs the same cleanup, the fix only drops the late RUN',
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nRUN rm -rf /var/lib/apt/lists/*',
      errors: [{ line: 3, messageId: 'cleanupOfRun', data: { line: 2 } }],
      output:
        'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'no fix when the cleanup is not plain `&&` commands (quotes, `;`), or follows a COPY',
      code: [
        'FROM debian:12',
        'RUN wget -O /tmp/a.tgz http://example.invalid/a.tgz',
        'RUN rm -f "/tmp/a.tgz"; true',
        'COPY . /app',
        'RUN rm -rf /app/docs',
        'RUN wget -O /tmp/b.tgz http://example.invalid/b.tgz',
        'RUN ./install.sh',
        'RUN rm -f /tmp/b.tgz',
      ].join('\n'),
      errors: [
        { line: 3, messageId: 'cleanupOfRun', data: { line: 2 } },
        { line: 5, messageId: 'cleanupOfCopy', data: { line: 4 } },
        { line: 8, messageId: 'cleanupOfRun', data: { line: 6 } },
      ],
      output: [
        'FROM debian:12',
        'RUN wget -O /tmp/a.tgz http://example.invalid/a.tgz',
        'RUN rm -f "/tmp/a.tgz"; true',
        'COPY . /app',
        'RUN rm -rf /app/docs',
        'RUN wget -O /tmp/b.tgz http://example.invalid/b.tgz',
        'RUN ./install.sh',
        'RUN rm -f /tmp/b.tgz',
      ].join('\n'),
    },
    {
      name: 'apk del in a RUN of its own',
      code: 'FROM alpine:3.20\nRUN apk add --no-cache git\nRuN apk del git',
      errors: [{ line: 3, messageId: 'cleanupOfRun', data: { line: 2 } }],
    },
    {
      name: 'apk del of a virtual package and of a real one',
      code: 'FROM alpine:3.20\nRUN apk add --no-cache --virtual .build gcc && apk add --no-cache curl\nRUN apk del .build curl',
      errors: [{ line: 3, messageId: 'cleanupOfRun', data: { first: 'apk del .build curl' } }],
    },
    {
      name: 'apt lists removed one RUN too late',
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nRUN rm -rf /var/lib/apt/lists/*',
      errors: [{ line: 3, messageId: 'cleanupOfRun' }],
    },
    {
      name: 'apt-get clean and autoremove alone',
      code: 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y build-essential\nRUN set -eux; apt-get purge -y build-essential; apt-get autoremove -y; apt-get clean',
      errors: [
        {
          line: 3,
          messageId: 'cleanupOfRun',
          data: { commands: expect.stringContaining('`apt-get purge -y build-essential`') },
        },
      ],
    },
    {
      name: 'deleting part of what COPY brought in (relative to WORKDIR)',
      code: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN rm -rf docs tests',
      errors: [{ line: 4, messageId: 'cleanupOfCopy', data: { keyword: 'COPY', line: 3 } }],
    },
    {
      name: 'cd then delete',
      code: 'FROM python:3.12-slim\nCOPY . /srv/app\nRUN cd /srv/app && rm -rf .git',
      errors: [{ line: 3, messageId: 'cleanupOfCopy', data: { keyword: 'COPY', line: 2 } }],
    },
    {
      name: 'deleting a downloaded archive',
      code: 'FROM debian:12\nRUN wget -O /opt/jdk.tar.gz https://e.x/jdk.tar.gz && tar -xzf /opt/jdk.tar.gz -C /opt\nRUN rm /opt/jdk.tar.gz',
      errors: [{ line: 3, messageId: 'cleanupOfRun', data: { line: 2 } }],
    },
    {
      name: 'an ADDed archive deleted later',
      code: 'FROM debian:12\nADD https://e.x/app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz -C /opt\nRUN rm -f /tmp/app.tar.gz',
      errors: [{ line: 4, messageId: 'cleanupOfCopy', data: { keyword: 'ADD', line: 2 } }],
    },
    {
      name: 'find -delete over copied files, in a heredoc',
      code: 'FROM node:22-slim\nCOPY . /app\nRUN <<EOF\nset -e\nfind /app -name "*.map" -delete\nEOF',
      errors: [{ line: 3, messageId: 'cleanupOfCopy' }],
    },
    {
      name: 'pip cache purge in the final stage built FROM a stage that installed',
      code: 'FROM python:3.12-slim AS base\nRUN pip install flask\nFROM base\nRUN pip cache purge',
      errors: [{ line: 4, messageId: 'cleanupOfRun', data: { line: 2 } }],
    },
  ],
});

testRule(cleanupInSeparateLayer, {
  valid: [],
  invalid: [
    {
      name: 'attributes apt lists to the RUN that ran apt-get, not to the nearest RUN',
      code: [
        'FROM debian:12',
        'RUN apt-get update',
        'RUN apt-get install -y golang-go',
        'COPY . /src',
        'RUN chmod -R 755 /src',
        'RUN rm -rf /var/lib/apt/lists/*',
      ].join('\n'),
      errors: [{ line: 6, messageId: 'cleanupOfRun', data: { line: 3 } }],
    },
  ],
});
