import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { DietError } from '../../src/errors.js';
import { emptyConfigFile, loadConfigFile, parseConfigFile } from '../../src/config/config-file.js';
import type { Rule } from '../../src/lint/types.js';

const rule = (id: string, aliases: string[] = [], severity: Rule['meta']['severity'] = 'warning'): Rule => ({
  meta: { id, severity, category: 'size', aliases, description: id, messages: {} },
  check: () => undefined,
});
const RULES = [
  rule('apt-lists-not-removed', ['DL3009']),
  rule('consecutive-run', [], 'info'),
  rule('apt-cache-mount', ['DL3009']),
];
const parse = (text: string) => parseConfigFile(text, '.docker-diet.yml', RULES);

/** The message of the DietError `fn` throws. */
function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DietError);
    return (error as DietError).message;
  }
  throw new Error('expected an error');
}

describe('parseConfigFile', () => {
  it('reads every key', () => {
    const config = parse(
      [
        'rules:',
        '  consecutive-run: off',
        '  apt-lists-not-removed: ERROR',
        'ignore-paths:',
        '  - legacy/**',
        '  - ./old/Dockerfile',
        'trusted-registries:',
        '  - GHCR.io/My-Org/',
        'budgets:',
        '  api: { max-size: 150MB, max-increase: 5% }',
        '  worker:',
        '    max-compressed-size: 1.5GiB',
        '    max-wasted: 10MB',
        '    max-increase: 2000000',
        'images:',
        '  - { name: api, dockerfile: api/Dockerfile }',
      ].join('\n'),
    );
    expect(config).toEqual({
      rules: { 'consecutive-run': 'off', 'apt-lists-not-removed': 'error' },
      ignorePaths: ['legacy/**', 'old/Dockerfile'],
      trustedRegistries: ['ghcr.io/my-org'],
      budgets: {
        api: { maxSize: 150_000_000, maxIncrease: { kind: 'percent', percent: 5 } },
        worker: {
          maxCompressedSize: 1.5 * 2 ** 30,
          maxWasted: { kind: 'bytes', bytes: 10_000_000 },
          maxIncrease: { kind: 'bytes', bytes: 2_000_000 },
        },
      },
      images: [{ name: 'api', dockerfile: 'api/Dockerfile', context: 'api', buildArgs: [] }],
      labelSchema: {},
      strictLabels: false,
    });
  });

  it('reads a label schema (types case-insensitive) and strict-labels', () => {
    const config = parse(
      'label-schema:\n  maintainer: Email\n  org.opencontainers.image.created: rfc3339\nstrict-labels: yes',
    );
    expect(config.labelSchema).toEqual({
      maintainer: 'email',
      'org.opencontainers.image.created': 'rfc3339',
    });
    expect(config.strictLabels).toBe(true);
  });

  it('rejects a label type it does not know, with a suggestion, and a strict-labels that is no boolean', () => {
    expect(
      errorOf(() => parse('label-schema:\n  created: rfc3399\n  x: [a]\nstrict-labels: maybe')).split('\n'),
    ).toEqual([
      '.docker-diet.yml: label-schema.created: "rfc3399" is not a label type (did you mean rfc3339?) (expected one of text, url, rfc3339, semver, hash, spdx, email)',
      '.docker-diet.yml: label-schema.x: a list is not a label type (expected one of text, url, rfc3339, semver, hash, spdx, email)',
      '.docker-diet.yml: strict-labels: "maybe" is not a boolean; use true or false',
    ]);
    expect(errorOf(() => parse('label-schema: [a]'))).toContain(
      'label-schema: expected a mapping of label name to type',
    );
  });

  it('takes ShellCheck codes and `shellcheck` under rules, though they are not docker-diet rules', () => {
    expect(parse('rules:\n  sc2086: off\n  SC2046: error\n  ShellCheck: info\n  SC1000: on').rules).toEqual({
      SC2086: 'off',
      SC2046: 'error',
      shellcheck: 'info',
    });
  });

  it('an empty file, or one with only comments, is the default config', () => {
    expect(parse('')).toEqual(emptyConfigFile());
    expect(parse('# nothing yet\n')).toEqual(emptyConfigFile());
    expect(parse('rules:\nignore-paths:\n')).toEqual(emptyConfigFile());
  });

  it('on, true and false; a hadolint code sets every rule that has it', () => {
    expect(parse('rules:\n  consecutive-run: on\n  apt-lists-not-removed: false').rules).toEqual({
      'consecutive-run': 'info',
      'apt-lists-not-removed': 'off',
    });
    expect(parse('rules:\n  dl3009: warning').rules).toEqual({
      'apt-lists-not-removed': 'warning',
      'apt-cache-mount': 'warning',
    });
  });

  it('names the file, the key and the typo, with a suggestion', () => {
    expect(errorOf(() => parse('rules:\n  apt-lists-not-removd: off'))).toBe(
      '.docker-diet.yml: rules.apt-lists-not-removd: unknown rule (did you mean apt-lists-not-removed?)',
    );
    expect(errorOf(() => parse('rules:\n  something-else: off'))).toBe(
      '.docker-diet.yml: rules.something-else: unknown rule (run "docker-diet rules" to list them)',
    );
    expect(errorOf(() => parse('ignore_paths: [a]'))).toBe(
      '.docker-diet.yml: ignore_paths: unknown key (did you mean ignore-paths?) (expected one of rules, ignore-paths, trusted-registries, budgets, images, label-schema, strict-labels)',
    );
  });

  it('rejects bad values, listing every problem at once', () => {
    const message = errorOf(() =>
      parse(
        [
          'rules:',
          '  consecutive-run: of',
          '  apt-lists-not-removed: [off]',
          'ignore-paths: [legacy/**, 3, ""]',
          'trusted-registries: [https://ghcr.io/x]',
          'budgets:',
          '  api: { max-size: 12 parsecs, max-increase: lots, max-sise: 1MB }',
          '  web: 150MB',
        ].join('\n'),
      ),
    );
    expect(message.split('\n')).toEqual([
      '.docker-diet.yml: rules.consecutive-run: "of" is not one of off, info, warning, error, on',
      '.docker-diet.yml: rules.apt-lists-not-removed: a list is not one of off, info, warning, error, on',
      '.docker-diet.yml: ignore-paths[1]: expected a non-empty string; got 3',
      '.docker-diet.yml: ignore-paths[2]: expected a non-empty string; got ""',
      '.docker-diet.yml: trusted-registries: "https://ghcr.io/x" has a URL scheme; write the host and optional path, e.g. ghcr.io/my-org',
      '.docker-diet.yml: budgets.api.max-size: "12 parsecs" is not a size; use e.g. 150MB, 1.2GiB or 150000000',
      '.docker-diet.yml: budgets.api.max-increase: "lots" is not a size or a percentage; use e.g. 10MB, 1.5MiB or 5%',
      '.docker-diet.yml: budgets.api.max-sise: unknown budget (did you mean max-size?) (expected one of max-size, max-compressed-size, max-increase, max-wasted, increase-floor)',
      '.docker-diet.yml: budgets.web: expected a mapping such as { max-size: 150MB }; got "150MB"',
    ]);
  });

  it('rejects a file that is not a mapping, broken YAML, duplicate keys and fail-on', () => {
    expect(errorOf(() => parse('- a\n- b'))).toMatch(
      /^\.docker-diet\.yml: expected a mapping with keys rules, .*; got a list$/,
    );
    expect(errorOf(() => parse('rules: [a\n'))).toMatch(
      /^\.docker-diet\.yml: not valid YAML: .* at line \d+, column \d+$/,
    );
    expect(errorOf(() => parse('rules:\n  consecutive-run: off\n  consecutive-run: on'))).toContain(
      'Map keys must be unique at line 3',
    );
    expect(errorOf(() => parse('fail-on: warning'))).toContain('fail-on: set it with the fail-on input');
  });
});

describe('loadConfigFile', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-config-'));

  it('a missing default file is the default config; a missing named file is an error', async () => {
    const missing = path.join(dir, 'nope.yml');
    await expect(loadConfigFile(missing, false, 'nope.yml', RULES)).resolves.toEqual(emptyConfigFile());
    await expect(loadConfigFile(missing, true, 'nope.yml', RULES)).rejects.toThrow(
      `config: "nope.yml" does not exist (looked for ${missing})`,
    );
  });

  it('reads the file and records where it came from', async () => {
    const file = path.join(dir, '.docker-diet.yml');
    writeFileSync(file, 'rules:\n  consecutive-run: off\n');
    await expect(loadConfigFile(file, false, '.docker-diet.yml', RULES)).resolves.toEqual({
      ...emptyConfigFile(),
      rules: { 'consecutive-run': 'off' },
      source: file,
    });
  });

  it('a directory where the file should be is an error even when not required', async () => {
    const sub = path.join(dir, 'conf.yml');
    mkdirSync(sub);
    const error = await loadConfigFile(sub, false, 'conf.yml', RULES).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DietError);
    expect((error as DietError).message).toBe(`config: "conf.yml" is a directory (looked for ${sub})`);
  });
});

describe('budgets: increase-floor', () => {
  it('reads the floor of percentage budgets as a size', () => {
    const config = parseConfigFile(
      'budgets:\n  api:\n    max-increase: 5%\n    increase-floor: 2MB\n',
      'cfg.yml',
    );
    expect(config.budgets.api).toEqual({
      maxIncrease: { kind: 'percent', percent: 5 },
      increaseFloor: 2_000_000,
    });
    expect(() => parseConfigFile('budgets:\n  api:\n    increase-floor: 5%\n', 'cfg.yml')).toThrow(
      'cfg.yml: budgets.api.increase-floor: "5%" is not a size',
    );
  });
});
