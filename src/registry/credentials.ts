/**
 * Registry credentials the way the docker CLI finds them: `~/.docker/config.json` (`DOCKER_CONFIG`
 * overrides the folder) `auths` entries, then `credHelpers` / `credsStore` helper programs.
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { credentialKey } from './reference.js';

/** A username and password (or token) for Basic auth and token requests. */
export interface Credentials {
  username: string;
  password: string;
}

interface DockerConfigFile {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

/** Finds credentials for `registry`; undefined for anonymous access. */
export async function findCredentials(
  registry: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Credentials | undefined> {
  const dir = env.DOCKER_CONFIG || path.join(env.HOME || os.homedir(), '.docker');
  let config: DockerConfigFile;
  try {
    config = JSON.parse(await fs.readFile(path.join(dir, 'config.json'), 'utf8')) as DockerConfigFile;
  } catch {
    return undefined;
  }
  const key = credentialKey(registry);
  const entry = config.auths?.[key] ?? config.auths?.[`https://${key}`] ?? config.auths?.[`http://${key}`];
  if (entry?.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon !== -1) return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  if (entry?.username && entry.password) return { username: entry.username, password: entry.password };
  const helper = config.credHelpers?.[key] ?? config.credsStore;
  return helper ? fromHelper(helper, key) : undefined;
}

/** Asks `docker-credential-<helper> get`; a missing helper or entry means anonymous. */
function fromHelper(helper: string, key: string): Promise<Credentials | undefined> {
  return new Promise((resolve) => {
    const child = execFile(`docker-credential-${helper}`, ['get'], { timeout: 10_000 }, (error, stdout) => {
      if (error) return resolve(undefined);
      try {
        const parsed = JSON.parse(stdout) as { Username?: string; Secret?: string };
        resolve(
          parsed.Username && parsed.Secret
            ? { username: parsed.Username, password: parsed.Secret }
            : undefined,
        );
      } catch {
        resolve(undefined);
      }
    });
    child.stdin?.end(key);
  });
}
