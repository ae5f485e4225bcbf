/**
 * Turns what the engine says about an image into a `Measurement`. Pure: the Docker adapter feeds it.
 */
import type { Measurement } from '../report/model.js';
import type { ImageInspection } from '../docker/client.js';

/** A measurement from `docker image inspect` alone: total size and layer ids, no per-layer analysis. */
export function measurementFromInspection(image: ImageInspection): Measurement {
  return {
    imageId: image.id,
    size: image.size,
    compressedSize: null,
    compressedSizeEstimated: false,
    layers: [],
    wastedBytes: null,
    wastedPaths: [],
    leftoverCaches: [],
    notes: [],
  };
}
