import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LayerCache } from '../../src/measure/layer-cache.js';
import { LayerIdentities } from '../../src/measure/layer-identity.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/legacy-save');
const DIFF_IDS = JSON.parse(readFileSync(path.join(FIXTURES, 'diff-ids.json'), 'utf8')) as string[];
const V1_JSON = readdirSync(FIXTURES)
  .filter((name) => /^[0-9a-f]{64}\.json$/.test(name))
  .map((name) => ({ v1Id: name.slice(0, 64), text: readFileSync(path.join(FIXTURES, name), 'utf8') }));
/** The image's manifest.json listed its layer folders in this order (oldest first). */
const MANIFEST_ORDER = [
  'ed4ff31a6f2e14f8419aebbf365471f109a9937d221dabad7cef708ef5358964',
  'a3beaae20dde56cd82c83b1c48878fb8b946c74b59c806d51d1f0e4ef94ac004',
  '93ea3b360a7152be70bf4fb15f5aaf8632385b4b998e1fa9c31a4901a8a9d601',
];

/** A cache in a folder that is never written (identities only read aliases). */
const cache = (): LayerCache => new LayerCache({ dir: path.join(os.tmpdir(), 'docker-diet-no-such-cache') });

describe('LayerIdentities', () => {
  it("traces each legacy layer folder (Docker 20.10) to its diff ID through the folder's v1 JSON", async () => {
    const identities = new LayerIdentities(DIFF_IDS, cache());
    for (const { v1Id, text } of V1_JSON) {
      expect(identities.wants(`${v1Id}/json`)).toBe(true);
      identities.learn(`${v1Id}/json`, text);
    }
    const found = await Promise.all(MANIFEST_ORDER.map((v1Id) => identities.diffIdOf(`${v1Id}/layer.tar`)));
    expect(found).toEqual(DIFF_IDS);
  });

  it('tells nothing when the JSON was changed or the image has other layers', async () => {
    const other = new LayerIdentities([DIFF_IDS[0]!, `sha256:${'e'.repeat(64)}`], cache());
    const edited = new LayerIdentities(DIFF_IDS, cache());
    for (const { v1Id, text } of V1_JSON) {
      other.learn(`${v1Id}/json`, text);
      edited.learn(`${v1Id}/json`, text.replace('"os":"linux"', '"os":"windows"'));
    }
    const top = MANIFEST_ORDER[2]!;
    expect(await other.diffIdOf(`${top}/layer.tar`)).toBeUndefined();
    expect(await edited.diffIdOf(`${top}/layer.tar`)).toBeUndefined();
    // The first layer's chain ID is its diff ID, which the other image shares.
    expect(await other.diffIdOf(`${MANIFEST_ORDER[0]}/layer.tar`)).toBe(DIFF_IDS[0]);
  });

  it('takes an OCI blob named by one of the diff IDs as that layer, and no other blob', async () => {
    const identities = new LayerIdentities(DIFF_IDS, cache());
    const hex = DIFF_IDS[1]!.slice('sha256:'.length);
    expect(await identities.diffIdOf(`blobs/sha256/${hex}`)).toBe(DIFF_IDS[1]);
    expect(await identities.diffIdOf(`blobs/sha256/${'f'.repeat(64)}`)).toBeUndefined();
    expect(await identities.diffIdOf('manifest.json')).toBeUndefined();
  });
});
