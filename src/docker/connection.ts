/**
 * Engine connection settings from the environment, the way the docker CLI reads them:
 * `DOCKER_HOST` (unix:// or tcp://), `DOCKER_TLS_VERIFY` and `DOCKER_CERT_PATH`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DockerOptions } from 'dockerode';
import { environmentError } from '../errors.js';

const DEFAULT_SOCKET = '/var/run/docker.sock';

/** dockerode options for the engine `env` points at. */
export function connectionOptions(env: NodeJS.ProcessEnv): DockerOptions {
  const host = env.DOCKER_HOST?.trim();
  if (!host) return { socketPath: DEFAULT_SOCKET };
  if (host.startsWith('unix://')) return { socketPath: host.slice('unix://'.length) || DEFAULT_SOCKET };
  if (host.startsWith('npipe://')) return { socketPath: host.slice('npipe://'.length) };

  let url: URL;
  try {
    url = new URL(host.replace(/^tcp:/, 'http:'));
  } catch {
    throw environmentError(
      `DOCKER_HOST="${host}" is not an engine address.`,
      'Use unix:///var/run/docker.sock or tcp://host:2376.',
    );
  }
  const port = url.port || (env.DOCKER_TLS_VERIFY === '1' ? '2376' : '2375');
  const tls = env.DOCKER_TLS_VERIFY === '1' || port === '2376';
  const options: DockerOptions = { host: url.hostname, port, protocol: tls ? 'https' : 'http' };
  if (tls) {
    const certDir = env.DOCKER_CERT_PATH || path.join(env.HOME ?? '', '.docker');
    const read = (name: string): Buffer => {
      try {
        return readFileSync(path.join(certDir, name));
      } catch {
        throw environmentError(
          `DOCKER_TLS_VERIFY is set but ${path.join(certDir, name)} cannot be read.`,
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
