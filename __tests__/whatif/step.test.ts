/**
 * When the what-if build runs, and what a failed one does to the run: the build and measure steps
 * are the run's own interfaces, replaced here by functions that record what they were asked.
 */
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { emptyConfigFile } from '../../src/config/config-file.js';
import { BuildFailedError } from '../../src/docker/build-error.js';
import type { BuildOutcome, BuildRequest } from '../../src/docker/client.js';
import type { Logger } from '../../src/logger.js';
import type { MeasureResult } from '../../src/measure/step.js';
import type { Finding } from '../../src/report/model.js';
import type { BuildStep } from '../../src/report/model.js';
import {
  AUTO_MAX_BUILD_SECONDS,
  buildWhatIf,
  measureWhatIf,
  runWhatIf,
  type WhatIfInput,
} from '../../src/whatif/step.js';

const FIXABLE = 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n';

function setup(text: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-what-if-unit-'));
  const dockerfile = path.join(dir, 'Dockerfile');
  writeFileSync(dockerfile, text);
  const lines: string[] = [];
  const log: Logger = {
    info: (m) => lines.push(m),
    warning: (m) => lines.push(`warning: ${m}`),
    group: (_t, fn) => fn(),
  };
  const head = { measurement: { imageId: 'sha256:head', size: 100, compressedSize: 50, layers: [] } };
  const input: WhatIfInput = {
    mode: 'on',
    dockerfile,
    displayPath: 'Dockerfile',
    request: { context: dir, dockerfile, displayPath: 'Dockerfile' },
    headBuildSeconds: 1,
    head: head as unknown as MeasureResult,
    findings: [] as Finding[],
    config: emptyConfigFile(),
  };
  const builds: BuildRequest[] = [];
  return { input, log, lines, builds };
}

describe('runWhatIf', () => {
  it('reports a build that fails with the fixes, and keeps the findings', async () => {
    const { input, log, lines, builds } = setup(FIXABLE);
    const findings: Finding[] = [
      {
        rule: 'apt-no-install-recommends',
        aliases: [],
        severity: 'warning',
        file: 'Dockerfile',
        line: 2,
        endLine: 2,
        column: 1,
        message: 'm',
      },
    ];
    const outcome = await runWhatIf(
      { ...input, findings },
      {
        build: async (request) => {
          builds.push(request);
          throw new BuildFailedError(
            { logTail: [], engineMessage: 'exit code: 100', steps: [] },
            'The build failed at RUN apt-get update (exit code 100).',
          );
        },
        measure: async () => {
          throw new Error('must not measure a failed build');
        },
        removeImage: async () => undefined,
        log,
      },
    );
    expect(outcome?.whatIf).toEqual({
      error:
        'the build with the fixes applied failed: The build failed at RUN apt-get update (exit code 100).',
      fixes: expect.arrayContaining(['apt-no-install-recommends', 'apt-lists-not-removed']),
    });
    expect(outcome?.findings).toEqual(findings);
    expect(lines.some((l) => l.startsWith('warning: What-if build:'))).toBe(true);
    // The fixed text is built in place of the file, with the head's context.
    expect(builds[0]?.dockerfileText).toContain('--no-install-recommends');
    expect(builds[0]?.dockerfile).toBe(input.dockerfile);
  });

  it("reads the head's build cache but never exports its own over the head's", async () => {
    const { input, log, builds } = setup(FIXABLE);
    const request = { ...input.request, cacheFrom: ['type=local,src=/c'], cacheTo: ['type=local,dest=/c'] };
    const built = await buildWhatIf(
      { ...input, request },
      {
        build: async (r) => {
          builds.push(r);
          throw new BuildFailedError({ logTail: [], engineMessage: 'stop', steps: [] }, 'stop here');
        },
        log,
      },
    );
    expect(built?.error).toMatch(/stop here/);
    expect(builds[0]?.cacheFrom).toEqual(['type=local,src=/c']);
    expect(builds[0]?.cacheTo).toBeUndefined();
  });

  it('measures a build that ran apart from it, and removes the what-if image but never the head', async () => {
    const { input, log } = setup(FIXABLE);
    const removed: string[] = [];
    const deps = {
      build: async () => ({ imageId: 'sha256:fixed' }) as unknown as BuildOutcome,
      log,
    };
    const built = await buildWhatIf(input, deps);
    expect(built?.imageId).toBe('sha256:fixed');
    const measured = { measurement: { imageId: 'sha256:fixed', size: 60, compressedSize: 30, layers: [] } };
    const outcome = await measureWhatIf(built!, input, {
      measure: async (request) => {
        expect(request.reference).toBe('sha256:fixed');
        return measured as unknown as MeasureResult;
      },
      removeImage: async (reference) => void removed.push(reference),
      log,
    });
    expect(outcome.whatIf).toMatchObject({ savedBytes: 40, savedCompressedBytes: 20 });
    expect(removed).toEqual(['sha256:fixed']);

    // Fixes that change no layer give the head's own image back: it stays.
    removed.length = 0;
    await measureWhatIf({ ...built!, imageId: 'sha256:head' }, input, {
      measure: async () =>
        ({
          ...measured,
          measurement: { ...measured.measurement, imageId: 'sha256:head' },
        }) as unknown as MeasureResult,
      removeImage: async (reference) => void removed.push(reference),
      log,
    });
    expect(removed).toEqual([]);
  });

  it('does not build when nothing can be fixed, when off, or in auto after a long head build', async () => {
    const build = async (): Promise<never> => {
      throw new Error('must not build');
    };
    const deps = (log: Logger) => ({
      build,
      measure: build,
      removeImage: async () => undefined,
      log,
    });
    const clean = setup('FROM debian:12\nCMD ["true"]\n');
    expect(await runWhatIf(clean.input, deps(clean.log))).toBeUndefined();
    expect(clean.lines).toEqual(['What-if build skipped: no finding of this Dockerfile has a fix.']);

    const off = setup(FIXABLE);
    expect(await runWhatIf({ ...off.input, mode: 'off' }, deps(off.log))).toBeUndefined();

    const slow = setup(FIXABLE);
    const long = { ...slow.input, mode: 'auto' as const, headBuildSeconds: AUTO_MAX_BUILD_SECONDS + 1 };
    expect(await runWhatIf(long, deps(slow.log))).toBeUndefined();
    expect(slow.lines[0]).toMatch(/skipped: the build took \d+ s, over the 600 s/);
  });

  describe('in auto, from what the head build spent on the steps it would rerun', () => {
    // Line 2 is fixed; line 3 follows it; line 1 (FROM) is kept.
    const TEXT = 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\nRUN echo done > /done\n';
    const step = (name: string, seconds: number | null, cached = false): BuildStep => ({
      name,
      cached,
      seconds,
    });
    const steps = (install: number | null, cached = false): BuildStep[] => [
      step('[internal] load build definition from Dockerfile', 0.1),
      step('[1/3] FROM docker.io/library/debian:12', 0.2),
      step('[2/3] RUN apt-get update && apt-get install -y curl', install, cached),
      step('[3/3] RUN echo done > /done', 0.4),
      step('exporting to image', 1),
    ];
    /** Runs auto with these head steps and build time; true when it built. */
    async function builds(
      headSteps: BuildStep[],
      headBuildSeconds: number,
    ): Promise<{ built: boolean; lines: string[] }> {
      const { input, log, lines } = setup(TEXT);
      let built = false;
      await runWhatIf(
        { ...input, mode: 'auto', headSteps, headBuildSeconds },
        {
          build: async () => {
            built = true;
            throw new BuildFailedError({ logTail: [], engineMessage: 'stop', steps: [] }, 'stop here');
          },
          measure: async () => {
            throw new Error('not reached');
          },
          removeImage: async () => undefined,
          log,
        },
      );
      return { built, lines };
    }

    it('skips when the rerun took more than half the build and more than 30 s, and says why', async () => {
      const { built, lines } = await builds(steps(80), 90);
      expect(built).toBe(false);
      expect(lines).toEqual([
        'What-if build skipped: the fixes change line 2, and the steps from there took 80 s of the 90 s build, ' +
          'more than `what-if: auto` adds (half a build, or 30 s); the prices stay estimated. Set `what-if: true` to build it anyway.',
      ]);
    });

    it('builds when the rerun is short, or a small share of the build', async () => {
      expect((await builds(steps(25), 30)).built).toBe(true);
      expect((await builds(steps(40), 200)).built).toBe(true);
    });

    it('builds when the head took a step to rerun from the cache (its cost is unknown)', async () => {
      expect((await builds(steps(null, true), 90)).built).toBe(true);
      expect((await builds(steps(0, true), 90)).built).toBe(true);
    });
  });
});
