/**
 * Finding the engine the way the docker CLI does: DOCKER_HOST, then DOCKER_CONTEXT, then the config's
 * currentContext, then the default socket; ssh:// endpoints; and messages that say which endpoint
 * was tried and where it came from.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectionOptions, contextDirName, resolveEndpoint } from '../../src/docker/connection.js';
import { describeDockerHost } from '../../src/docker/client.js';
import { DietError } from '../../src/errors.js';

let config: string;

/** Writes a context as `docker context create` does: meta.json under the sha256 of its name. */
function writeContext(name: string, host: string): string {
  const dir = path.join(config, 'contexts', 'meta', contextDirName(name));
  mkdirSync(dir, { recursive: true });
  const metaPath = path.join(dir, 'meta.json');
  writeFileSync(
    metaPath,
    JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } }),
  );
  return metaPath;
}

beforeEach(() => {
  config = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-config-'));
});

afterEach(() => rmSync(config, { recursive: true, force: true }));

describe('resolveEndpoint', () => {
  it('names contexts by the sha256 of their name, as the docker CLI does', () => {
    expect(contextDirName('default')).toBe(
      '37a8eec1ce19687d132fe29051dca629d164e2c4958ba141d5f4133a33f0688f',
    );
  });

  it('takes DOCKER_HOST before any context', () => {
    writeContext('remote', 'unix:///run/remote.sock');
    writeFileSync(path.join(config, 'config.json'), JSON.stringify({ currentContext: 'remote' }));
    const env = { DOCKER_CONFIG: config, DOCKER_CONTEXT: 'remote', DOCKER_HOST: 'tcp://10.0.0.1:2375' };
    expect(resolveEndpoint(env)).toMatchObject({ host: 'tcp://10.0.0.1:2375', source: 'from DOCKER_HOST' });
  });

  it('takes DOCKER_CONTEXT before the config file’s currentContext', () => {
    writeContext('second', 'unix:///run/second.sock');
    writeContext('current', 'unix:///run/current.sock');
    writeFileSync(path.join(config, 'config.json'), JSON.stringify({ currentContext: 'current' }));
    expect(resolveEndpoint({ DOCKER_CONFIG: config, DOCKER_CONTEXT: 'second' })).toMatchObject({
      host: 'unix:///run/second.sock',
      source: 'from docker context "second" (DOCKER_CONTEXT)',
    });
    expect(connectionOptions({ DOCKER_CONFIG: config, DOCKER_CONTEXT: 'second' })).toEqual({
      socketPath: '/run/second.sock',
    });
  });

  it('reads currentContext from DOCKER_CONFIG, else from ~/.docker', () => {
    writeContext('current', 'unix:///run/current.sock');
    writeFileSync(path.join(config, 'config.json'), JSON.stringify({ auths: {}, currentContext: 'current' }));
    const viaConfig = resolveEndpoint({ DOCKER_CONFIG: config });
    expect(viaConfig.host).toBe('unix:///run/current.sock');
    expect(viaConfig.source).toBe(
      `from docker context "current" (currentContext in ${path.join(config, 'config.json')})`,
    );
    const home = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-home-'));
    try {
      mkdirSync(path.join(home, '.docker'));
      writeFileSync(path.join(home, '.docker', 'config.json'), JSON.stringify({ currentContext: 'default' }));
      expect(resolveEndpoint({ HOME: home })).toMatchObject({
        host: 'unix:///var/run/docker.sock',
        source: `from docker context "default" (currentContext in ${path.join(home, '.docker', 'config.json')})`,
      });
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('falls back to the default socket when nothing names an engine', () => {
    expect(resolveEndpoint({ DOCKER_CONFIG: config })).toEqual({
      host: 'unix:///var/run/docker.sock',
      source: 'the default socket',
    });
    writeFileSync(path.join(config, 'config.json'), JSON.stringify({ auths: {} }));
    expect(resolveEndpoint({ DOCKER_CONFIG: config }).source).toBe('the default socket');
  });

  it('says which context is missing, who chose it and where it was looked for', () => {
    const error = (() => {
      try {
        resolveEndpoint({ DOCKER_CONFIG: config, DOCKER_CONTEXT: 'gone' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(DietError);
    expect((error as DietError).kind).toBe('environment');
    expect((error as DietError).message).toBe(
      `Docker context "gone" (DOCKER_CONTEXT) does not exist: ${path.join(config, 'contexts', 'meta', contextDirName('gone'), 'meta.json')} is missing.`,
    );
  });

  it('rejects a context without a docker endpoint, and a config.json that is not JSON', () => {
    const metaPath = writeContext('empty', '');
    expect(() => resolveEndpoint({ DOCKER_CONFIG: config, DOCKER_CONTEXT: 'empty' })).toThrow(
      `Docker context "empty" (DOCKER_CONTEXT) has no docker endpoint in ${metaPath}.`,
    );
    writeFileSync(path.join(config, 'config.json'), '{ nope');
    expect(() => resolveEndpoint({ DOCKER_CONFIG: config })).toThrow(/config\.json is not valid JSON/);
  });
});

describe('connectionOptions', () => {
  it('connects to ssh:// endpoints over ssh, with the user, port and ssh agent given', () => {
    expect(
      connectionOptions({ DOCKER_HOST: 'ssh://ci@builder.example:2222', SSH_AUTH_SOCK: '/tmp/agent' }),
    ).toEqual({
      protocol: 'ssh',
      host: 'builder.example',
      port: '2222',
      username: 'ci',
      sshOptions: { agent: '/tmp/agent' },
    });
    // No port: ssh's 22, not Docker's 2375. No user: the local one, as ssh does.
    expect(connectionOptions({ DOCKER_HOST: 'ssh://builder.example', USER: 'me' })).toMatchObject({
      protocol: 'ssh',
      port: '22',
      username: 'me',
    });
  });

  it('takes ssh:// from a context too', () => {
    writeContext('remote', 'ssh://deploy@10.1.2.3');
    expect(connectionOptions({ DOCKER_CONFIG: config, DOCKER_CONTEXT: 'remote' })).toMatchObject({
      protocol: 'ssh',
      host: '10.1.2.3',
      username: 'deploy',
    });
  });

  it('keeps tcp:// as plain HTTP on 2375 and TLS with DOCKER_TLS_VERIFY, naming the source when files are missing', () => {
    expect(connectionOptions({ DOCKER_HOST: 'tcp://10.0.0.1' })).toEqual({
      host: '10.0.0.1',
      port: '2375',
      protocol: 'http',
    });
    expect(() =>
      connectionOptions({ DOCKER_HOST: 'tcp://10.0.0.1', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: config }),
    ).toThrow(
      `The engine at tcp://10.0.0.1 (from DOCKER_HOST) needs TLS, but ${path.join(config, 'ca.pem')} cannot be read.`,
    );
  });

  it('rejects an unknown scheme, saying where the address came from', () => {
    writeContext('odd', 'gopher://10.0.0.1');
    expect(() => connectionOptions({ DOCKER_CONFIG: config, DOCKER_CONTEXT: 'odd' })).toThrow(
      'The engine address "gopher://10.0.0.1" (from docker context "odd" (DOCKER_CONTEXT)) has an unknown scheme gopher:.',
    );
  });
});

describe('describeDockerHost', () => {
  it('names the endpoint and its source', () => {
    writeContext('second', 'unix:///run/second.sock');
    expect(describeDockerHost({ DOCKER_CONFIG: config, DOCKER_CONTEXT: 'second' })).toBe(
      'unix:///run/second.sock (from docker context "second" (DOCKER_CONTEXT))',
    );
    expect(describeDockerHost({ DOCKER_CONFIG: config })).toBe(
      'unix:///var/run/docker.sock (the default socket)',
    );
  });
});
