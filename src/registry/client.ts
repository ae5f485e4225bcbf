/**
 * Reads a pushed image's manifest and config from its registry without pulling layers: enough to
 * compare compressed sizes and match layers by diff_id. Handles Basic and Bearer token auth, image
 * indexes / manifest lists (picking the platform), Docker and OCI media types.
 */
import { environmentError } from '../errors.js';
import type { ImageConfig } from '../measure/types.js';
import { findCredentials, type Credentials } from './credentials.js';
import { parseImageReference, registryBaseUrl, type ImageReference } from './reference.js';

/** One layer as the registry stores it. */
export interface RegistryLayer {
  /** Digest of the compressed blob. */
  digest: string;
  /** Compressed bytes: what a pull transfers. */
  size: number;
  /** Digest of the uncompressed tar, from the config's rootfs.diff_ids (same order). */
  diffId: string | null;
  mediaType: string;
  /**
   * Bytes of the uncompressed layer tar: an uncompressed blob's size, an eStargz layer's size
   * annotation, or read from the gzip trailer. Null when not asked for (see
   * `RegistryOptions.knownDiffIds`) or not readable: a zstd blob has no such trailer (its frames need
   * not record their size), an eStargz blob ends with its table of contents, not the tar, and some
   * registries ignore range requests.
   */
  tarSize: number | null;
  /** True for an eStargz layer (gzip, but its last gzip member is the table of contents). */
  estargz?: boolean;
}

/** What the registry says about an image. */
export interface RegistryImage {
  reference: ImageReference;
  /** Digest of the manifest that was read (platform-specific). */
  manifestDigest: string | null;
  config: ImageConfig;
  layers: RegistryLayer[];
  /** Sum of the layers' compressed sizes. */
  compressedSize: number;
  os: string;
  architecture: string;
}

const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

interface Descriptor {
  mediaType?: string;
  digest: string;
  size: number;
  platform?: { os?: string; architecture?: string; variant?: string };
  annotations?: Record<string, string>;
}

interface Manifest {
  mediaType?: string;
  manifests?: Descriptor[];
  config?: Descriptor;
  layers?: Descriptor[];
}

/** Options for reading from a registry. */
export interface RegistryOptions {
  /** `os/arch[/variant]`; default linux and this machine's architecture. */
  platform?: string;
  env?: NodeJS.ProcessEnv;
  /** Per-request timeout in milliseconds. */
  timeoutMs?: number;
  /**
   * diff_ids whose uncompressed size the caller knows already. When set, every other layer's tar size
   * is read from its gzip trailer (a 4-byte range request each), for an uncompressed size that is
   * nearly exact rather than guessed from the compressed one.
   */
  knownDiffIds?: ReadonlySet<string>;
  /** Told every credential and token the session uses, so the caller can keep them out of logs. */
  onSecret?: (value: string) => void;
}

/** Reads `text` (e.g. `ghcr.io/o/app:main`) from its registry. */
export async function readRegistryImage(text: string, options: RegistryOptions = {}): Promise<RegistryImage> {
  const reference = parseImageReference(text);
  const credentials = await findCredentials(reference.registry, options.env);
  if (credentials) options.onSecret?.(credentials.password);
  const session = new RegistrySession(reference, credentials, options);
  let { body: manifest, digest } = await session.getJson<Manifest>(
    `manifests/${reference.reference}`,
    MANIFEST_TYPES,
  );
  if (manifest.manifests) {
    const images = manifest.manifests.filter((m) => !isAttestation(m));
    const chosen = pickPlatform(images, options.platform);
    if (!chosen) {
      const available = images.map((m) => `${m.platform?.os}/${m.platform?.architecture}`).join(', ');
      throw environmentError(
        `${reference.original} has no image for ${options.platform ?? defaultPlatform()} (it has ${available}).`,
        'Set `platform` to one of those.',
      );
    }
    ({ body: manifest, digest } = await session.getJson<Manifest>(
      `manifests/${chosen.digest}`,
      MANIFEST_TYPES,
    ));
  }
  if (!manifest.config || !manifest.layers) {
    throw environmentError(
      `${reference.original}: the registry returned a manifest without config or layers.`,
    );
  }
  const { body: config } = await session.getJson<{
    os?: string;
    architecture?: string;
    history?: ImageConfig['history'];
    rootfs?: { diff_ids?: string[] };
  }>(`blobs/${manifest.config.digest}`, '*/*');
  const diffIds = config.rootfs?.diff_ids ?? [];
  const layers: RegistryLayer[] = manifest.layers.map((layer, i) => ({
    digest: layer.digest,
    size: layer.size,
    diffId: diffIds[i] ?? null,
    mediaType: layer.mediaType ?? '',
    ...(UNCOMPRESSED.test(layer.mediaType ?? '') ? { tarSize: layer.size } : estargzSize(layer)),
  }));
  const known = options.knownDiffIds;
  if (known) {
    await Promise.all(
      layers
        .filter((layer) => !(layer.diffId && known.has(layer.diffId)) && layer.tarSize === null)
        .map(async (layer) => {
          layer.tarSize = await session.gzipTarSize(layer);
        }),
    );
  }
  return {
    reference,
    manifestDigest: digest,
    config: { history: config.history ?? [], diffIds },
    layers,
    compressedSize: layers.reduce((sum, l) => sum + l.size, 0),
    os: config.os ?? '',
    architecture: config.architecture ?? '',
  };
}

/**
 * BuildKit's provenance and SBOM attestations sit in the index beside the images, as manifests with an
 * `unknown/unknown` platform marked by this annotation: never an image to compare with.
 */
function isAttestation(descriptor: Descriptor): boolean {
  return (
    descriptor.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest' ||
    (descriptor.platform?.os === 'unknown' && descriptor.platform?.architecture === 'unknown')
  );
}

/**
 * An uncompressed layer (e.g. one `docker load`ed from a plain archive and pushed from the containerd
 * image store): its blob is the tar, so its size is the tar size.
 */
const UNCOMPRESSED = /^application\/vnd\.(oci\.image\.layer\.v1|docker\.image\.rootfs\.diff)\.tar$/;

/** The layer annotation an eStargz layer carries (its table of contents' digest). */
const ESTARGZ_TOC = 'containerd.io/snapshot/stargz/toc.digest';
/** The layer annotation in which an eStargz writer records the uncompressed tar's size. */
const ESTARGZ_UNCOMPRESSED_SIZE = 'io.containers.estargz.uncompressed-size';

/**
 * Marks an eStargz layer: gzip, but its last gzip member is its table of contents, so the trailer does
 * not give the tar's size; the writer records that size in an annotation, taken when present.
 */
function estargzSize(layer: Descriptor): Pick<RegistryLayer, 'tarSize' | 'estargz'> {
  if (!layer.annotations?.[ESTARGZ_TOC]) return { tarSize: null };
  const recorded = Number(layer.annotations[ESTARGZ_UNCOMPRESSED_SIZE]);
  return { tarSize: Number.isSafeInteger(recorded) && recorded > 0 ? recorded : null, estargz: true };
}

function defaultPlatform(): string {
  const arch = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x' }[
    process.arch as string
  ];
  return `linux/${arch ?? process.arch}`;
}

function pickPlatform(manifests: Descriptor[], platform = defaultPlatform()): Descriptor | undefined {
  const [os, architecture, variant] = platform.split('/');
  return manifests.find(
    (m) =>
      m.platform?.os === os &&
      m.platform?.architecture === architecture &&
      (variant === undefined || m.platform?.variant === variant),
  );
}

/** One registry conversation: remembers the auth scheme it was challenged with. */
class RegistrySession {
  private authorization?: string;
  private readonly base: string;

  constructor(
    private readonly image: ImageReference,
    private readonly credentials: Credentials | undefined,
    private readonly options: RegistryOptions,
  ) {
    this.base = `${registryBaseUrl(image.registry)}/v2/${image.repository}`;
  }

  async getJson<T>(path: string, accept: string): Promise<{ body: T; digest: string | null }> {
    const response = await this.send(path, { accept });
    if (!response.ok) {
      const what = `${this.image.original} (${path.split('/')[0]})`;
      if (response.status === 401 || response.status === 403) {
        throw environmentError(
          `The registry refused access to ${what}: HTTP ${response.status}.`,
          `Log in first (docker/login-action, or \`docker login ${this.image.registry}\`) so ~/.docker/config.json holds credentials.`,
        );
      }
      if (response.status === 404) {
        throw environmentError(`${what} does not exist in the registry (HTTP 404).`, 'Check `base-image`.');
      }
      throw environmentError(`The registry answered HTTP ${response.status} for ${what}.`);
    }
    return { body: (await response.json()) as T, digest: response.headers.get('docker-content-digest') };
  }

  /**
   * The uncompressed size of a gzip layer from ISIZE, the last 4 bytes of the blob (the size modulo
   * 2^32); null on any failure: this refines an estimate and never fails a run.
   */
  async gzipTarSize(layer: RegistryLayer): Promise<number | null> {
    if (!/gzip/i.test(layer.mediaType) || layer.estargz || layer.size < 20) return null;
    try {
      const response = await this.send(`blobs/${layer.digest}`, {
        accept: '*/*',
        range: `bytes=${layer.size - 4}-${layer.size - 1}`,
      });
      if (response.status !== 206) {
        // A registry that ignores Range would send the whole blob: do not download it.
        await response.body?.cancel();
        return null;
      }
      const trailer = Buffer.from(await response.arrayBuffer());
      return trailer.length === 4 ? unwrapIsize(trailer.readUInt32LE(0), layer.size) : null;
    } catch {
      return null;
    }
  }

  /** Sends a GET, answering one 401 challenge. */
  private async send(path: string, headers: Record<string, string>): Promise<Response> {
    let response = await this.request(path, headers);
    if (response.status === 401 && !this.authorization) {
      await response.body?.cancel();
      this.authorization = await this.authorize(response.headers.get('www-authenticate') ?? '');
      response = await this.request(path, headers);
    }
    return response;
  }

  private async request(path: string, extra: Record<string, string>): Promise<Response> {
    const headers: Record<string, string> = { ...extra };
    if (this.authorization) headers.authorization = this.authorization;
    try {
      return await fetch(`${this.base}/${path}`, {
        headers,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
    } catch (error) {
      throw environmentError(
        `Cannot reach the registry ${this.image.registry}: ${(error as Error).cause ?? (error as Error).message}.`,
      );
    }
  }

  /** Answers a `WWW-Authenticate` challenge: Basic directly, Bearer through the token service. */
  private async authorize(challenge: string): Promise<string | undefined> {
    const basic = this.credentials
      ? `Basic ${Buffer.from(`${this.credentials.username}:${this.credentials.password}`).toString('base64')}`
      : undefined;
    if (/^basic/i.test(challenge)) {
      if (!basic) {
        throw environmentError(
          `${this.image.registry} needs credentials and none were found for it.`,
          `Log in first (docker/login-action, or \`docker login ${this.image.registry}\`).`,
        );
      }
      return basic;
    }
    if (!/^bearer/i.test(challenge)) return basic;
    const params = Object.fromEntries([...challenge.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (!params.realm) return basic;
    const url = new URL(params.realm);
    if (params.service) url.searchParams.set('service', params.service);
    url.searchParams.set('scope', params.scope ?? `repository:${this.image.repository}:pull`);
    const response = await fetch(url, {
      headers: basic ? { authorization: basic } : {},
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
    }).catch((error: Error) => {
      throw environmentError(`Cannot reach the token service ${url.host}: ${error.message}.`);
    });
    if (!response.ok) {
      throw environmentError(
        `The token service ${url.host} refused a token for ${this.image.original}: HTTP ${response.status}.`,
      );
    }
    const token = (await response.json()) as { token?: string; access_token?: string };
    const value = token.token ?? token.access_token ?? '';
    if (value) this.options.onSecret?.(value);
    return `Bearer ${value}`;
  }
}

/**
 * ISIZE is the tar size modulo 2^32. Gzip makes incompressible data only slightly larger (about 0.03 %
 * plus a header), so a tar size well below the compressed size means it wrapped: add 2^32 until not.
 */
function unwrapIsize(isize: number, compressedSize: number): number {
  let size = isize;
  while (size * 1.01 + 1024 < compressedSize) size += 2 ** 32;
  return size;
}
