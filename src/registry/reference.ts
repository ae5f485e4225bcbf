/**
 * Image references as the docker CLI reads them: `ghcr.io/o/app:main`, `localhost:5000/app@sha256:…`,
 * `node:22` (Docker Hub, `library/node`).
 */
import { DOCKER_HUB, splitImageReference } from '../dockerfile/image-reference.js';
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

/** Parses a reference; throws a usage DietError naming `label` when it is not one. */
export function parseImageReference(text: string, label = 'base-image'): ImageReference {
  const original = text.trim();
  if (!/^[a-z0-9][a-z0-9._:/@-]*$/i.test(original)) {
    throw usageError(`${label}: "${text}" is not an image reference; use e.g. ghcr.io/owner/app:main`);
  }
  const parts = splitImageReference(original);
  const registry = parts.registry ?? DOCKER_HUB;
  let repository = parts.repository;
  if (registry === DOCKER_HUB && !repository.includes('/')) repository = `library/${repository}`;
  if (!repository) throw usageError(`${label}: "${text}" names no repository`);
  return {
    registry,
    repository: repository.toLowerCase(),
    reference: parts.digest ?? parts.tag ?? 'latest',
    original,
  };
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
