/**
 * The registry baseline built from registry data (no engine, no HTTP): which sizes are exact, which
 * are estimated, and what the notes say, for gzip, zstd and uncompressed layers.
 */
import { describe, expect, it } from '@jest/globals';
import { registryMeasurement } from '../../src/compare/step.js';
import { parseImageReference } from '../../src/registry/reference.js';
import type { RegistryImage, RegistryLayer } from '../../src/registry/client.js';
import type { Layer, Measurement } from '../../src/report/model.js';

const GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';
const ZSTD = 'application/vnd.oci.image.layer.v1.tar+zstd';

function headLayer(diffId: string, size: number, compressedSize: number, exact: boolean): Layer {
  return {
    index: 0,
    diffId,
    size,
    compressedSize,
    compressedSizeExact: exact,
    createdBy: '',
    instruction: null,
    fromBase: false,
    wastedBytes: 0,
  };
}

function head(exact: boolean, store: 'graphdriver' | 'containerd' = 'graphdriver'): Measurement {
  // Unpacked 3,000,000 bytes for 1,000,000 compressed: a ratio of 3.
  const layers = [
    headLayer('sha256:shared', 2_000_000, 700_000, exact),
    headLayer('sha256:own', 1_000_000, 300_000, exact),
  ];
  return {
    imageId: 'sha256:head',
    size: 3_000_000,
    imageStore: store,
    compressedSize: 1_000_000,
    compressedSizeEstimated: !exact,
    layers,
    wastedBytes: 0,
    wastedPaths: [],
    leftoverCaches: [],
    notes: [],
  };
}

function registry(mediaType: string, tarSizes: (number | null)[]): RegistryImage {
  const layers: RegistryLayer[] = [
    { digest: 'sha256:b0', size: 650_000, diffId: 'sha256:shared', mediaType, tarSize: null },
    {
      digest: 'sha256:b1',
      size: 400_000,
      diffId: 'sha256:base-own',
      mediaType,
      tarSize: tarSizes[0] ?? null,
    },
    {
      digest: 'sha256:b2',
      size: 100_000,
      diffId: 'sha256:base-own-2',
      mediaType,
      tarSize: tarSizes[1] ?? null,
    },
  ];
  return {
    reference: parseImageReference('127.0.0.1:5000/o/app:main'),
    manifestDigest: 'sha256:manifest',
    config: {
      history: [{ created_by: 'ADD rootfs' }, { created_by: 'RUN one' }, { created_by: 'RUN two' }],
      diffIds: layers.map((l) => l.diffId as string),
    },
    layers,
    compressedSize: 1_150_000,
    os: 'linux',
    architecture: 'amd64',
  };
}

describe('registryMeasurement', () => {
  it('replaces a gzip estimate of a shared layer with the registry’s gzip size, and reads tar sizes', () => {
    const measured = head(false);
    const base = registryMeasurement(registry(GZIP, [1_200_000, 300_000]), measured);
    expect(measured.layers[0]).toMatchObject({ compressedSize: 650_000, compressedSizeExact: true });
    expect(measured.compressedSize).toBe(950_000);
    expect(base.layers.map((l) => l.size)).toEqual([2_000_000, 1_200_000, 300_000]);
    expect(base.notes.some((n) => n.includes('not measured'))).toBe(false);
  });

  it('keeps the head’s estimate against a zstd blob and says which base layers are not measured', () => {
    const measured = head(false);
    const base = registryMeasurement(registry(ZSTD, [null, null]), measured);
    expect(measured.layers[0]).toMatchObject({ compressedSize: 700_000, compressedSizeExact: false });
    expect(measured.compressedSizeEstimated).toBe(true);
    // Compressed sizes are the registry's; tar sizes are compressed × the head's ratio (3).
    expect(base.layers.map((l) => l.compressedSize)).toEqual([650_000, 400_000, 100_000]);
    expect(base.layers.map((l) => l.size)).toEqual([2_000_000, 1_200_000, 300_000]);
    expect(base.notes).toContain(
      "Uncompressed size not measured for 2 zstd-compressed base layers (a zstd blob does not tell its tar size without being downloaded, which docker-diet does not do): each counts its compressed size times the head's compression ratio, an estimate. Their compressed (pull) sizes are exact.",
    );
  });

  it('keeps an exact head size, and notes unmeasured layers on the containerd store too', () => {
    const measured = head(true, 'containerd');
    const base = registryMeasurement(registry(GZIP, [null, 300_000]), measured);
    expect(measured.layers[0]!.compressedSize).toBe(700_000);
    expect(base.size).toBe(1_150_000);
    expect(base.notes).toHaveLength(1);
    expect(base.notes[0]).toContain('1 base layer whose gzip trailer could not be read');
  });
});
