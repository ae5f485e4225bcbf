/**
 * Finds, in the JSON members of a `docker save` archive, which member is the image config and which
 * members are its layers, in order. Two layouts exist: Docker's own `manifest.json` (20.10 writes
 * `<id>/layer.tar`; 25+ writes it too, pointing at OCI blobs) and a bare OCI layout (`index.json` →
 * manifest blob → config and layer blobs).
 */
import { environmentError } from '../errors.js';

/** Archive paths of the config and of the layers, oldest first. */
export interface ArchiveLayout {
  configPath: string;
  layerPaths: string[];
  notes: string[];
}

interface DockerManifestEntry {
  Config?: unknown;
  Layers?: unknown;
}

interface OciDescriptor {
  mediaType?: string;
  digest?: string;
  platform?: { os?: string; architecture?: string };
}

/** Resolves the layout from the archive's JSON members (path → parsed JSON). */
export function resolveLayout(json: ReadonlyMap<string, unknown>): ArchiveLayout {
  const manifest = json.get('manifest.json');
  if (Array.isArray(manifest) && manifest.length > 0) {
    const entry = manifest[0] as DockerManifestEntry;
    const layers = entry.Layers;
    if (
      typeof entry.Config === 'string' &&
      Array.isArray(layers) &&
      layers.every((l) => typeof l === 'string')
    ) {
      const notes =
        manifest.length > 1
          ? [`The archive holds ${manifest.length} images; only the first was analysed.`]
          : [];
      return { configPath: entry.Config, layerPaths: layers as string[], notes };
    }
  }
  const index = json.get('index.json');
  if (index) return resolveOci(index, json);
  throw environmentError(
    'The image archive has neither a manifest.json nor an index.json: it is not a `docker save` archive.',
  );
}

/** Follows index → (nested index →) image manifest. */
function resolveOci(index: unknown, json: ReadonlyMap<string, unknown>, depth = 0): ArchiveLayout {
  const manifests = (index as { manifests?: OciDescriptor[] }).manifests;
  // Attestation manifests carry an `unknown/unknown` platform; the image is the first other one.
  const chosen = Array.isArray(manifests)
    ? (manifests.find((m) => m.platform?.os !== 'unknown') ?? manifests[0])
    : undefined;
  const target = chosen?.digest ? json.get(blobPath(chosen.digest)) : undefined;
  if (!target || depth > 3) {
    throw environmentError("The image archive's index.json points at no image manifest it contains.");
  }
  if (Array.isArray((target as { manifests?: unknown }).manifests))
    return resolveOci(target, json, depth + 1);
  const image = target as { config?: OciDescriptor; layers?: OciDescriptor[] };
  if (!image.config?.digest || !Array.isArray(image.layers) || !image.layers.every((l) => l.digest)) {
    throw environmentError('The image manifest in the archive has no config or layers.');
  }
  return {
    configPath: blobPath(image.config.digest),
    layerPaths: image.layers.map((layer) => blobPath(layer.digest as string)),
    notes: [],
  };
}

/** `sha256:abc…` → `blobs/sha256/abc…`. */
export function blobPath(digest: string): string {
  const [algorithm, hex] = digest.split(':');
  return `blobs/${algorithm}/${hex}`;
}
