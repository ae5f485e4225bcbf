/**
 * Telling the engine's image store from `docker info`, and the push compression level per engine
 * version: the two engine facts that decide whether a pull size is exact or which estimate fits.
 */
import { describe, expect, it } from '@jest/globals';
import { imageStoreOf } from '../../src/docker/client.js';
import { pushGzipLevel } from '../../src/measure/compress-estimate.js';

describe('imageStoreOf', () => {
  it('finds the containerd snapshotter in DriverStatus', () => {
    expect(imageStoreOf({ DriverStatus: [['driver-type', 'io.containerd.snapshotter.v1']] })).toBe(
      'containerd',
    );
  });

  it('takes overlay2 and missing or odd DriverStatus as a graphdriver store', () => {
    const overlay2 = [
      ['Backing Filesystem', 'extfs'],
      ['Supports d_type', 'true'],
      ['Using metacopy', 'false'],
    ];
    expect(imageStoreOf({ DriverStatus: overlay2 })).toBe('graphdriver');
    expect(imageStoreOf({})).toBe('graphdriver');
    expect(imageStoreOf({ DriverStatus: null })).toBe('graphdriver');
    expect(imageStoreOf({ DriverStatus: ['driver-type'] })).toBe('graphdriver');
  });
});

describe('pushGzipLevel', () => {
  it('matches Go compress/gzip (zlib 6) before Docker 28 and the faster compressor (zlib 4) from 28', () => {
    expect(pushGzipLevel('20.10.24+dfsg1')).toBe(6);
    expect(pushGzipLevel('27.5.1')).toBe(6);
    expect(pushGzipLevel('28.5.2+dfsg4')).toBe(4);
    expect(pushGzipLevel('29.0.0')).toBe(4);
    expect(pushGzipLevel('unknown')).toBe(6);
  });
});
