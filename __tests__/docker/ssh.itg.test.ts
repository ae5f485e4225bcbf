/**
 * `DOCKER_HOST=ssh://…`, as the docker CLI does it: docker-diet connects over ssh with a key from the
 * ssh agent and talks to the engine through `docker system dial-stdio` on the far side. The far side
 * is a real sshd bound to 127.0.0.1 with throw-away host and user keys, and the engine it reaches is
 * this machine's default one, so the answer is checked against that engine's own version.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createDockerClient } from '../../src/docker/client.js';

const SSHD = '/usr/sbin/sshd';

/** A free TCP port on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

/** Waits until `check` passes or `ms` have gone by. */
async function waitFor(check: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('DOCKER_HOST=ssh://', () => {
  let dir: string;
  let port: number;
  let sshd: ChildProcess | undefined;
  let agent: ChildProcess | undefined;
  let agentSocket: string;

  beforeAll(async () => {
    // scripts/test.sh installs openssh-server; a missing sshd is a broken test machine, not a skip.
    expect(existsSync(SSHD)).toBe(true);
    dir = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-sshd-'));
    const keygen = (file: string) =>
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, file)]);
    keygen('host_key');
    keygen('user_key');
    execFileSync('cp', [path.join(dir, 'user_key.pub'), path.join(dir, 'authorized_keys')]);
    port = await freePort();
    writeFileSync(
      path.join(dir, 'sshd_config'),
      [
        `Port ${port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${path.join(dir, 'host_key')}`,
        `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
        `PidFile ${path.join(dir, 'sshd.pid')}`,
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'PermitRootLogin prohibit-password',
        'StrictModes no',
        'UsePAM no',
        '',
      ].join('\n'),
    );
    mkdirSync('/run/sshd', { recursive: true }); // sshd's privilege-separation folder
    sshd = spawn(SSHD, ['-D', '-e', '-f', path.join(dir, 'sshd_config')], { stdio: 'ignore' });
    agentSocket = path.join(dir, 'agent.sock');
    agent = spawn('ssh-agent', ['-D', '-a', agentSocket], { stdio: 'ignore' });
    await waitFor(() => existsSync(agentSocket), 10_000);
    execFileSync('ssh-add', ['-q', path.join(dir, 'user_key')], {
      env: { ...process.env, SSH_AUTH_SOCK: agentSocket },
    });
    await waitFor(() => existsSync(path.join(dir, 'sshd.pid')), 10_000);
  });

  afterAll(() => {
    sshd?.kill();
    agent?.kill();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reaches the engine over ssh with a key from the agent', async () => {
    const user = os.userInfo().username;
    const client = createDockerClient({
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DOCKER_HOST: `ssh://${user}@127.0.0.1:${port}`,
      SSH_AUTH_SOCK: agentSocket,
    });
    const expected = execFileSync(
      'docker',
      ['-H', 'unix:///var/run/docker.sock', 'version', '--format', '{{.Server.Version}}'],
      {
        encoding: 'utf8',
      },
    ).trim();
    const info = await client.ping();
    expect(info).toBeDefined();
    expect((await client.engine()).version).toBe(expected);
  });

  it('says which endpoint it tried when the ssh server does not answer', async () => {
    const closed = await freePort();
    const client = createDockerClient({
      PATH: process.env.PATH,
      DOCKER_HOST: `ssh://nobody@127.0.0.1:${closed}`,
      SSH_AUTH_SOCK: agentSocket,
    });
    await expect(client.ping()).rejects.toThrow(new RegExp(`ssh://nobody@127\\.0\\.0\\.1:${closed}`));
  });
});
