/**
 * A separate process writing to a layer-analysis cache folder, for the concurrent-runs test:
 * `node --import tsx layer-cache-writer.ts <dir> <writer number> <max bytes>`. Writes 40 layers, the
 * even ones shared by every writer (equal content, as two runs analysing one layer produce), the odd
 * ones its own, then evicts down to `max bytes`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LayerCache } from '../../src/measure/layer-cache.js';
import { LayerRecordBuilder } from '../../src/measure/layer-record.js';

/** The layer every writer writes for `seed` (and so its diff ID). */
export function writerLayer(seed: number) {
  const builder = new LayerRecordBuilder([]);
  for (let i = 0; i < 300; i += 1) builder.add({ name: `data/${seed}/file-${i}`, size: seed + i });
  return {
    diffId: `sha256:${seed.toString(16).padStart(64, '0')}`,
    record: builder.build(),
    gzipEstimates: { l6: seed },
  };
}

const [dir, writer, maxBytes] = process.argv.slice(2);
const isMain =
  process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain && dir && writer) {
  const cache = new LayerCache({ dir, maxBytes: Number(maxBytes) });
  for (let seed = 2; seed <= 80; seed += 2)
    cache.put(writerLayer(seed % 4 === 0 ? seed : seed + 1000 * Number(writer)));
  await cache.settle();
  console.log(JSON.stringify(cache.stats));
}
