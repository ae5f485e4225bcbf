/**
 * No input crashes the linter: generated Dockerfiles (random instructions, continuations, heredocs,
 * odd flags, unicode, the escape directive, CRLF, truncated and mutated real Dockerfiles) go through
 * lintDockerfile with every rule in the tree, and no rule may throw.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { lintDockerfile } from '../../src/lint/engine.js';
import type { Rule } from '../../src/lint/types.js';
import { allRules } from './all-rules.js';
import { checkFix } from './fix-check.js';

const REAL = [
  [
    'FROM debian:12-slim AS build',
    'ARG DEBIAN_FRONTEND=noninteractive',
    'RUN apt-get update \\',
    '    && apt-get install -y --no-install-recommends build-essential ca-certificates \\',
    '    && rm -rf /var/lib/apt/lists/*',
    'WORKDIR /src',
    'COPY . .',
    'RUN make -j"$(nproc)" && make install DESTDIR=/out',
    'FROM gcr.io/distroless/base-debian12:nonroot',
    'COPY --from=build --chown=65532:65532 /out/ /',
    'USER nonroot',
    'ENTRYPOINT ["/usr/local/bin/app"]',
  ].join('\n'),
  [
    '# syntax=docker/dockerfile:1.7',
    'ARG NODE=22',
    'FROM node:${NODE}-alpine AS deps',
    'WORKDIR /app',
    'COPY package.json package-lock.json ./',
    'RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev',
    'FROM node:${NODE}-alpine',
    'ENV NODE_ENV=production',
    'COPY --from=deps /app/node_modules ./node_modules',
    'COPY <<EOF /etc/motd',
    'hello',
    'EOF',
    'RUN <<-SCRIPT bash',
    '\tset -eux',
    '\tapk add --no-cache --virtual .build python3 make g++',
    '\tapk del .build',
    '\tSCRIPT',
    'HEALTHCHECK --interval=30s CMD wget -qO- http://localhost:3000/health || exit 1',
    'CMD ["node", "server.js"]',
  ].join('\n'),
  [
    '# escape=`',
    'FROM mcr.microsoft.com/windows/servercore:ltsc2022',
    'RUN powershell -Command `',
    '    Invoke-WebRequest https://example.com/x.zip -OutFile x.zip ; `',
    '    Expand-Archive x.zip -DestinationPath C:\\x',
    'SHELL ["powershell", "-Command"]',
    'ONBUILD COPY . /app',
  ].join('\r\n'),
  [
    'FROM python:3.12-slim',
    '# hadolint ignore=DL3008,DL3015',
    'RUN apt-get update && apt-get install -y gcc && pip install -r requirements.txt',
    'RUN pip install --no-cache-dir uvicorn==0.30.0',
    'RUN yum install -y httpd && yum clean all',
    'ADD https://example.com/app.tar.gz /tmp/',
    'LABEL a=b c="d e" \\',
    '      f=g',
    'EXPOSE 8000/tcp 8001',
    'VOLUME ["/data"]',
    'STOPSIGNAL SIGTERM',
  ].join('\n'),
];

const KEYWORDS = [
  'FROM',
  'RUN',
  'COPY',
  'ADD',
  'ARG',
  'ENV',
  'LABEL',
  'WORKDIR',
  'USER',
  'CMD',
  'ENTRYPOINT',
  'EXPOSE',
  'VOLUME',
  'SHELL',
  'ONBUILD',
  'HEALTHCHECK',
  'STOPSIGNAL',
  'MAINTAINER',
  'from',
  'Run',
  'RUNN',
  '',
];
const FRAGMENTS = [
  'apt-get update',
  'apt-get install -y curl',
  '&&',
  '||',
  ';',
  '|',
  '&',
  'rm -rf /var/lib/apt/lists/*',
  'apk add --no-cache git',
  'apk add --virtual .b gcc',
  'apk del .b',
  'pip install x',
  'npm ci',
  'yarn',
  'yum install -y x',
  'dnf clean all',
  'zypper in -y x',
  'go build -o /a .',
  'CGO_ENABLED=0',
  'sudo',
  'env A=1',
  'sh -c',
  '"unterminated',
  "'single",
  '$(echo',
  '${VAR:-x}',
  '`tick',
  '\\',
  '(',
  ')',
  '{',
  '}',
  'alpine:3.20',
  'golang:1.22 AS build',
  'AS',
  'scratch',
  '${BASE}',
  '--from=0',
  '--from=build',
  '--mount=type=cache,target=/root/.cache',
  '--mount=type=bind,from=0',
  '--mount=',
  '--chown=1:1',
  '--',
  '--=',
  '--platform=$BUILDPLATFORM',
  '["a", "b"]',
  '["broken',
  '[]',
  '[1, 2]',
  '<<EOF',
  '<<-"EOT"',
  '<<',
  '#',
  '# docker-diet ignore=apt-lists-not-removed',
  '# hadolint global ignore=DL3009',
  '=',
  'a=b',
  '/',
  '.',
  '*',
  '🐳',
  'ünïcödé',
  '\u202e',
  '\u0301',
  '\u0000',
  '\t',
  '0',
  '-1',
  '99999999999999999999',
];

const word = fc.oneof(
  fc.constantFrom(...FRAGMENTS),
  fc.string({ maxLength: 8 }),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
);
const args = fc.array(word, { maxLength: 8 }).map((w) => w.join(' '));
const heredoc = fc
  .tuple(fc.constantFrom('EOF', 'EOT', 'X'), fc.array(args, { maxLength: 3 }), fc.boolean())
  .map(([name, body, closed]) => `RUN <<${name} sh\n${body.join('\n')}${closed ? `\n${name}` : ''}`);
const line = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...KEYWORDS), args).map(([k, a]) => `${k} ${a}`) },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.constantFrom(...KEYWORDS), args, args).map(([k, a, b]) => `${k} ${a} \\\n  ${b}`),
  },
  { weight: 1, arbitrary: heredoc },
  {
    weight: 1,
    arbitrary: fc.constantFrom('', '   ', '# comment', '# escape=`', '# syntax=docker/dockerfile:1'),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
);
const generated = fc
  .tuple(fc.boolean(), fc.array(line, { maxLength: 14 }), fc.constantFrom('\n', '\r\n'))
  .map(([startsWithFrom, lines, eol]) => (startsWithFrom ? ['FROM alpine:3.20', ...lines] : lines).join(eol));

const mutated = fc
  .tuple(
    fc.constantFrom(...REAL),
    fc.nat(),
    fc.nat(),
    fc.string({ maxLength: 12 }),
    fc.constantFrom('truncate', 'delete', 'insert'),
  )
  .map(([text, a, b, insert, how]) => {
    const i = a % (text.length + 1);
    const j = Math.min(text.length, i + (b % 40));
    if (how === 'truncate') return text.slice(0, i);
    if (how === 'delete') return text.slice(0, i) + text.slice(j);
    return text.slice(0, i) + insert + text.slice(i);
  });

// Dockerfiles made of the commands the fixable rules fix, joined in every way, so the fix properties
// meet real fixes (apt, pip, npm, yarn, rpm, zypper, ADD, chown, split RUNs), not only noise.
const fixableCommand = fc.constantFrom(
  'apt-get update',
  'apt update',
  'apt install -y curl',
  'apt-get install -y git',
  'apt-get install wget',
  'pip install flask',
  'python3 -m pip install -r requirements.txt',
  'npm ci',
  'yarn install',
  'yum install -y httpd',
  'dnf install -y tar',
  'zypper install -y curl',
  'apk add curl',
  'useradd -u 1000000 app',
  'rm -rf /tmp/x',
  'curl -o /tmp/x https://x/x',
  'cd /src',
  'echo "a # b"',
);
const fixableRun = fc
  .tuple(
    fc.array(fixableCommand, { minLength: 1, maxLength: 4 }),
    fc.array(fc.constantFrom(' && ', ' && \\\n    ', '; ', ' || ', ' | ', ' \\\n  && '), {
      minLength: 3,
      maxLength: 3,
    }),
    fc.constantFrom('', ' # note', ' \\', ';'),
    fc.constantFrom('', '--mount=type=cache,target=/x '),
  )
  .map(
    ([commands, joins, end, flags]) =>
      `RUN ${flags}${commands.map((c, i) => (i === 0 ? c : `${joins[i - 1] ?? ' && '}${c}`)).join('')}${end}`,
  );
const fixableLine = fc.oneof(
  { weight: 6, arbitrary: fixableRun },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'ADD app.py /app/',
      'COPY . /app',
      'RUN chown -R app:app /app',
      'COPY --from=0 /a /a',
      'WORKDIR /app',
      '# a comment',
      'RUN <<EOF\napt-get update\nEOF',
    ),
  },
);
const fixableFile = fc
  .tuple(fc.array(fixableLine, { maxLength: 8 }), fc.constantFrom('\n', '\r\n'), fc.boolean())
  .map(([lines, eol, twoStages]) =>
    [...(twoStages ? ['FROM debian:12 AS build', 'RUN make'] : []), 'FROM debian:12', ...lines].join(eol),
  );

describe('robustness', () => {
  let rules: Rule[];
  beforeAll(async () => {
    rules = await allRules();
  });

  /** Lints `text` and checks that nothing threw and every finding points inside the file. */
  const check = (text: string): void => {
    const problems: string[] = [];
    const findings = lintDockerfile('Dockerfile', text, {
      rules,
      // Unknown ids in generated ignore comments are expected; anything else means code threw.
      onWarning: (m) => (m.includes('which is not a rule id') ? undefined : void problems.push(m)),
    });
    expect(problems).toEqual([]);
    // dockerfile-ast counts a lone CR as a line break too (as editors do).
    const lines = text.split(/\r\n|\r|\n/).length;
    for (const f of findings) {
      expect(f.line).toBeGreaterThanOrEqual(1);
      expect(f.endLine).toBeGreaterThanOrEqual(f.line);
      expect(f.endLine).toBeLessThanOrEqual(lines);
      expect(f.column).toBeGreaterThanOrEqual(1);
      expect(f.message).not.toBe('');
    }
  };

  it('the real Dockerfiles go through without a problem (the baseline the mutations start from)', () => {
    for (const text of REAL) check(text);
  });

  it('never throws on generated Dockerfiles', () => {
    fc.assert(
      fc.property(generated, (text) => check(text)),
      { numRuns: 300, seed: 20240611 },
    );
  });

  it('never throws on truncated and mutated real Dockerfiles', () => {
    fc.assert(
      fc.property(mutated, (text) => check(text)),
      { numRuns: 300, seed: 20240612 },
    );
  });

  it('fixing generated and mutated Dockerfiles keeps the stages, is idempotent and leaves nothing to fix', () => {
    fc.assert(
      fc.property(fc.oneof(generated, mutated), (text) => void checkFix(text, rules)),
      { numRuns: 300, seed: 20261204 },
    );
    let withFixes = 0;
    fc.assert(
      fc.property(fixableFile, (text) => void (withFixes += checkFix(text, rules) > 0 ? 1 : 0)),
      { numRuns: 400, seed: 20261205 },
    );
    // The generator is worth its runs only if most files have something to fix.
    expect(withFixes).toBeGreaterThan(200);
    for (const text of REAL) checkFix(text, rules);
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => check(text)),
      { numRuns: 200 },
    );
  });
});
