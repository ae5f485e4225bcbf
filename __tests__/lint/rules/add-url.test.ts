import { expect } from '@jest/globals';
import { addUrl } from '../../../src/lint/rules/add-url.js';
import { testRule } from '../rule-tester.js';

testRule(addUrl, {
  valid: [
    {
      name: 'download, unpack and delete in one RUN',
      code: 'FROM debian:12\nRUN curl -fsSL https://nodejs.org/dist/v22.0.0/node-v22.0.0-linux-x64.tar.xz | tar -xJ -C /usr/local',
    },
    {
      name: 'a single binary with a checksum is the artifact',
      code: 'FROM debian:12\nADD --checksum=sha256:abc https://e.x/tini /usr/bin/tini\nRUN chmod +x /usr/bin/tini',
    },
    {
      name: 'an archive nothing unpacks or deletes is the artifact',
      code: 'FROM tomcat:10\nADD https://e.x/plugins/report.zip /opt/plugins/\nCMD ["catalina.sh", "run"]',
    },
    {
      name: 'a local archive is unpacked by ADD itself',
      code: 'FROM debian:12\nADD rootfs.tar.gz /\nRUN rm -rf /tmp/*',
    },
    {
      name: 'a builder stage: its layers are not shipped',
      code: 'FROM debian:12 AS fetch\nADD https://e.x/app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz -C /opt\nFROM debian:12-slim\nCOPY --from=fetch /opt /opt',
    },
    {
      name: 'a file of the same name in another directory is not the download',
      code: 'FROM debian:12\nADD https://e.x/t.tgz /tmp/t.tgz\nWORKDIR /src\nRUN tar xzf t.tgz',
    },
    {
      name: 'an unrelated later tar',
      code: 'FROM debian:12\nADD https://e.x/a.tar.gz /tmp/\nRUN tar -czf /backup.tgz /etc',
    },
  ],
  invalid: [
    {
      name: 'ADD of a tarball unpacked and deleted by a later RUN',
      code: 'FROM debian:12\nADD https://e.x/node-v22.tar.xz /tmp/\nRUN tar -xJf /tmp/node-v22.tar.xz -C /usr/local && rm /tmp/node-v22.tar.xz',
      errors: [
        { line: 2, messageId: 'archiveKept', data: { oneRun: expect.stringContaining('tar -xJ -C /opt') } },
      ],
    },
    {
      name: 'ADD renames the download, a later RUN unpacks and deletes it by a relative path after cd',
      code: 'FROM debian:12\nADD https://e.x/releases/download/v1/tool-linux-amd64.tgz /tmp/t.tgz\nRUN cd /tmp && tar xzf t.tgz && rm t.tgz',
      errors: [{ line: 2, messageId: 'archiveKept', data: { name: 'tool-linux-amd64.tgz', line: 3 } }],
    },
    {
      name: 'unpacked through a glob in the destination directory',
      code: 'FROM debian:12\nADD https://e.x/dl/app.tgz?token=1 /opt/\nRUN cd /opt && tar xzf /opt/*.tgz',
      errors: [{ line: 2, messageId: 'archiveKept', data: { name: 'app.tgz' } }],
    },
    {
      name: 'a zip unpacked with unzip, ADD with JSON form',
      code: 'FROM eclipse-temurin:21-jre\nADD ["https://e.x/app.zip", "/tmp/app.zip"]\nRUN unzip /tmp/app.zip -d /opt',
      errors: [
        {
          line: 2,
          messageId: 'archiveKept',
          data: { oneRun: expect.stringContaining('unzip /tmp/app.zip -d /opt') },
        },
      ],
    },
    {
      name: 'only deleted later, in the final stage built FROM another',
      code: 'FROM debian:12 AS base\nADD https://e.x/data.tar.gz /data/\nFROM base\nRUN rm -rf /data/data.tar.gz',
      errors: [{ line: 2, messageId: 'archiveKept', data: { line: 4 } }],
    },
  ],
});
