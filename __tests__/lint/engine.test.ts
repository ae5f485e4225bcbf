import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { emptyConfigFile, type ConfigFile } from '../../src/config/config-file.js';
import { enabledRules, lintDockerfile, lintFiles, RuleMessageError } from '../../src/lint/engine.js';
import { placeholders, renderMessage } from '../../src/lint/messages.js';
import { RULES } from '../../src/lint/rules/index.js';
import type { Rule, RuleMeta } from '../../src/lint/types.js';
import { allRules } from './all-rules.js';

const meta = (id: string, extra: Partial<RuleMeta> = {}): RuleMeta => ({
  id,
  severity: 'warning',
  category: 'size',
  aliases: [],
  description: id,
  messages: { seen: '{{keyword}} seen', here: 'here', x: 'x' },
  ...extra,
});

/** Reports every instruction with this keyword. */
const every = (keyword: string, id: string, extra: Partial<RuleMeta> = {}): Rule => ({
  meta: meta(id, extra),
  check({ model, report }) {
    for (const i of model.instructions) if (i.keyword === keyword) report(i, 'seen', { keyword });
  },
});
const everyRun = every('RUN', 'every-run', { aliases: ['DL9001'] });
const everyCopy = every('COPY', 'every-copy', { severity: 'info' });
const config = (rules: ConfigFile['rules'], extra: Partial<ConfigFile> = {}): ConfigFile => ({
  ...emptyConfigFile(),
  rules,
  ...extra,
});

describe('lintDockerfile', () => {
  it('turns 0-based ranges into 1-based line, end line and column, fills aliases and renders the message', () => {
    const text = 'FROM a\n  RUN apt-get update \\\n    && apt-get install -y curl';
    expect(lintDockerfile('svc/Dockerfile', text, { rules: [everyRun] })).toEqual([
      {
        rule: 'every-run',
        aliases: ['DL9001'],
        severity: 'warning',
        file: 'svc/Dockerfile',
        line: 2,
        endLine: 3,
        column: 3,
        message: 'RUN seen',
        messageId: 'seen',
        data: { keyword: 'RUN' },
      },
    ]);
  });

  it('reports an explicit range as given', () => {
    const atRange: Rule = {
      meta: meta('at-range'),
      check: ({ report }) =>
        report({ start: { line: 1, character: 4 }, end: { line: 1, character: 9 } }, 'here'),
    };
    const [finding] = lintDockerfile('Dockerfile', 'FROM a\nRUN hello', { rules: [atRange] });
    expect(finding).toMatchObject({ line: 2, endLine: 2, column: 5 });
  });

  it('sorts findings by line, then column, then rule, whatever order rules report in', () => {
    const text = 'FROM a\nCOPY x /x\nRUN y\nCOPY z /z';
    const findings = lintDockerfile('Dockerfile', text, { rules: [everyRun, everyCopy] });
    expect(findings.map((f) => `${f.line} ${f.rule}`)).toEqual([
      '2 every-copy',
      '3 every-run',
      '4 every-copy',
    ]);
  });

  it('applies the config: severity overrides and off', () => {
    const rules = [everyRun, everyCopy];
    const text = 'FROM a\nCOPY x /x\nRUN y';
    const ids = (c?: ConfigFile) =>
      lintDockerfile('D', text, { rules, config: c }).map((f) => `${f.rule}:${f.severity}`);

    expect(ids()).toEqual(['every-copy:info', 'every-run:warning']);
    expect(ids(config({ 'every-run': 'error', 'every-copy': 'off' }))).toEqual(['every-run:error']);
    const enabled = enabledRules(rules, config({ 'every-copy': 'off' }));
    expect(enabled.map((r) => r.rule.meta.id)).toEqual(['every-run']);
  });

  it('runs an off-by-default rule only when the config names it, at the severity it gives', () => {
    const optIn = every('RUN', 'opt-in', { enabledByDefault: false });
    const text = 'FROM a\nRUN y';
    const ids = (c?: ConfigFile) =>
      lintDockerfile('D', text, { rules: [optIn], config: c }).map((f) => `${f.rule}:${f.severity}`);
    expect(ids()).toEqual([]);
    expect(ids(config({ 'opt-in': 'error' }))).toEqual(['opt-in:error']);
    expect(ids(config({ 'opt-in': 'off' }))).toEqual([]);
    expect(enabledRules([optIn]).map((r) => r.rule.meta.id)).toEqual([]);
  });

  it('passes trusted registries and the build context facts to rules', () => {
    const seen: unknown[] = [];
    const probe: Rule = {
      meta: meta('probe'),
      check: ({ options, buildContext }) => void seen.push(options, buildContext),
    };
    lintDockerfile('D', 'FROM a', {
      rules: [probe],
      config: config({}, { trustedRegistries: ['ghcr.io/me'] }),
      buildContext: { hasDockerignore: false },
    });
    expect(seen).toEqual([
      { trustedRegistries: ['ghcr.io/me'], labelSchema: {}, strictLabels: false },
      { hasDockerignore: false },
    ]);
  });

  it('drops suppressed findings: by id, by hadolint alias, globally', () => {
    const text = [
      'FROM a',
      '# docker-diet ignore=every-run',
      'RUN one',
      '# hadolint ignore=DL9001',
      'RUN two',
      'RUN three',
      'COPY x /x',
      '# docker-diet global ignore=every-copy',
    ].join('\n');
    const findings = lintDockerfile('D', text, { rules: [everyRun, everyCopy] });
    expect(findings.map((f) => `${f.line} ${f.rule}`)).toEqual(['6 every-run']);
  });

  it('a rule that throws is skipped with a warning naming it; the others still report', () => {
    const broken: Rule = {
      meta: meta('broken-rule'),
      check() {
        throw new TypeError('cannot read properties of undefined');
      },
    };
    const warnings: string[] = [];
    const findings = lintDockerfile('svc/Dockerfile', 'FROM a\nRUN x', {
      rules: [broken, everyRun],
      onWarning: (m) => warnings.push(m),
    });
    expect(findings.map((f) => f.rule)).toEqual(['every-run']);
    expect(warnings).toEqual([
      'rule broken-rule failed on svc/Dockerfile and was skipped: cannot read properties of undefined',
    ]);
  });

  it('warns about a docker-diet ignore comment naming no rule', () => {
    const warnings: string[] = [];
    lintDockerfile('D', 'FROM a\n# docker-diet ignore=evry-run\nRUN x', {
      rules: [everyRun],
      onWarning: (m) => warnings.push(m),
    });
    expect(warnings).toEqual(['D:2: "# docker-diet ignore" names "evry-run", which is not a rule id']);
  });
});

describe('rule messages', () => {
  const saying = (messageId: string, data?: Record<string, string>): Rule => ({
    meta: meta('talker', { messages: { greet: 'hello {{name}}, line {{ line }}' } }),
    check: ({ model, report }) => report(model.instructions[0]!, messageId, data),
  });
  const lint = (rule: Rule, strictMessages: boolean, warnings: string[] = []) =>
    lintDockerfile('D', 'FROM a', { rules: [rule], strictMessages, onWarning: (m) => warnings.push(m) });

  it('fills {{placeholders}} from the data, numbers included', () => {
    const rule: Rule = {
      meta: meta('talker', { messages: { greet: 'hello {{name}}, line {{ line }}' } }),
      check: ({ model, report }) => report(model.instructions[0]!, 'greet', { name: 'you', line: 3 }),
    };
    expect(lint(rule, true).map((f) => [f.messageId, f.message])).toEqual([['greet', 'hello you, line 3']]);
  });

  it('throws in strict mode (tests) on an unknown id or a missing placeholder', () => {
    expect(() => lint(saying('gret'), true)).toThrow(RuleMessageError);
    const fixing: Rule = {
      meta: meta('fixer'),
      check: ({ model, report }) =>
        report(model.instructions[0]!, 'x', undefined, [{ range: model.instructions[0]!.range, text: '' }]),
    };
    expect(() => lint(fixing, true)).toThrow('rule fixer sent a fix but is not fixable');
    expect(() => lint(saying('greet', { name: 'you' }), true)).toThrow(
      'rule talker, message "greet": no value for {{line}}',
    );
  });

  it('otherwise warns and keeps the finding with the raw text', () => {
    const warnings: string[] = [];
    const findings = lint(saying('greet', { name: 'you' }), false, warnings);
    expect(findings.map((f) => f.message)).toEqual(['hello you, line {{line}}']);
    expect(lint(saying('gret'), false, warnings).map((f) => f.message)).toEqual(['gret']);
    expect(warnings).toEqual([
      'D: rule talker, message "greet": no value for {{line}}',
      'D: rule talker reported unknown message id "gret"',
    ]);
  });

  it('every message of every rule renders without a leftover {{…}} once its placeholders are given', async () => {
    for (const rule of await allRules()) {
      const ids = Object.keys(rule.meta.messages);
      expect(ids.length).toBeGreaterThan(0);
      for (const id of ids) {
        const template = (rule.meta.messages as Record<string, string>)[id] ?? '';
        const data = Object.fromEntries(placeholders(template).map((name) => [name, `<${name}>`]));
        const rendered = renderMessage(rule.meta, id, data);
        expect({ rule: rule.meta.id, id, problem: rendered.problem }).toEqual({ rule: rule.meta.id, id });
        expect(rendered.text).not.toMatch(/\{\{|\}\}/);
      }
    }
  });

  it('a real rule renders its message as users read it', () => {
    const [finding] = lintDockerfile('D', 'FROM debian:12\nRUN apt-get install curl', {
      rules: RULES.filter((r) => r.meta.id === 'apt-get-missing-y'),
    });
    expect(finding?.message).toBe(
      '`apt-get install` has no `-y`: as soon as it pulls in a dependency, apt asks "Do you want to continue? [Y/n]", reads no answer and aborts the build. Fix: `apt-get install -y …`.',
    );
  });
});

describe('lintDockerfile with the real rules', () => {
  let rules: Rule[];
  beforeAll(async () => {
    rules = await allRules();
  });
  const ids = (text: string, c?: ConfigFile) =>
    lintDockerfile('Dockerfile', text, { rules, config: c }).map((f) => `${f.line} ${f.rule}`);

  it('a clean multi-stage Dockerfile has no findings', () => {
    const text = [
      '# syntax=docker/dockerfile:1',
      'FROM golang:1.22 AS build',
      'WORKDIR /src',
      'COPY go.mod go.sum ./',
      'RUN --mount=type=cache,target=/root/.cache/go-build go mod download',
      'COPY . .',
      'RUN CGO_ENABLED=0 go build -o /out/app .',
      'FROM gcr.io/distroless/static-debian12:nonroot',
      'COPY --from=build /out/app /app',
      'ENTRYPOINT ["/app"]',
    ].join('\n');
    expect(ids(text)).toEqual([]);
  });

  it('several rules on one file, one suppressed through its hadolint code, one turned off', () => {
    const text = [
      'FROM debian:12 AS base',
      'RUN echo base > /base.txt',
      'FROM debian:12',
      'RUN apt-get update && apt-get install -y --no-install-recommends curl',
      '# hadolint ignore=DL3009',
      'RUN apt-get update && apt-get install -y git',
      'COPY --from=0 /base.txt /base.txt',
      'RUNN ./install.sh',
    ].join('\n');
    const all = ids(text);
    expect(all).toEqual(
      expect.arrayContaining([
        '4 apt-lists-not-removed',
        '6 apt-no-install-recommends',
        '7 numeric-stage-reference',
        '8 dockerfile-syntax',
      ]),
    );
    expect(all).not.toContain('6 apt-lists-not-removed');
    expect(ids(text, config({ 'numeric-stage-reference': 'off' }))).not.toContain(
      '7 numeric-stage-reference',
    );
  });
});

describe('lintFiles', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-engine-'));
  const write = (name: string, content: string | Buffer): string => {
    const file = path.join(dir, name);
    writeFileSync(file, content);
    return file;
  };

  it('reads each file, lints it with its own build context facts, and sorts across files', async () => {
    const seen: unknown[] = [];
    const probe: Rule = {
      meta: meta('probe'),
      check: ({ model, buildContext, report }) => {
        seen.push([model.file, buildContext]);
        report(model.instructions[0]!, 'x');
      },
    };
    const findings = await lintFiles(
      [
        { file: 'b/Dockerfile', absolute: write('b', 'FROM b'), buildContext: { hasDockerignore: true } },
        { file: 'a/Dockerfile', absolute: write('a', '\n\nFROM a') },
      ],
      { rules: [probe] },
    );
    expect(findings.map((f) => `${f.file}:${f.line}`)).toEqual(['a/Dockerfile:3', 'b/Dockerfile:1']);
    expect(seen).toEqual([
      ['b/Dockerfile', { hasDockerignore: true }],
      ['a/Dockerfile', {}],
    ]);
  });

  it('skips unreadable, binary and huge files with a warning', async () => {
    const warnings: string[] = [];
    const findings = await lintFiles(
      [
        { file: 'missing', absolute: path.join(dir, 'missing') },
        { file: 'binary', absolute: write('binary', Buffer.from([0x46, 0x52, 0x00, 0x4f])) },
        { file: 'huge', absolute: write('huge', `FROM a\n${'# x\n'.repeat(300_000)}`) },
        { file: 'ok', absolute: write('ok', 'FROM a\nRUN x') },
      ],
      { rules: [everyRun], onWarning: (m) => warnings.push(m) },
    );
    expect(findings.map((f) => f.file)).toEqual(['ok']);
    expect(warnings).toEqual([
      expect.stringMatching(/^missing: cannot be read \(ENOENT/),
      'binary: does not look like a Dockerfile (binary or over 1 MiB); skipped',
      'huge: does not look like a Dockerfile (binary or over 1 MiB); skipped',
    ]);
  });
});
