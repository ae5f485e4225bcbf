import { describe, expect, it } from '@jest/globals';
import { diffLayers } from '../../src/compare/layer-diff.js';
import type { Layer } from '../../src/report/model.js';

let counter = 0;
const layer = (text: string | null, size: number, extra: Partial<Layer> = {}): Layer => {
  counter += 1;
  return {
    index: counter,
    diffId: `sha256:${text ?? 'base'}-${size}`,
    size,
    compressedSize: null,
    compressedSizeExact: false,
    createdBy: text ?? 'ADD rootfs.tar.gz / # base',
    instruction: text ? { file: 'Dockerfile', line: counter, text } : null,
    fromBase: text === null,
    wastedBytes: null,
    ...extra,
  };
};

describe('diffLayers', () => {
  it('marks unchanged, changed, added and removed rows with their deltas', () => {
    const base = [
      layer(null, 80e6),
      layer('RUN apt-get update && apt-get install -y curl', 20e6),
      layer('COPY . /app', 1e6),
      layer('RUN rm -rf /tmp/x', 0),
    ];
    const head = [
      layer(null, 80e6),
      layer('RUN apt-get update && apt-get install -y curl', 20e6),
      layer('RUN apt-get install -y vim', 30e6),
      layer('COPY . /app', 1.2e6),
    ];
    head[1]!.diffId = base[1]!.diffId;
    head[0]!.diffId = base[0]!.diffId;
    const rows = diffLayers(base, head);
    expect(rows.map((r) => [r.status, r.instruction?.text ?? r.createdBy, r.delta])).toEqual([
      ['unchanged', 'base image', 0],
      ['unchanged', 'RUN apt-get update && apt-get install -y curl', 0],
      ['added', 'RUN apt-get install -y vim', 30e6],
      ['changed', 'COPY . /app', 0.2e6],
      ['removed', 'RUN rm -rf /tmp/x', 0],
    ]);
  });

  it('pairs an edited instruction between two matches as changed', () => {
    const base = [layer('WORKDIR /app', 0), layer('RUN pip install flask', 10e6), layer('COPY . .', 5)];
    const head = [
      layer('WORKDIR /app', 0),
      layer('RUN pip install flask pandas', 90e6),
      layer('COPY . .', 5),
    ];
    const rows = diffLayers(base, head);
    expect(rows.map((r) => r.status)).toEqual(['unchanged', 'changed', 'unchanged']);
    expect(rows[1]).toMatchObject({ baseSize: 10e6, headSize: 90e6, delta: 80e6 });
  });

  it('reports a different base image as a changed base row', () => {
    const base = [layer(null, 900e6), layer('COPY app /app', 1e6)];
    const head = [layer(null, 120e6), layer('COPY app /app', 1e6)];
    const rows = diffLayers(base, head);
    expect(rows[0]).toMatchObject({ status: 'changed', fromBase: true, delta: -780e6 });
    expect(rows[1]?.status).toBe('unchanged');
  });

  it('skips steps that made no layer', () => {
    const base = [layer('ENV A=1', 0, { diffId: null })];
    const head = [layer('ENV A=2', 0, { diffId: null })];
    expect(diffLayers(base, head)).toEqual([]);
  });
});
