import { preferCopy } from '../../../src/lint/rules/prefer-copy.js';
import { testRule } from '../rule-tester.js';

testRule(preferCopy, {
  valid: [
    'FROM alpine:3.20\nCOPY . /app',
    {
      name: 'debian rootfs tarball unpacked by ADD',
      code: 'FROM scratch\nADD rootfs.tar.xz /\nCMD ["bash"]',
    },
    'FROM alpine:3.20\nADD vendor.tgz /opt/\nADD data.tar.bz2 /data/\nADD dist.tar /srv/',
    'FROM alpine:3.20\nADD https://e.x/tool /usr/local/bin/tool',
    'FROM alpine:3.20\nADD git@github.com:moby/buildkit.git#v0.14 /src',
    'FROM alpine:3.20\nADD --keep-git-dir=true https://github.com/moby/buildkit.git#v0.14 /src',
    { name: 'heredoc', code: 'FROM alpine:3.20\nADD <<EOF /etc/motd\nhello\nEOF' },
    { name: 'a variable source may be an archive', code: 'FROM alpine:3.20\nARG PKG\nADD ${PKG} /opt/' },
    {
      name: 'mixed local file and URL: COPY cannot replace it',
      code: 'FROM alpine:3.20\nADD https://e.x/a.txt b.txt /x/',
    },
  ],
  invalid: [
    {
      name: 'ADD . /app',
      code: 'FROM golang:alpine\nWORKDIR /app\nADD . /app\nRUN cd /app && go build -o goapp',
      errors: [{ line: 3, messageId: 'preferCopy', data: { operands: '. /app' } }],
    },
    {
      name: 'keeps --chown and --chmod in the fix',
      code: 'FROM node:22-slim\nADD --chown=node:node --chmod=644 package.json /app/',
      errors: [
        {
          line: 2,
          messageId: 'preferCopy',
          data: { flags: '--chown=node:node --chmod=644 ', operands: 'package.json /app/' },
        },
      ],
    },
    {
      name: 'a local zip is not unpacked by ADD',
      code: 'FROM alpine:3.20\nADD app.zip /opt/',
      errors: [{ line: 2, messageId: 'preferCopy', data: { sources: '`app.zip`' } }],
    },
    {
      name: 'JSON form in a builder stage',
      code: 'FROM alpine:3.20 AS build\nADD ["src dir", "/src/"]\nFROM scratch\nCOPY --from=build /src /src',
      errors: [{ line: 2, messageId: 'preferCopy', data: { operands: '["src dir", "/src/"]' } }],
    },
    {
      name: 'the fix turns the keyword into COPY, keeping flags and case',
      code: 'FROM alpine\nADD --chown=app:app src /app/src\nadd ["a b", "/x/"]',
      errors: [
        { line: 2, messageId: 'preferCopy' },
        { line: 3, messageId: 'preferCopy' },
      ],
      output: 'FROM alpine\nCOPY --chown=app:app src /app/src\ncopy ["a b", "/x/"]',
    },
    {
      name: 'no fix with a flag only ADD has',
      code: 'FROM alpine\nADD --keep-git-dir=true src /app/src',
      errors: [{ line: 2, messageId: 'preferCopy' }],
      output: 'FROM alpine\nADD --keep-git-dir=true src /app/src',
    },
  ],
});

// hadolint DL3020 parity: Docker removes the quotes, so a quoted archive or URL is still one.
testRule(preferCopy, {
  valid: [
    'FROM alpine:3.20\nADD "app.tar.gz" /opt/',
    "FROM alpine:3.20\nADD 'https://example.com/a.txt' /a.txt",
    'FROM alpine:3.20\nADD ["app.tgz", "/opt/"]',
  ],
  invalid: [
    {
      code: 'FROM alpine:3.20\nADD "config.yml" /etc/app/',
      errors: [{ line: 2, messageId: 'preferCopy' }],
      output: 'FROM alpine:3.20\nCOPY "config.yml" /etc/app/',
    },
  ],
});
