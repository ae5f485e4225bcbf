/**
 * The archive's tar reader against tar-stream, the parser it replaces: the same headers, in the same
 * order, for tars that GNU tar writes in each of its formats (long names and links, ustar prefixes,
 * pax records, hard links, devices, whiteouts), fed in chunks of every awkward size; the same errors
 * for broken tars; and member contents byte for byte.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, linkSync, writeFileSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import tar from 'tar-stream';
import {
  decodeHeader,
  readTarMembers,
  TarHeaderWalker,
  type TarEntryHeader,
} from '../../src/measure/tar-reader.js';

type Seen = Pick<TarEntryHeader, 'name' | 'type' | 'size' | 'linkname'>;

let work: string;
const tars = new Map<string, Buffer>();

/** A tree with what layer tars hold: long paths and link targets, hard links, a fifo, whiteouts, big and empty files. */
function makeTree(root: string): void {
  const deep = path.join(root, 'usr', 'share', 'a'.repeat(60), 'b'.repeat(60));
  mkdirSync(deep, { recursive: true });
  writeFileSync(path.join(deep, `${'c'.repeat(120)}.txt`), 'long name\n');
  writeFileSync(path.join(root, 'usr', 'empty'), '');
  writeFileSync(path.join(root, 'usr', 'odd-size'), Buffer.alloc(513, 'o'));
  writeFileSync(path.join(root, 'usr', 'block-size'), Buffer.alloc(1024, 'b'));
  writeFileSync(path.join(root, 'usr', 'big'), Buffer.alloc(300_000, 'g'));
  linkSync(path.join(root, 'usr', 'big'), path.join(root, 'usr', 'big-hardlink'));
  symlinkSync(`../${'t'.repeat(150)}`, path.join(root, 'usr', 'long-symlink'));
  symlinkSync('big', path.join(root, 'usr', 'short-symlink'));
  writeFileSync(path.join(root, 'usr', '.wh.deleted'), '');
  mkdirSync(path.join(root, 'opaque'));
  writeFileSync(path.join(root, 'opaque', '.wh..wh..opq'), '');
  writeFileSync(path.join(root, 'unicodé-名前'), 'utf8 name\n');
  execFileSync('mkfifo', [path.join(root, 'usr', 'fifo')]);
}

function gnuTar(format: string): Buffer {
  return execFileSync('tar', [`--format=${format}`, '-cf', '-', '-C', path.join(work, 'tree'), '.'], {
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
}

beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'tar-reader-'));
  makeTree(path.join(work, 'tree'));
  for (const format of ['gnu', 'oldgnu', 'pax', 'ustar']) {
    try {
      tars.set(format, gnuTar(format));
    } catch (error) {
      // ustar cannot hold the longest names: GNU tar leaves those files out, writes the rest and exits 2.
      tars.set(format, (error as { stdout: Buffer }).stdout);
    }
  }
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** What tar-stream reports, or the error it stops with. */
async function withTarStream(bytes: Buffer): Promise<{ headers: Seen[]; error?: string }> {
  const headers: Seen[] = [];
  const extract = tar.extract();
  try {
    const reading = (async () => {
      for await (const entry of extract) {
        const { name, type, size, linkname } = entry.header;
        headers.push({
          name,
          type: type as Seen['type'],
          size: type === 'directory' ? 0 : (size ?? 0),
          linkname: linkname ?? null,
        });
        entry.resume();
      }
    })();
    extract.end(bytes);
    await reading;
    return { headers };
  } catch (error) {
    return { headers, error: (error as Error).message };
  }
}

function withWalker(bytes: Buffer, chunkSize: number): { headers: Seen[]; error?: string } {
  const headers: Seen[] = [];
  const walker = new TarHeaderWalker(({ name, type, size, linkname }) =>
    headers.push({ name, type, size, linkname }),
  );
  for (let at = 0; at < bytes.length; at += chunkSize) walker.write(bytes.subarray(at, at + chunkSize));
  walker.end();
  return { headers, error: walker.error?.message };
}

function chunks(bytes: Buffer, size: number): Readable {
  const pieces: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) pieces.push(bytes.subarray(at, at + size));
  return Readable.from(pieces);
}

async function withReader(
  bytes: Buffer,
  chunkSize: number,
): Promise<{ headers: Seen[]; bodies: Buffer[]; error?: string }> {
  const headers: Seen[] = [];
  const bodies: Buffer[] = [];
  try {
    for await (const { header, body } of readTarMembers(chunks(bytes, chunkSize))) {
      const { name, type, size, linkname } = header;
      headers.push({ name, type, size, linkname });
      const parts: Buffer[] = [];
      for await (const part of body) parts.push(part);
      bodies.push(Buffer.concat(parts));
    }
    return { headers, bodies };
  } catch (error) {
    return { headers, bodies, error: (error as Error).message };
  }
}

const CHUNK_SIZES = [1, 7, 511, 512, 513, 4096, 65_536];

describe.each(['gnu', 'oldgnu', 'pax', 'ustar'])('a tar GNU tar writes in the %s format', (format) => {
  test('gives the headers tar-stream gives, in any chunking', async () => {
    const bytes = tars.get(format) as Buffer;
    const expected = await withTarStream(bytes);
    expect(expected.error).toBeUndefined();
    expect(expected.headers.length).toBeGreaterThan(10);
    for (const size of CHUNK_SIZES) {
      expect(withWalker(bytes, size)).toEqual(expected);
      // One byte at a time through the async reader takes seconds and shows nothing the walker does not.
      if (size > 1) expect((await withReader(bytes, size)).headers).toEqual(expected.headers);
    }
  });
});

test('long names, long link targets, hard links, fifos and whiteouts arrive as their own types', () => {
  const { headers } = withWalker(tars.get('gnu') as Buffer, 4096);
  const byName = new Map(headers.map((header) => [header.name.replace(/^\.\//, ''), header]));
  expect(byName.get(`usr/share/${'a'.repeat(60)}/${'b'.repeat(60)}/${'c'.repeat(120)}.txt`)).toMatchObject({
    type: 'file',
    size: 10,
  });
  expect(byName.get('usr/long-symlink')).toMatchObject({
    type: 'symlink',
    linkname: `../${'t'.repeat(150)}`,
  });
  const hardLinks = headers.filter((header) => header.type === 'link');
  expect(hardLinks).toHaveLength(1);
  expect(byName.get('usr/fifo')).toMatchObject({ type: 'fifo' });
  expect(byName.get('usr/.wh.deleted')).toMatchObject({ type: 'file', size: 0 });
  expect(byName.get('unicodé-名前')).toMatchObject({ type: 'file' });
});

test('member contents come through byte for byte, read whole, in part or not at all', async () => {
  const bytes = tars.get('pax') as Buffer;
  const { headers, bodies } = await withReader(bytes, 1000);
  // Of the two hard-linked names, the one tar meets first holds the content.
  const big = headers.findIndex((header) => header.type === 'file' && header.size === 300_000);
  expect(bodies[big]).toEqual(readFileSync(path.join(work, 'tree', 'usr', 'big')));
  const odd = headers.findIndex((header) => header.name.endsWith('usr/odd-size'));
  expect(bodies[odd]).toEqual(Buffer.alloc(513, 'o'));

  // Reading only the first piece of each member, or none, still reaches every member.
  const names: string[] = [];
  let index = 0;
  for await (const { header, body } of readTarMembers(chunks(bytes, 777))) {
    names.push(header.name);
    if (index++ % 2 === 0) {
      for await (const part of body) {
        expect(part.length).toBeGreaterThan(0);
        break;
      }
    }
  }
  expect(names).toEqual(headers.map((header) => header.name));
});

describe('a broken tar fails as tar-stream fails', () => {
  test('a corrupted header', async () => {
    const bytes = Buffer.from(tars.get('gnu') as Buffer);
    bytes.writeUInt8((bytes[512] as number) ^ 0x01, 512); // the first byte of the second member's name: its checksum no longer holds
    const expected = await withTarStream(bytes);
    expect(expected.error).toBeDefined();
    expect(withWalker(bytes, 300)).toEqual(expected);
    const read = await withReader(bytes, 300);
    expect({ headers: read.headers, error: read.error }).toEqual(expected);
  });

  test.each([100, 700, 5000])('a tar cut after %i bytes', async (length) => {
    const bytes = (tars.get('gnu') as Buffer).subarray(0, length);
    const expected = await withTarStream(bytes);
    expect(expected.error).toBe('Unexpected end of data');
    expect(withWalker(bytes, 64).error).toBe('Unexpected end of data');
    expect((await withReader(bytes, 64)).error).toBe('Unexpected end of data');
  });

  test('a pre-POSIX (v7) tar is of an unknown format', async () => {
    const bytes = execFileSync('tar', [
      '--format=v7',
      '-cf',
      '-',
      '-C',
      path.join(work, 'tree'),
      'usr/empty',
    ]);
    const expected = await withTarStream(bytes);
    expect(expected.error).toBe('Invalid tar header: unknown format.');
    expect(withWalker(bytes, 512)).toEqual(expected);
    expect((await withReader(bytes, 512)).error).toBe(expected.error);
  });
});

test('a size in base-256 (GNU, for members of 8 GiB and more) is read', () => {
  const bytes = Buffer.from(tars.get('gnu') as Buffer);
  const header = decodeHeader(bytes.subarray(0, 512));
  expect(header).not.toBeNull();
  // Rewrite the first header's size (0 for the root directory) as base-256 zero, then fix the checksum.
  const block = bytes.subarray(0, 512);
  const flag = block.toString('latin1', 156, 157);
  block.fill(0, 124, 136);
  block[124] = 0x80;
  retype(block, flag);
  expect(decodeHeader(block)).toEqual(header);
  block[134] = 2;
  block[135] = 5;
  retype(block, flag);
  expect(decodeHeader(block)?.size).toBe(2 * 256 + 5);
});

/** Packs members with tar-stream; `pax` members get a pax record of their path (and `comment`). */
async function packed(members: { name: string; content: string; pax?: boolean }[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const member of members) {
    pack.entry(
      { name: member.name, ...(member.pax ? { pax: { comment: 'x' } } : {}) },
      Buffer.from(member.content),
    );
  }
  pack.finalize();
  const parts: Buffer[] = [];
  for await (const part of pack) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

/** Sets a header block's type flag and checksum. */
function retype(block: Buffer, flag: string): void {
  block.write(flag, 156, 'latin1');
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
}

test('pax records: a local one names the member after it; a global one every later member', async () => {
  const local = await packed([
    { name: 'first', content: 'hello', pax: true },
    { name: 'second', content: 'hi' },
  ]);
  expect(withWalker(local, 100)).toEqual({
    headers: [
      { name: 'first', type: 'file', size: 5, linkname: null },
      { name: 'second', type: 'file', size: 2, linkname: null },
    ],
  });
  // The same tar with its pax record made global ('g'): POSIX applies it to both members.
  const global = Buffer.from(local);
  expect(global.toString('latin1', 156, 157)).toBe('x');
  retype(global.subarray(0, 512), 'g');
  expect(withWalker(global, 100).headers.map((header) => header.name)).toEqual(['first', 'first']);
  expect((await withReader(global, 100)).bodies.map(String)).toEqual(['hello', 'hi']);
});

test('a source that fails fails the reader with its own error, and a reader left early stops its source', async () => {
  const bytes = tars.get('gnu') as Buffer;
  async function* failing(): AsyncGenerator<Buffer> {
    yield bytes.subarray(0, 2048);
    throw new Error('socket hang up');
  }
  await expect(
    (async () => {
      for await (const { body } of readTarMembers(failing())) for await (const _part of body) void _part;
    })(),
  ).rejects.toThrow('socket hang up');

  const source = chunks(bytes, 512);
  for await (const member of readTarMembers(source)) {
    expect(member.header.name).toBe('./');
    break;
  }
  expect(source.destroyed).toBe(true);
});

test('a Node stream is read with backpressure: a member nobody reads holds the stream back', async () => {
  const member = await packed([{ name: 'big', content: 'x'.repeat(8 * 1024 * 1024) }]);
  const piece = 16 * 1024;
  let produced = 0;
  const source = new Readable({
    highWaterMark: piece,
    read() {
      const at = produced * piece;
      produced += 1;
      this.push(at < member.length ? member.subarray(at, at + piece) : null);
    },
  });
  const members = readTarMembers(source)[Symbol.asyncIterator]();
  const first = await members.next();
  expect(first.done).toBe(false);
  await new Promise((resolve) => setTimeout(resolve, 100));
  // 512 pieces make the tar; a few dozen at most wait in the queue and the stream's buffer.
  expect(produced).toBeLessThan(40);
  let read = 0;
  for await (const part of (first.value as { body: AsyncIterable<Buffer> }).body) read += part.length;
  expect(read).toBe(8 * 1024 * 1024);
  expect((await members.next()).done).toBe(true);
});
