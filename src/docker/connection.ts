/**
 * Which engine to talk to, found the way the docker CLI finds it: `DOCKER_HOST` (unix://, tcp://,
 * ssh://, npipe://, with `DOCKER_TLS_VERIFY` and `DOCKER_CERT_PATH`), else the context named by
 * `DOCKER_CONTEXT`, else the `currentContext` of the CLI's config.json, else the default socket.
 * Every endpoint carries where it came from, so a "no engine" message can say what was tried and why.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DockerOptions } from 'dockerode';
import { environmentError } from '../errors.js';

const DEFAULT_SOCKET = '/var/run/docker.sock';
const DEFAULT_HOST = `unix://${DEFAULT_SOCKET}`;

/** The engine address and how it was chosen. */
export interface EngineEndpoint {
  /** As the docker CLI writes it, e.g. `unix:///var/run/docker.sock` or `ssh://ci@builder`. */
  host: string;
  /** Where `host` came from, for messages, e.g. `from DOCKER_HOST`. */
  source: string;
  /** TLS files for tcp endpoints: `DOCKER_CERT_PATH` or the context's TLS folder. */
  tls?: { verify: boolean; certDir?: string };
}

/** The docker CLI's config folder: `DOCKER_CONFIG`, else `~/.docker`. */
export function dockerConfigDir(env: NodeJS.ProcessEnv): string {
  return env.DOCKER_CONFIG || path.join(env.HOME || os.homedir(), '.docker');
}

/** A context's folder name under `contexts/meta` and `contexts/tls`: the sha256 of its name. */
export function contextDirName(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

interface ContextMeta {
  Name?: string;
  Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } };
}

/** Resolves the endpoint in the docker CLI's order. Throws a DietError for a context that cannot be read. */
export function resolveEndpoint(env: NodeJS.ProcessEnv): EngineEndpoint {
  const host = env.DOCKER_HOST?.trim();
  if (host) {
    const verify = env.DOCKER_TLS_VERIFY === '1';
    return { host, source: 'from DOCKER_HOST', tls: { verify, certDir: env.DOCKER_CERT_PATH || undefined } };
  }
  const configDir = dockerConfigDir(env);
  const fromEnv = env.DOCKER_CONTEXT?.trim();
  if (fromEnv) return contextEndpoint(fromEnv, configDir, 'DOCKER_CONTEXT');
  const current = currentContext(configDir);
  if (current)
    return contextEndpoint(current, configDir, `currentContext in ${path.join(configDir, 'config.json')}`);
  return { host: DEFAULT_HOST, source: 'the default socket' };
}

/** `currentContext` of config.json; undefined when there is no file, no field or it cannot be read. */
function currentContext(configDir: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(configDir, 'config.json'), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const value = (JSON.parse(text) as { currentContext?: unknown }).currentContext;
    return typeof value === 'string' && value.trim() ? value.trim() : undefined;
  } catch {
    throw environmentError(
      `${path.join(configDir, 'config.json')} is not valid JSON, so its currentContext cannot be read.`,
      'Fix the file, or set DOCKER_HOST.',
    );
  }
}

/** The docker endpoint of a named context. `default` is the CLI's built-in context: the default socket. */
function contextEndpoint(name: string, configDir: string, chosenBy: string): EngineEndpoint {
  const source = `from docker context "${name}" (${chosenBy})`;
  if (name === 'default') return { host: DEFAULT_HOST, source };
  const metaPath = path.join(configDir, 'contexts', 'meta', contextDirName(name), 'meta.json');
  let meta: ContextMeta;
  try {
    meta = JSON.parse(readFileSync(metaPath, 'utf8')) as ContextMeta;
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw environmentError(
      missing
        ? `Docker context "${name}" (${chosenBy}) does not exist: ${metaPath} is missing.`
        : `Docker context "${name}" (${chosenBy}) cannot be read from ${metaPath}: ${(error as Error).message}.`,
      'List contexts with `docker context ls`, or set DOCKER_HOST.',
    );
  }
  const endpoint = meta.Endpoints?.docker;
  if (!endpoint?.Host) {
    throw environmentError(
      `Docker context "${name}" (${chosenBy}) has no docker endpoint in ${metaPath}.`,
      'Recreate it with `docker context create NAME --docker host=…`, or set DOCKER_HOST.',
    );
  }
  const tlsDir = path.join(configDir, 'contexts', 'tls', contextDirName(name), 'docker');
  return { host: endpoint.Host, source, tls: { verify: endpoint.SkipTLSVerify !== true, certDir: tlsDir } };
}

/** dockerode options for the engine `env` points at. */
export function connectionOptions(env: NodeJS.ProcessEnv): DockerOptions {
  return optionsFor(resolveEndpoint(env), env);
}

/** dockerode options for one endpoint. */
export function optionsFor(endpoint: EngineEndpoint, env: NodeJS.ProcessEnv): DockerOptions {
  const { host } = endpoint;
  if (host.startsWith('unix://')) return { socketPath: host.slice('unix://'.length) || DEFAULT_SOCKET };
  if (host.startsWith('npipe://')) return { socketPath: host.slice('npipe://'.length) };

  let url: URL;
  try {
    url = new URL(host.replace(/^tcp:/, 'http:'));
  } catch {
    throw environmentError(
      `The engine address "${host}" (${endpoint.source}) is not an engine address.`,
      'Use unix:///var/run/docker.sock, tcp://host:2376 or ssh://user@host.',
    );
  }
  if (url.protocol === 'ssh:') {
    // As the docker CLI does: ssh to the host and run `docker system dial-stdio` there; keys come
    // from the ssh agent.
    return {
      protocol: 'ssh',
      host: url.hostname,
      port: url.port || '22',
      username: decodeURIComponent(url.username) || env.USER || undefined,
      sshOptions: { agent: env.SSH_AUTH_SOCK },
    };
  }
  if (url.protocol !== 'http:') {
    throw environmentError(
      `The engine address "${host}" (${endpoint.source}) has an unknown scheme ${url.protocol}.`,
      'Use unix://, tcp://, ssh:// or npipe://.',
    );
  }
  const fromContext = endpoint.source.startsWith('from docker context');
  const verify = endpoint.tls?.verify === true;
  const port = url.port || (verify ? '2376' : '2375');
  // A context's tcp endpoint uses TLS when it has TLS files; DOCKER_HOST when asked to or on 2376.
  const certDir = endpoint.tls?.certDir || path.join(env.HOME || os.homedir(), '.docker');
  const tls = fromContext
    ? hasFile(certDir, 'ca.pem') || hasFile(certDir, 'cert.pem')
    : verify || port === '2376';
  const options: DockerOptions = { host: url.hostname, port, protocol: tls ? 'https' : 'http' };
  if (tls) {
    const read = (name: string): Buffer => {
      try {
        return readFileSync(path.join(certDir, name));
      } catch {
        throw environmentError(
          `The engine at ${host} (${endpoint.source}) needs TLS, but ${path.join(certDir, name)} cannot be read.`,
          'Point DOCKER_CERT_PATH at the folder holding ca.pem, cert.pem and key.pem.',
        );
      }
    };
    options.ca = read('ca.pem');
    options.cert = read('cert.pem');
    options.key = read('key.pem');
  }
  return options;
}

function hasFile(dir: string, name: string): boolean {
  return existsSync(path.join(dir, name));
}
