/**
 * Image references as the docker CLI reads them: `ghcr.io/o/app:main`, `localhost:5000/app@sha256:…`,
 * `node:22` (Docker Hub, `library/node`).
 */
import { usageError } from '../errors.js';

/** A parsed reference. */
export interface ImageReference {
  /** Registry host[:port] as written; `registry-1.docker.io` for Docker Hub. */
  registry: string;
  /** Repository path, e.g. `o/app`, `library/node`. */
  repository: string;
  /** Tag or digest to fetch. */
  reference: string;
  /** The reference as the user wrote it. */
  original: string;
}

const DOCKER_HUB = 'registry-1.docker.io';

/** Parses a reference; throws a usage DietError naming `label` when it is not one. */
export function parseImageReference(text: string, label = 'base-image'): ImageReference {
  const original = text.trim();
  if (!/^[a-z0-9][a-z0-9._:/@-]*$/i.test(original)) {
    throw usageError(`${label}: "${text}" is not an image reference; use e.g. ghcr.io/owner/app:main`);
  }
  let rest = original;
  let reference = 'latest';
  const at = rest.indexOf('@');
  if (at !== -1) {
    reference = rest.slice(at + 1);
    rest = rest.slice(0, at);
  } else {
    const colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      reference = rest.slice(colon + 1);
      rest = rest.slice(0, colon);
    }
  }
  const slash = rest.indexOf('/');
  const first = slash === -1 ? '' : rest.slice(0, slash);
  const hasRegistry = first.includes('.') || first.includes(':') || first === 'localhost';
  const registry = hasRegistry ? first : DOCKER_HUB;
  let repository = hasRegistry ? rest.slice(slash + 1) : rest;
  if (registry === DOCKER_HUB && !repository.includes('/')) repository = `library/${repository}`;
  if (!repository) throw usageError(`${label}: "${text}" names no repository`);
  return { registry, repository: repository.toLowerCase(), reference, original };
}

/** The key `~/.docker/config.json` uses for a registry's credentials. */
export function credentialKey(registry: string): string {
  return registry === DOCKER_HUB ? 'https://index.docker.io/v1/' : registry;
}

/** Loopback registries speak plain HTTP by default, as the engine allows them to. */
export function registryBaseUrl(registry: string): string {
  const host = registry.replace(/:\d+$/, '');
  const insecure = host === 'localhost' || /^127\./.test(host) || host === '[::1]';
  return `${insecure ? 'http' : 'https'}://${registry}`;
}
