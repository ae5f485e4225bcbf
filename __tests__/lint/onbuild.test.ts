/**
 * ONBUILD triggers are linted as the instructions they become in an image built FROM this one: the
 * engine runs the rules about what instructions do on them (not the stage-structure rules), reports on
 * the ONBUILD line with a message saying so, honours suppressions, and keeps only fixes that stay
 * inside the trigger.
 */
import { describe, expect, it } from '@jest/globals';
import { lintDockerfile, TRIGGER_PREFIX } from '../../src/lint/engine.js';
import { applyFixes } from '../../src/lint/fix.js';

const lint = (text: string) => lintDockerfile('Dockerfile', text);
const rulesAt = (text: string) => lint(text).map((f) => `${f.line} ${f.rule}`);

describe('ONBUILD triggers', () => {
  it('checks a RUN trigger like a RUN, on the ONBUILD line, saying it applies to child images', () => {
    const text =
      'FROM debian:12-slim\nUSER 10001\nONBUILD RUN apt-get update && apt-get install -y --no-install-recommends curl';
    const found = lint(text).filter((f) => f.rule === 'apt-lists-not-removed');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ line: 3, column: 1, aliases: ['DL3009'] });
    expect(found[0]?.message.startsWith(TRIGGER_PREFIX)).toBe(true);
  });

  it('does not run stage-structure rules on triggers', () => {
    const text =
      'FROM debian:12-slim AS base\nUSER 10001\nONBUILD COPY --from=buidler /a /a\nONBUILD USER root';
    expect(rulesAt(text)).toEqual([]);
  });

  it('honours a hadolint ignore comment above the ONBUILD, and a global ignore', () => {
    const run = 'ONBUILD RUN pip install -r requirements.txt';
    const base = 'FROM python:3.12-slim\nWORKDIR /app\nUSER 10001\n';
    expect(rulesAt(base + run)).toEqual(['4 pip-no-cache-dir']);
    expect(rulesAt(`${base}# hadolint ignore=DL3042\n${run}`)).toEqual([]);
    expect(rulesAt(`# hadolint global ignore=DL3042\n${base}${run}`)).toEqual([]);
  });

  it('sees what the child inherits from the whole stage: ENV and WORKDIR written after the ONBUILD', () => {
    const text =
      'FROM python:3.12-slim\nUSER 10001\nONBUILD COPY requirements.txt .\nONBUILD RUN pip install -r requirements.txt\nENV PIP_NO_CACHE_DIR=1\nWORKDIR /app';
    expect(rulesAt(text)).toEqual([]);
    // Without them, both triggers are reported.
    expect(rulesAt(text.split('\nENV')[0] as string)).toEqual([
      '3 copy-relative-dest-no-workdir',
      '4 pip-no-cache-dir',
    ]);
  });

  it('keeps a fix that stays inside its trigger, mapped to the file', () => {
    const text = 'FROM debian:12-slim\nUSER 10001\nONBUILD RUN apt-get install --no-install-recommends curl';
    const finding = lint(text).find((f) => f.rule === 'apt-get-missing-y');
    expect(finding?.fix).toBeDefined();
    expect(applyFixes(text, finding?.fix ?? []).text).toBe(
      'FROM debian:12-slim\nUSER 10001\nONBUILD RUN apt-get install -y --no-install-recommends curl',
    );
  });

  it('drops a fix that would span two triggers (joining RUNs)', () => {
    const text =
      'FROM debian:12-slim\nUSER 10001\nONBUILD RUN curl -fsSLo /tmp/a.tgz https://example.com/a.tgz\nONBUILD RUN tar -xzf /tmp/a.tgz -C /opt && rm /tmp/a.tgz';
    const joined = lint(text).filter((f) => f.rule === 'consecutive-run');
    expect(joined.map((f) => f.line)).toEqual([4]);
    expect(joined[0]?.fix).toBeUndefined();
  });

  it('does not lint forbidden triggers as instructions (dockerfile-syntax reports them)', () => {
    const text =
      'FROM debian:12-slim\nUSER 10001\nWORKDIR /app\nONBUILD FROM ubuntu:24.04\nONBUILD ONBUILD RUN apt-get install -y curl\nONBUILD COPY a.txt .';
    // The COPY runs in the child with the inherited WORKDIR: no stage starts at the refused FROM.
    expect(rulesAt(text)).toEqual(['4 dockerfile-syntax', '5 dockerfile-syntax']);
  });

  it('lints the triggers of each stage with that stage as the parent', () => {
    const text =
      'FROM debian:12-slim AS a\nONBUILD RUN apt-get install -y curl\nFROM alpine:3.20\nWORKDIR /x\nONBUILD RUN apk add curl\nUSER 10001';
    expect(rulesAt(text)).toEqual(['2 apt-no-install-recommends', '5 apk-no-cache']);
  });
});

describe('ONBUILD trigger fixes', () => {
  it('rewrites the trigger keyword, not ONBUILD', () => {
    const text = 'FROM alpine:3.20\nUSER 10001\nWORKDIR /app\nONBUILD ADD app.py /app/';
    const finding = lint(text).find((f) => f.rule === 'prefer-copy');
    expect(finding).toMatchObject({ line: 4, column: 1 });
    expect(applyFixes(text, finding?.fix ?? []).text).toBe(
      'FROM alpine:3.20\nUSER 10001\nWORKDIR /app\nONBUILD COPY app.py /app/',
    );
  });
});
