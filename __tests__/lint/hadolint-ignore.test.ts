/**
 * Every hadolint-parity rule, linted by the engine with all rules: a bad snippet is reported under the
 * rule's id, and a `# hadolint ignore=<code>` comment above the instruction silences exactly it.
 */
import { describe, expect, it } from '@jest/globals';
import { emptyConfigFile } from '../../src/config/config-file.js';
import { lintDockerfile } from '../../src/lint/engine.js';
import { RULES } from '../../src/lint/rules/index.js';

/** [rule id, hadolint code, Dockerfile whose last instruction the rule reports]. */
const CASES: [string, string, string][] = [
  ['last-user-root', 'DL3002', 'FROM alpine:3.20\nUSER root'],
  ['cd-instead-of-workdir', 'DL3003', 'FROM alpine:3.20\nWORKDIR /\nRUN cd /src && make'],
  ['sudo-in-run', 'DL3004', 'FROM alpine:3.20\nRUN sudo make install'],
  [
    'copied-archive-extracted',
    'DL3010',
    'FROM alpine:3.20\nCOPY a.tgz /tmp/\nRUN tar -xzf /tmp/a.tgz -C /opt && rm /tmp/a.tgz',
  ],
  ['copy-sources-need-dir-dest', 'DL3021', 'FROM alpine:3.20\nCOPY a b /app'],
  ['dockerfile-syntax', 'DL3043', 'FROM alpine:3.20\nONBUILD FROM alpine:3.20'],
  ['env-self-reference', 'DL3044', 'FROM alpine:3.20\nENV A=/a B=$A/b'],
  ['copy-relative-dest-no-workdir', 'DL3045', 'FROM alpine:3.20\nCOPY a.txt .'],
  ['wget-progress-bar', 'DL3047', 'FROM debian:12-slim\nRUN wget https://example.com/a'],
  ['invalid-label-key', 'DL3048', 'FROM alpine:3.20\nLABEL Version=1'],
  ['non-numeric-user', 'DL3066', 'FROM alpine:3.20\nUSER app'],
  [
    'wget-and-curl',
    'DL4001',
    'FROM alpine:3.20\nRUN wget -q https://e.com/a\nRUN curl -fsSLO https://e.com/b',
  ],
  ['ln-bin-sh', 'DL4005', 'FROM alpine:3.20\nRUN ln -sf /bin/bash /bin/sh'],
  ['pipe-without-pipefail', 'DL4006', 'FROM alpine:3.20\nRUN wget -qO- https://e.com/a | sh'],
  ['package-manager-missing-y', 'DL3030', 'FROM centos:7\nRUN yum install httpd && yum clean all'],
  ['package-manager-missing-y', 'DL3038', 'FROM fedora:40\nRUN dnf install httpd && dnf clean all'],
  ['package-manager-missing-y', 'DL3034', 'FROM opensuse/leap:15.6\nRUN zypper in curl && zypper clean'],
  ['reserved-stage-name', 'DL3063', 'FROM alpine:3.20 AS context'],
  ['secrets-used-in-arg-or-env', 'DL3064', 'FROM alpine:3.20\nARG NPM_TOKEN'],
  ['redundant-target-platform', 'DL3065', 'FROM --platform=$TARGETPLATFORM alpine:3.20'],
  [
    'copy-whole-stage-filesystem',
    'DL3067',
    'FROM debian:12 AS build\nRUN make\nFROM alpine:3.20\nCOPY --from=build / /',
  ],
];

describe.each(CASES)('%s (%s)', (rule, code, text) => {
  const lines = text.split('\n');
  const last = lines.length;
  // The rule named at its own severity, so rules that are off by default are checked too.
  const severity = RULES.find((r) => r.meta.id === rule)!.meta.severity;
  const config = { ...emptyConfigFile(), rules: { [rule]: severity } };
  const lint = (dockerfile: string) => lintDockerfile('Dockerfile', dockerfile, { config });

  it('is reported on the last instruction', () => {
    const found = lint(text).filter((f) => f.rule === rule);
    expect(found.map((f) => f.line)).toEqual([last]);
    expect(found[0]?.aliases).toContain(code);
  });

  it(`is silenced by "# hadolint ignore=${code}" above it, and only it`, () => {
    const ignored = [...lines.slice(0, -1), `# hadolint ignore=${code}`, lines[last - 1]].join('\n');
    const before = lint(text).filter((f) => f.rule !== rule);
    const after = lint(ignored);
    expect(after.filter((f) => f.rule === rule)).toEqual([]);
    // Every other finding stays (its line moves down by one when it is on the last instruction).
    expect(after.map((f) => f.rule).sort()).toEqual(before.map((f) => f.rule).sort());
  });
});
