/**
 * Image references as the docker CLI reads them (`ghcr.io/o/app:main`, `localhost:5000/app@sha256:…`,
 * `node:22`), split into their parts. Shared by the model's FROM and the registry client, so a FROM line
 * and a `base-image` input are read the same way.
 */

/** The parts of an image reference, as written (no defaults filled in). */
export interface ImageReferenceParts {
  /** Registry host[:port] when the first path part names one (`ghcr.io`, `localhost:5000`). */
  registry?: string;
  /** Repository path without registry, tag and digest: `o/app`, `node`. */
  repository: string;
  tag?: string;
  digest?: string;
}

/** Docker Hub's registry host, and the other names it goes by. */
export const DOCKER_HUB = 'registry-1.docker.io';
const HUB_NAMES: ReadonlySet<string> = new Set([DOCKER_HUB, 'docker.io', 'index.docker.io']);

/** True when `registry` (undefined: none written) means Docker Hub. */
export function isDockerHub(registry: string | undefined): boolean {
  return registry === undefined || HUB_NAMES.has(registry);
}

/**
 * Splits a reference. The first path part is a registry only when it looks like a host (has a dot or a
 * port, or is `localhost`), as the docker CLI decides; a tag is a colon after the last slash.
 */
export function splitImageReference(text: string): ImageReferenceParts {
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  let registry: string | undefined;
  const slash = rest.indexOf('/');
  if (slash !== -1) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  return { registry, repository: rest, tag, digest };
}
