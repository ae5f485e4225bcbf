import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { DietError } from '../../src/errors.js';
import { loadConfigFile } from '../../src/config/config-file.js';
import { parseHadolintConfig } from '../../src/config/hadolint-config.js';
import { RULES } from '../../src/lint/rules/index.js';

const parse = (text: string) => parseHadolintConfig(text, '.hadolint.yaml', RULES);

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

describe('parseHadolintConfig', () => {
  it('maps ignored codes to off and overrides to severities (style → info), through rule aliases', () => {
    const config = parse(
      [
        'ignored:',
        '  - DL3009',
        '  - SC2086',
        'override:',
        '  error: [DL3015]',
        '  style: [dl3059, SC2046]',
        '  warning: [DL3008]',
      ].join('\n'),
    );
    expect(config.rules).toMatchObject({
      'apt-lists-not-removed': 'off',
      SC2086: 'off',
      'apt-no-install-recommends': 'error',
      'consecutive-run': 'info',
      SC2046: 'info',
      'apt-version-not-pinned': 'warning',
    });
    expect(config.migratedFrom).toEqual({ file: '.hadolint.yaml', notUnderstood: [] });
  });

  it('turns on the checks hadolint runs by default that docker-diet runs on request, unless ignored', () => {
    const config = parse('ignored: [DL3018]\ntrustedRegistries: [docker.io, my-company.com:5000]');
    expect(config.rules).toMatchObject({
      'apt-version-not-pinned': 'warning',
      'pip-version-not-pinned': 'warning',
      'go-version-not-pinned': 'warning',
      'untrusted-registry': 'error',
      'apk-version-not-pinned': 'off',
    });
    expect(config.trustedRegistries).toEqual(['docker.io', 'my-company.com:5000']);
  });

  it('leaves off what hadolint leaves off (DL3057) and turns on what it runs (DL3047, DL3066)', () => {
    const config = parse('ignored: [DL3018]');
    expect(config.rules).toMatchObject({ 'wget-progress-bar': 'info', 'non-numeric-user': 'info' });
    expect(config.rules['healthcheck-missing']).toBeUndefined();
  });

  it('ignored wins over override, whatever the order', () => {
    expect(parse('override:\n  error: [DL3009]\nignored: [DL3009]').rules['apt-lists-not-removed']).toBe(
      'off',
    );
    expect(parse('ignored: [DL3009]\noverride:\n  error: [DL3009]').rules['apt-lists-not-removed']).toBe(
      'off',
    );
  });

  it('reads trusted-registries, label-schema and strict-labels', () => {
    const config = parse(
      'trusted-registries: [ghcr.io/my-org]\nlabel-schema:\n  maintainer: email\n  created: rfc3339\nstrict-labels: true',
    );
    expect(config.trustedRegistries).toEqual(['ghcr.io/my-org']);
    expect(config.labelSchema).toEqual({ maintainer: 'email', created: 'rfc3339' });
    expect(config.strictLabels).toBe(true);
  });

  it('lists what it does not understand rather than failing a config hadolint accepts', () => {
    const config = parse(
      'failure-threshold: warning\nno-color: true\nignored: [DL9999]\noverride:\n  critical: [DL3008]\nsomething: 1',
    );
    expect(config.migratedFrom?.notUnderstood).toEqual([
      'failure-threshold (use the fail-on input (action) or --fail-on (CLI))',
      'no-color (not needed)',
      'ignored: DL9999 (no docker-diet rule)',
      'override.critical',
      'something',
    ]);
  });

  it('rejects malformed values with the file and key', () => {
    expect(errorOf(() => parse('ignored: DL3008\nlabel-schema:\n  a: date')).split('\n')).toEqual([
      '.hadolint.yaml: ignored: expected a list of rule codes such as DL3008 or SC2086; got "DL3008"',
      '.hadolint.yaml: label-schema.a: "date" is not a label type (expected one of text, url, rfc3339, semver, hash, spdx, email)',
    ]);
    expect(errorOf(() => parse('- a'))).toBe(
      ".hadolint.yaml: expected a mapping (hadolint's format); got a list",
    );
    expect(errorOf(() => parse('ignored: [a\n'))).toMatch(/^\.hadolint\.yaml: not valid YAML: /);
  });
});

describe('loadConfigFile and .hadolint.yaml', () => {
  const dir = (files: Record<string, string>): string => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-hadolint-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(root, name), text);
    return root;
  };

  it('reads .hadolint.yaml (then .hadolint.yml) when the default docker-diet config is missing', async () => {
    const root = dir({ '.hadolint.yml': 'ignored: [DL3009]' });
    const config = await loadConfigFile(path.join(root, '.docker-diet.yml'), false, '.docker-diet.yml');
    expect(config.source).toBe(path.join(root, '.hadolint.yml'));
    expect(config.migratedFrom?.file).toBe('.hadolint.yml');
    expect(config.rules['apt-lists-not-removed']).toBe('off');
    const both = dir({ '.hadolint.yaml': 'ignored: [DL3015]', '.hadolint.yml': 'ignored: [DL3009]' });
    const first = await loadConfigFile(path.join(both, '.docker-diet.yml'), false, '.docker-diet.yml');
    expect(first.migratedFrom?.file).toBe('.hadolint.yaml');
  });

  it('a docker-diet config of its own wins; a named config that is missing is still an error', async () => {
    const root = dir({ '.hadolint.yaml': 'ignored: [DL3009]', '.docker-diet.yml': 'rules: {}' });
    const config = await loadConfigFile(path.join(root, '.docker-diet.yml'), false, '.docker-diet.yml');
    expect(config.migratedFrom).toBeUndefined();
    expect(config.rules).toEqual({});
    await expect(loadConfigFile(path.join(root, 'other.yml'), true, 'other.yml')).rejects.toThrow(
      'config: "other.yml" does not exist',
    );
  });
});
