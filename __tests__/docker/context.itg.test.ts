/**
 * A docker CLI context as the way to the engine: the context is made by the docker CLI itself (in a
 * scratch DOCKER_CONFIG) and points at the engine under test, with DOCKER_HOST unset; docker-diet's
 * client must reach the same engine the CLI reaches through it, and say which context it tried when
 * that engine is gone.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDockerClient } from '../../src/docker/client.js';
import { DietError } from '../../src/errors.js';

/** The engine under test: DOCKER_HOST of this run, else the default socket. */
const ENGINE = process.env.DOCKER_HOST || 'unix:///var/run/docker.sock';
let config: string;
let env: NodeJS.ProcessEnv;

/** The docker CLI with the scratch config and no DOCKER_HOST, so only contexts decide. */
function dockerCli(...args: string[]): string {
  return execFileSync('docker', args, { encoding: 'utf8', env }).trim();
}

beforeAll(() => {
  config = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-context-'));
  env = { PATH: process.env.PATH, HOME: process.env.HOME, DOCKER_CONFIG: config };
  dockerCli('context', 'create', 'itg-engine', '--docker', `host=${ENGINE}`);
  dockerCli('context', 'create', 'itg-gone', '--docker', `host=unix://${path.join(config, 'nothing.sock')}`);
});

afterAll(() => rmSync(config, { recursive: true, force: true }));

describe('a docker context as the way to the engine', () => {
  it('reaches the engine of DOCKER_CONTEXT, the same one the docker CLI reaches', async () => {
    const withContext = { ...env, DOCKER_CONTEXT: 'itg-engine' };
    const cliVersion = execFileSync('docker', ['version', '--format', '{{.Server.Version}}'], {
      encoding: 'utf8',
      env: withContext,
    }).trim();
    expect((await createDockerClient(withContext).ping()).version).toBe(cliVersion);
  });

  it('reaches the engine of the config file’s currentContext (docker context use)', async () => {
    dockerCli('context', 'use', 'itg-engine');
    const engine = await createDockerClient(env).engine();
    expect(engine.version).toBe(dockerCli('version', '--format', '{{.Server.Version}}'));
  });

  it('says which endpoint it tried and which context named it when no engine answers there', async () => {
    writeFileSync(path.join(config, 'config.json'), JSON.stringify({ currentContext: 'itg-gone' }));
    const error = await createDockerClient(env)
      .ping()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(DietError);
    expect((error as DietError).message).toMatch(
      new RegExp(
        `^No Docker engine answers at unix://${config.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/nothing\\.sock ` +
          `\\(from docker context "itg-gone" \\(currentContext in .*config\\.json\\): .*ENOENT.*\\)\\.$`,
      ),
    );
  });
});
