import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { deriveImageName, parseSettings } from '../../src/config/settings.js';
import { parseBuildArgs, splitList } from '../../src/config/values.js';
import { DietError } from '../../src/errors.js';

const cwd = '/srv/repo';

describe('parseSettings', () => {
  it('applies defaults', () => {
    const settings = parseSettings({}, cwd);
    expect(settings).toMatchObject({
      context: cwd,
      dockerfile: path.join(cwd, 'Dockerfile'),
      failOn: 'error',
      compare: 'auto',
      store: false,
      comment: true,
      suggestions: true,
      summary: true,
      lint: [],
      buildArgs: {},
      budgetOverrideLabel: 'docker-diet:allow-growth',
      config: path.join(cwd, '.docker-diet.yml'),
      configRequired: false,
      name: 'repo',
    });
    expect(settings.budgets).toEqual({});
    expect(settings.sarif).toBeUndefined();
  });

  it('reads every kind of value', () => {
    const settings = parseSettings(
      {
        context: 'services/api',
        'build-args': 'VERSION=1.2.3\n\n# comment\nEMPTY=\nFROM_ENV',
        'max-size': '150MB',
        'max-compressed-size': '1.5GiB',
        'max-increase': '5%',
        'max-wasted': '10MB',
        'fail-on': 'Warning',
        compare: 'registry',
        comment: 'false',
        suggestions: 'False',
        summary: 'TRUE',
        lint: 'Dockerfile\n**/*.Dockerfile',
        config: 'ci/diet.yml',
        sarif: 'out/diet.sarif',
        platform: 'linux/arm64/v8',
      },
      cwd,
      'input',
      { FROM_ENV: 'from-env' },
    );
    expect(settings.context).toBe(path.join(cwd, 'services/api'));
    expect(settings.dockerfile).toBe(path.join(cwd, 'services/api/Dockerfile'));
    expect(settings.name).toBe('services/api');
    expect(settings.buildArgs).toEqual({ VERSION: '1.2.3', EMPTY: '', FROM_ENV: 'from-env' });
    expect(settings.budgets).toEqual({
      maxSize: 150_000_000,
      maxCompressedSize: 1.5 * 2 ** 30,
      maxIncrease: { kind: 'percent', percent: 5 },
      maxWasted: { kind: 'bytes', bytes: 10_000_000 },
    });
    expect(settings.failOn).toBe('warning');
    expect(settings.compare).toBe('registry');
    expect(settings.comment).toBe(false);
    expect(settings.suggestions).toBe(false);
    expect(settings.summary).toBe(true);
    expect(settings.lint).toEqual(['Dockerfile', '**/*.Dockerfile']);
    expect(settings.configRequired).toBe(true);
    expect(settings.sarif).toBe(path.join(cwd, 'out/diet.sarif'));
    expect(settings.platform).toBe('linux/arm64/v8');
  });

  it.each([
    ['max-size', '12 parsecs', 'max-size: "12 parsecs" is not a size; use e.g. 150MB, 1.2GiB or 150000000'],
    [
      'max-increase',
      'lots',
      'max-increase: "lots" is not a size or a percentage; use e.g. 10MB, 1.5MiB or 5%',
    ],
    ['fail-on', 'fatal', 'fail-on: "fatal" is not one of error, warning, info, none'],
    ['compare', 'git', 'compare: "git" is not one of auto, stored, build, registry, none'],
    ['comment', 'maybe', 'comment: "maybe" is not a boolean; use true or false'],
    ['suggestions', 'sometimes', 'suggestions: "sometimes" is not a boolean; use true or false'],
    ['platform', 'amd64', 'platform: "amd64" is not a platform; use os/arch[/variant], e.g. linux/amd64'],
    ['build-args', 'not a pair', 'build-args: "not a pair" is not KEY=VALUE'],
  ] as const)('rejects %s=%j quoting the value and the expected form', (name, value, message) => {
    const attempt = () => parseSettings({ [name]: value }, cwd);
    expect(attempt).toThrow(DietError);
    expect(attempt).toThrow(message);
  });

  it('quotes a bad build-arg line by its key, never its value', () => {
    const attempt = () => parseSettings({ 'build-args': 'NPM TOKEN=s3cr3t-value' }, cwd);
    expect(attempt).toThrow('build-args: "NPM TOKEN=…" is not KEY=VALUE');
    expect(attempt).not.toThrow(/s3cr3t-value/);
  });

  it('names flags with dashes for the CLI', () => {
    expect(() => parseSettings({ 'max-size': '12 parsecs' }, cwd, 'flag')).toThrow(
      /^--max-size: "12 parsecs"/,
    );
  });

  it('names the flag as the CLI spells it when it differs from the input', () => {
    expect(() => parseSettings({ 'build-args': 'not a pair' }, cwd, 'flag')).toThrow(
      /^--build-arg: "not a pair" is not KEY=VALUE/,
    );
  });

  it('takes a config path equal to the default as not named (the runner passes defaults as given)', () => {
    expect(parseSettings({ config: '.docker-diet.yml' }, cwd).configRequired).toBe(false);
    expect(parseSettings({ config: ' .docker-diet.yml ' }, cwd, 'flag').configRequired).toBe(false);
    expect(parseSettings({ config: 'ci/diet.yml' }, cwd).configRequired).toBe(true);
  });

  it('applies every default of action.yml when the runner passes them as given', () => {
    const runnerDefaults = {
      context: '.',
      'fail-on': 'error',
      config: '.docker-diet.yml',
      compare: 'auto',
      'budget-override-label': 'docker-diet:allow-growth',
      comment: 'true',
      summary: 'true',
    };
    expect(parseSettings(runnerDefaults, cwd)).toEqual(parseSettings({}, cwd));
  });

  it('usage errors exit with 2', () => {
    try {
      parseSettings({ 'max-size': 'huge' }, cwd);
      throw new Error('expected a DietError');
    } catch (error) {
      expect((error as DietError).exitCode).toBe(2);
    }
  });
});

describe('helpers', () => {
  it('splits lists on newlines and commas', () => {
    expect(splitList(' a\n\n b, c \n# d')).toEqual(['a', 'b', 'c']);
  });

  it('keeps = inside build arg values', () => {
    expect(parseBuildArgs('URL=https://x?a=b', {})).toEqual({ URL: 'https://x?a=b' });
  });

  it('derives names from Dockerfile paths', () => {
    expect(deriveImageName('/srv/repo/Dockerfile', cwd)).toBe('repo');
    expect(deriveImageName('/srv/repo/services/api/Dockerfile', cwd)).toBe('services/api');
    expect(deriveImageName('/srv/repo/Dockerfile.worker', cwd)).toBe('repo-worker');
    expect(deriveImageName('/srv/repo/docker/web.Dockerfile', cwd)).toBe('docker-web');
  });
});
