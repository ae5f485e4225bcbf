/**
 * Stored entries without git: what a run keeps of its report, how entries of several images share one
 * note, which entries are refused, and that a comparison made from a stored entry equals the one made
 * from the measurement it was stored from.
 */
import { describe, expect, it } from '@jest/globals';
import { diffLayers } from '../../src/compare/layer-diff.js';
import { firstLine } from '../../src/compare/stored-reads.js';
import {
  mergeIntoNote,
  parseEntry,
  STORED_SCHEMA_VERSION,
  storedEntries,
  storedMeasurement,
  type StoredEntry,
} from '../../src/compare/stored.js';
import { computeDelta, type Report } from '../../src/report/model.js';
import { growingPr } from '../report/markdown-fixtures.js';

const SHA = 'a'.repeat(40);

/** The stored entry of the fixture's base image, as the base branch's run would have kept it. */
function baseEntry(report: Report = growingPr()): StoredEntry {
  const copy = structuredClone(report);
  const image = copy.images[0]!;
  // The base branch's run measured what is the PR's base here.
  image.head = image.base;
  return storedEntries(copy, SHA)[0]!;
}

describe('stored entries', () => {
  it('keep the image, its sizes, layers and its own Dockerfile findings', () => {
    const report = growingPr();
    report.findings.push({ ...report.findings[0]!, file: 'other/Dockerfile' });
    const [entry] = storedEntries(report, SHA);
    const head = report.images[0]!.head!;
    expect(entry).toMatchObject({
      schemaVersion: STORED_SCHEMA_VERSION,
      tool: report.tool,
      commit: SHA,
      measuredAt: report.generatedAt,
      image: report.images[0]!.name,
      dockerfile: 'services/api/Dockerfile',
      size: head.size,
      compressedSize: head.compressedSize,
      compressedSizeEstimated: head.compressedSizeEstimated,
      wastedBytes: head.wastedBytes,
    });
    expect(entry!.layers.map((l) => l.diffId)).toEqual(head.layers.map((l) => l.diffId));
    const own = report.findings.filter((f) => f.file === 'services/api/Dockerfile');
    expect(own.length).toBeGreaterThan(0);
    expect(entry!.findings).toEqual(own);
    expect(entry!.findings.every((f) => f.file === 'services/api/Dockerfile')).toBe(true);
  });

  it('are not made for an image that was not measured', () => {
    const report = growingPr();
    report.images[0]!.head = null;
    expect(storedEntries(report, SHA)).toEqual([]);
  });

  it('compare exactly like the measurement they were stored from (delta and per-instruction rows)', () => {
    const report = growingPr();
    const image = report.images[0]!;
    const base = image.base!;
    const fromStore = storedMeasurement(JSON.parse(JSON.stringify(baseEntry(report))) as StoredEntry);
    expect(fromStore.size).toBe(base.size);
    expect(fromStore.layers).toEqual(base.layers);
    expect(computeDelta(image.head!, fromStore)).toEqual(computeDelta(image.head!, base));
    expect(diffLayers(fromStore.layers, image.head!.layers)).toEqual(
      diffLayers(base.layers, image.head!.layers),
    );
  });
});

describe('notes with one entry per image', () => {
  it('merge an entry in, keeping the other images and replacing the same one', () => {
    const api = baseEntry();
    const web = { ...baseEntry(), image: 'web', size: 1 };
    const one = mergeIntoNote(undefined, [api]);
    const two = mergeIntoNote(one, [web]);
    expect(Object.keys(JSON.parse(two) as object)).toEqual([api.image, 'web']);
    const replaced = mergeIntoNote(two, [{ ...web, size: 2 }]);
    expect((JSON.parse(replaced) as Record<string, StoredEntry>).web!.size).toBe(2);
    expect((JSON.parse(replaced) as Record<string, StoredEntry>)[api.image]).toEqual(api);
  });

  it('replace a note that is not theirs', () => {
    expect(Object.keys(JSON.parse(mergeIntoNote('not json', [baseEntry()])) as object)).toHaveLength(1);
    expect(Object.keys(JSON.parse(mergeIntoNote('[1,2]', [baseEntry()])) as object)).toHaveLength(1);
  });
});

describe('reading an entry', () => {
  const note = (entry: unknown): string => JSON.stringify({ api: entry });

  it('finds the entry of the image, and nothing for another image or no note', () => {
    const entry = { ...baseEntry(), image: 'api' };
    expect(parseEntry(note(entry), 'api')).toEqual(entry);
    expect(parseEntry(note(entry), 'web')).toBeUndefined();
    expect(parseEntry(undefined, 'api')).toBeUndefined();
  });

  it('refuses a newer schema version, saying to upgrade', () => {
    const refused = parseEntry(note({ ...baseEntry(), schemaVersion: STORED_SCHEMA_VERSION + 1 }), 'api');
    expect(refused).toBe(
      `has schema version ${STORED_SCHEMA_VERSION + 1}, newer than this docker-diet reads (${STORED_SCHEMA_VERSION}): upgrade docker-diet`,
    );
  });

  it('refuses an unknown schema version and a damaged entry', () => {
    expect(parseEntry(note({ ...baseEntry(), schemaVersion: 'v1' }), 'api')).toMatch(
      /unknown schema version/,
    );
    expect(parseEntry(note({ ...baseEntry(), schemaVersion: undefined }), 'api')).toMatch(/unknown schema/);
    expect(parseEntry(note({ ...baseEntry(), layers: 'x' }), 'api')).toMatch(/damaged entry/);
    expect(parseEntry(note(7), 'api')).toMatch(/damaged entry/);
    expect(parseEntry('{', 'api')).toBe('is not valid JSON');
  });
});

describe('git messages in log lines', () => {
  it('keep the first line and hide credentials in remote URLs', () => {
    expect(
      firstLine("fatal: unable to access 'https://x-access-token:ghs_abc123@github.com/o/r/': 403\nmore"),
    ).toBe("fatal: unable to access 'https://***@github.com/o/r/': 403");
    expect(firstLine('! [rejected] refs/notes/docker-diet (fetch first)')).toBe(
      '! [rejected] refs/notes/docker-diet (fetch first)',
    );
  });
});
