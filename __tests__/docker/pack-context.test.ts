import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tar from 'tar-stream';
import { packContext } from '../../src/docker/context.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The names in a packed context's tar, in order. */
async function namesIn(stream: NodeJS.ReadableStream): Promise<string[]> {
  const extract = tar.extract();
  const names: string[] = [];
  const reading = (async () => {
    for await (const entry of extract) {
      names.push(entry.header.name);
      entry.resume();
    }
  })();
  for await (const chunk of stream as AsyncIterable<Buffer>) extract.write(chunk);
  extract.end(null); // streamx types want an argument; null adds no data
  await reading;
  return names;
}

describe('packContext', () => {
  it('leaves out what another process removes while the context is walked, as the docker CLI does', async () => {
    const context = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-pack-'));
    dirs.push(context);
    writeFileSync(path.join(context, 'Dockerfile'), 'FROM scratch\nCOPY . /\n');
    // Large enough that the walk waits on it until the tar is read: the rest is listed, not yet packed.
    writeFileSync(path.join(context, 'a.bin'), Buffer.alloc(4 * 1024 * 1024, 1));
    writeFileSync(path.join(context, 'b.lock'), 'held by another process\n');
    mkdirSync(path.join(context, 'c'));
    writeFileSync(path.join(context, 'c', 'tmp'), 'scratch\n');
    writeFileSync(path.join(context, 'd.txt'), 'kept\n');

    const packed = await packContext(context, path.join(context, 'Dockerfile'));
    // The folder has been listed (the Dockerfile, first in name order, is packed) and the walk waits on a.bin.
    await new Promise((resolve) => setTimeout(resolve, 200));
    rmSync(path.join(context, 'b.lock'));
    rmSync(path.join(context, 'c'), { recursive: true });

    expect(await namesIn(packed.stream)).toEqual(['Dockerfile', 'a.bin', 'd.txt']);
    expect(await packed.done).toEqual({
      files: 3,
      bytes: 'FROM scratch\nCOPY . /\n'.length + 4 * 1024 * 1024 + 'kept\n'.length,
    });
  });
});
