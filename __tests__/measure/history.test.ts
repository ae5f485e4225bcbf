/**
 * History → Dockerfile lines, on image configs captured from the real engine (see
 * __tests__/fixtures/history/README.md). The expected lines were read off each Dockerfile by hand.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDockerfile } from '../../src/dockerfile/model.js';
import { mapHistory, type MapHistoryOptions } from '../../src/measure/history.js';
import { parseImageConfig } from '../../src/measure/image-config.js';
import type { ImageConfig } from '../../src/measure/types.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/history');

interface Fixture {
  config: ImageConfig;
  dockerfile: string;
  base: { image: string; diffIds: string[]; historyLength: number };
  build: { target?: string; buildArgs?: Record<string, string> };
}

function load(name: string): Fixture {
  const read = (file: string): string => readFileSync(path.join(fixtures, name, file), 'utf8');
  return {
    config: parseImageConfig(JSON.parse(read('config.json')), `${name}/config.json`),
    dockerfile: read('Dockerfile'),
    base: JSON.parse(read('base.json')),
    build: JSON.parse(read('build.json')),
  };
}

/** What each history entry maps to: `base`, a 1-based line, or null (made by no instruction found). */
type Expected = ('base' | number | null)[];

function mapped(fixture: Fixture, options: MapHistoryOptions): Expected {
  const model = parseDockerfile('Dockerfile', fixture.dockerfile);
  const entries = mapHistory(fixture.config, { model, displayPath: 'app/Dockerfile' }, options);
  return entries.map((entry) => {
    if (entry.fromBase) {
      expect(entry.instruction).toBeNull();
      return 'base';
    }
    if (entry.instruction) expect(entry.instruction.file).toBe('app/Dockerfile');
    return entry.instruction?.line ?? null;
  });
}

const B = 'base' as const;
const CASES: Record<string, Expected> = {
  // Named and numeric --from, WORKDIR making a layer, every metadata instruction, JSON-form and
  // multi-line RUN with a comment inside; ONBUILD (line 24) leaves no BuildKit entry.
  'multi-stage': [B, 9, 10, 12, 13, 14, 15, 16, 17, 18, 19, 23, 25, 26, 27, 28, 29],
  // FROM base → FROM deps → final: parent stages' instructions first; the unrelated stage is not built.
  'stage-chain': [B, 2, 3, 6, 7, 13, 14, 15, 16],
  // `RUN |3 VERSION=2.0.0 …`, ENV/WORKDIR/COPY/LABEL recorded with the build args expanded.
  'build-args': [B, 4, 5, 6, 7, 8, 9, 10, 11, 12],
  // --target test: build → test chain, the release stage after it is ignored.
  target: [B, 2, 5, 6],
  // FROM scratch: no base entries at all.
  scratch: [5, 6, 7, 8],
  // The legacy builder: `#(nop)` metadata, `COPY file:<hash> in ./`, `|2 EXTRA=x VERSION=1 …` RUNs.
  legacy: [B, 7, 8, 9, 10, 11, 12, 13, 14, 16, 17, 18, 19, 20],
  'legacy-target': [B, 2, 5, 6],
  // The base image's own trailing `CMD ["sh"]` (index 4) is the base's; the Dockerfile's identical
  // `CMD ["sh"]` right after it is line 2.
  'layered-base': [B, B, B, B, B, 2, 3, 4, 5],
  // SHELL with `-o pipefail`: the RUN is recorded as `/bin/bash -o pipefail -c …`.
  debian: [B, 2, 3, 7],
};

describe('mapHistory on captured images', () => {
  describe.each(Object.entries(CASES))('%s', (name, expected) => {
    const fixture = load(name);
    const common = { target: fixture.build.target, buildArgs: fixture.build.buildArgs };

    it('maps every entry with the base diff ids known', () => {
      expect(mapped(fixture, { ...common, baseDiffIds: fixture.base.diffIds })).toEqual(expected);
    });

    it('maps the same with the base history length known too', () => {
      const options = {
        ...common,
        baseDiffIds: fixture.base.diffIds,
        baseHistoryLength: fixture.base.historyLength,
      };
      expect(mapped(fixture, options)).toEqual(expected);
    });

    it('maps the same with the base unknown, aligning from the end', () => {
      expect(mapped(fixture, { ...common, baseDiffIds: null })).toEqual(expected);
    });

    it('maps the same when the local base is another image than the one built from', () => {
      const other = load(name === 'debian' ? 'multi-stage' : 'debian').base.diffIds;
      expect(mapped(fixture, { ...common, baseDiffIds: other })).toEqual(expected);
    });

    it('gives each non-empty entry the next diff id and empty entries none', () => {
      const model = parseDockerfile('Dockerfile', fixture.dockerfile);
      const entries = mapHistory(fixture.config, { model, displayPath: 'Dockerfile' }, common);
      expect(entries.filter((e) => e.diffId !== null).map((e) => e.diffId)).toEqual(fixture.config.diffIds);
      entries.forEach((entry, i) => {
        expect(entry.index).toBe(i);
        expect(entry.createdBy).toBe(fixture.config.history[i]!.created_by ?? '');
        expect(entry.diffId === null).toBe(fixture.config.history[i]!.empty_layer === true);
      });
    });
  });
});

describe('instruction references', () => {
  const textsOf = (name: string): (string | undefined)[] => {
    const fixture = load(name);
    const model = parseDockerfile('Dockerfile', fixture.dockerfile);
    return mapHistory(fixture.config, { model, displayPath: 'Dockerfile' }, fixture.build).map(
      (entry) => entry.instruction?.text,
    );
  };

  it('keeps flags and joins continuation lines, dropping comment lines inside them', () => {
    const texts = textsOf('multi-stage');
    expect(texts[2]).toBe('ENV APP_ENV=production GREETING="hello world"');
    expect(texts[6]).toBe('COPY --from=1 --chown=65534:65534 /tool.txt /usr/local/share/');
    expect(texts[10]).toBe('RUN set -e; echo one > /app/one.txt; echo two >> /app/one.txt');
    expect(texts[13]).toBe('HEALTHCHECK --interval=30s CMD test -f /app/app.txt');
  });

  it('shows instructions as written, variables unexpanded', () => {
    expect(textsOf('build-args')[7]).toBe('COPY config.txt ${DEST}/conf/');
    expect(textsOf('legacy')[5]).toBe('COPY --from=build /version.txt ./');
  });
});

describe('mapHistory edge cases', () => {
  const multiStage = load('multi-stage');

  it('maps a heredoc RUN as BuildKit records it (its script run by the shell)', () => {
    // Engine 20.10's built-in Dockerfile frontend rejects heredocs and no newer frontend can be pulled
    // here, so this entry follows dockerfile2llb's dispatchRun: `RUN /bin/sh -c <body> # buildkit`.
    const dockerfile =
      'FROM docker-diet-base/busybox:1\nRUN <<EOF\necho one > /one.txt\necho two\nEOF\nCMD ["sh"]\n';
    const config: ImageConfig = {
      history: [
        multiStage.config.history[0]!,
        {
          created_by: 'RUN /bin/sh -c echo one > /one.txt\necho two\n # buildkit',
          comment: 'buildkit.dockerfile.v0',
        },
        { created_by: 'CMD ["sh"]', comment: 'buildkit.dockerfile.v0', empty_layer: true },
      ],
      diffIds: [multiStage.config.diffIds[0]!, 'sha256:' + 'a'.repeat(64)],
    };
    const entries = mapHistory(config, {
      model: parseDockerfile('Dockerfile', dockerfile),
      displayPath: 'Dockerfile',
    });
    expect(entries.map((e) => e.instruction?.line ?? (e.fromBase ? 'base' : null))).toEqual(['base', 2, 6]);
    expect(entries[1]!.instruction!.text).toBe('RUN <<EOF');
  });

  it('matches by argument, not just keyword, when the Dockerfile changed after the build', () => {
    // The image was built from the multi-stage fixture; since then its ADD and its last RUN were
    // deleted. The remaining RUN must still find its own entry, not the latest RUN entry.
    const edited = multiStage.dockerfile
      .replace(/RUN set -e;[^]*?two >> \/app\/one.txt\n/, '')
      .replace('ADD notes.txt /opt/notes/\n', '');
    expect(edited.split('\n')).toHaveLength(multiStage.dockerfile.split('\n').length - 5);
    const model = parseDockerfile('Dockerfile', edited);
    const entries = mapHistory(
      multiStage.config,
      { model, displayPath: 'Dockerfile' },
      { baseDiffIds: null },
    );
    const lines = entries.map((e) => (e.fromBase ? 'base' : (e.instruction?.line ?? null)));
    expect(lines).toEqual([B, 9, 10, 12, 13, 14, 15, 16, null, 17, null, 18, 20, 21, 22, 23, 24]);
  });

  it('falls back to the last stage when the target names no stage', () => {
    const fixture = load('target');
    const model = parseDockerfile('Dockerfile', fixture.dockerfile);
    const entries = mapHistory(fixture.config, { model, displayPath: 'Dockerfile' }, { target: 'nope' });
    // The release stage has no RUN: the image's RUN entries find no instruction, nothing crashes.
    expect(entries.map((e) => e.instruction?.line ?? null)).toEqual([null, null, 9, null]);
  });

  it('maps nothing, without throwing, for a Dockerfile with no stages', () => {
    const model = parseDockerfile('Dockerfile', '# nothing here\n');
    const entries = mapHistory(multiStage.config, { model, displayPath: 'Dockerfile' }, {});
    expect(entries).toHaveLength(multiStage.config.history.length);
    expect(entries.every((e) => e.instruction === null)).toBe(true);
  });

  it('returns no entries for an empty history', () => {
    const model = parseDockerfile('Dockerfile', multiStage.dockerfile);
    expect(mapHistory({ history: [], diffIds: [] }, { model, displayPath: 'Dockerfile' })).toEqual([]);
  });

  it('ignores a base history length that contradicts the diff ids', () => {
    const options = { baseDiffIds: multiStage.base.diffIds, baseHistoryLength: 5 };
    expect(mapped(multiStage, options)).toEqual(CASES['multi-stage']);
  });
});
