import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BUILD_CONTEXTS, BUILDER, CACHE, LABELS, SECRETS } from '../../src/config/build-values.js';
import { parseSettings } from '../../src/config/settings.js';
import { InvalidValue, parseValue } from '../../src/config/values.js';
import { DietError } from '../../src/errors.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-build-values-'));
const npmrc = path.join(dir, '.npmrc');
writeFileSync(npmrc, '//registry.npmjs.org/:_authToken=file-token-123\n');
const scope = { cwd: dir, env: { NPM_TOKEN: 'env-token-456' } as NodeJS.ProcessEnv };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('builder', () => {
  it('takes auto, engine, buildx or a builder name', () => {
    expect(BUILDER.parse('AUTO', scope)).toBe('auto');
    expect(BUILDER.parse('engine', scope)).toBe('engine');
    expect(BUILDER.parse('buildx', scope)).toBe('buildx');
    expect(BUILDER.parse('builder-1a2b', scope)).toEqual({ name: 'builder-1a2b' });
    expect(() => parseValue(BUILDER, 'two words', 'builder', scope)).toThrow(
      'builder: "two words" is not auto, engine, buildx or the name of a buildx builder (docker buildx ls)',
    );
  });

  it('defaults to auto', () => {
    expect(parseSettings({}, dir).builder).toBe('auto');
  });
});

describe('secrets', () => {
  it("reads buildx's --secret forms and build-push-action's ID=value", () => {
    const secrets = SECRETS.parse(
      [
        'id=npm,env=NPM_TOKEN',
        'id=npmrc,src=.npmrc',
        'type=file,id=rc,source=.npmrc',
        'GIT_AUTH=abc,def',
        '',
      ].join('\n'),
      scope,
    );
    expect(secrets).toEqual([
      { id: 'npm', from: 'env', name: 'NPM_TOKEN' },
      { id: 'npmrc', from: 'file', path: npmrc },
      { id: 'rc', from: 'file', path: npmrc },
      // A value may hold commas: it is everything after the first `=`.
      { id: 'GIT_AUTH', from: 'value', value: 'abc,def' },
    ]);
  });

  it('rejects an unset variable or a missing file, naming them', () => {
    expect(() => parseValue(SECRETS, 'id=npm,env=NOT_SET', 'secrets', scope)).toThrow(
      'secrets: "id=npm,env=NOT_SET" is not a secret whose variable is set: NOT_SET is not set in the environment',
    );
    expect(() => parseValue(SECRETS, 'id=npm,src=missing.txt', '--secret', scope)).toThrow(
      `--secret: "id=npm,src=missing.txt" is not a secret whose file exists: ${path.join(dir, 'missing.txt')} does not`,
    );
  });

  it('quotes the id of a bad inline secret, never its value', () => {
    let error: unknown;
    try {
      parseValue(SECRETS, 'not an id=hunter22', 'secrets', scope);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DietError);
    expect((error as Error).message).toBe(
      'secrets: "not an id=…" is not a secret per line: id=ID,env=VARIABLE, id=ID,src=FILE or ID=value',
    );
    expect(() => SECRETS.parse('no-equals-sign', scope)).toThrow(InvalidValue);
  });
});

describe('cache, contexts and labels', () => {
  it('keeps one cache spec per line and resolves local folders against the workspace', () => {
    expect(
      CACHE.parse('type=local,dest=.cache,mode=max\ntype=gha,scope=app\nghcr.io/o/app:cache', scope),
    ).toEqual([
      `type=local,dest=${path.join(dir, '.cache')},mode=max`,
      'type=gha,scope=app',
      'ghcr.io/o/app:cache',
    ]);
    expect(() => parseValue(CACHE, 'dest=/tmp/x', 'cache-to', scope)).toThrow(
      /cache-to: "dest=\/tmp\/x" is not a cache spec/,
    );
  });

  it('reads named contexts, resolving folders but not images, URLs or stages', () => {
    expect(
      BUILD_CONTEXTS.parse(
        'shared=../shared\nalpine=docker-image://alpine:3\nsrc=target:build\nweb=https://x/y.git',
        scope,
      ),
    ).toEqual({
      shared: path.resolve(dir, '../shared'),
      alpine: 'docker-image://alpine:3',
      src: 'target:build',
      web: 'https://x/y.git',
    });
    expect(() => parseValue(BUILD_CONTEXTS, 'nosource=', 'build-contexts', scope)).toThrow(
      /build-contexts: "nosource="/,
    );
  });

  it('reads labels, one KEY=VALUE per line', () => {
    expect(LABELS.parse('org.opencontainers.image.vendor=Acme, Inc.\nteam = platform', scope)).toEqual({
      'org.opencontainers.image.vendor': 'Acme, Inc.',
      team: 'platform',
    });
    expect(() => parseValue(LABELS, '=x', '--label', scope)).toThrow(/--label: "=x" is not KEY=VALUE/);
  });

  it('fills the settings from the CLI flags joined one per line', () => {
    const settings = parseSettings(
      {
        secrets: 'id=npm,env=NPM_TOKEN',
        ssh: 'default',
        'cache-from': 'type=gha',
        'cache-to': 'type=gha,mode=max',
      },
      dir,
      'flag',
      scope.env,
    );
    expect(settings).toMatchObject({
      secrets: [{ id: 'npm', from: 'env', name: 'NPM_TOKEN' }],
      ssh: ['default'],
      cacheFrom: ['type=gha'],
      cacheTo: ['type=gha,mode=max'],
      buildContexts: {},
      labels: {},
    });
  });
});
