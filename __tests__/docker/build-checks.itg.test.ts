/**
 * BuildKit's build checks on the engine under test: engines whose BuildKit runs them (Docker 27+)
 * send warnings that become findings at their lines, marked as BuildKit's; Docker 20.10's BuildKit
 * sends none, and the report has none.
 */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from '@jest/globals';
import type { Report } from '../../src/report/model.js';
import { runCli, workspace } from '../lint/cli-harness.js';
import { BASE_IMAGES, removeImages } from '../support/docker-cli.js';
import { testEngine } from '../support/engine.js';
import { engineEnv } from '../support/engine-env.js';

/** The first Docker release whose BuildKit runs build checks during every build. */
const BUILD_CHECKS_MIN_MAJOR = 27;

async function measure(cwd: string): Promise<{ code: number; report: Report }> {
  const env = { PATH: process.env.PATH, ...engineEnv() };
  const run = await runCli(['measure', '--format', 'json', '--quiet'], cwd, { env, engine: true });
  return { code: run.code, report: JSON.parse(run.stdout) as Report };
}

describe('BuildKit build checks', () => {
  const root = workspace({
    Dockerfile: `FROM ${BASE_IMAGES.busybox} as Build\nRUN echo hi > /hi\nCMD echo hi\n`,
  });
  const images: string[] = [];
  afterAll(() => {
    removeImages(...images);
    rmSync(root, { recursive: true, force: true });
  });

  it('reports the checks the engine ran as findings at their lines, or none on engines that run none', async () => {
    const { code, report } = await measure(root);
    expect(code).toBe(0);
    images.push(report.images[0]!.head!.imageId);
    const fromBuildKit = report.findings
      .filter((f) => f.source === 'buildkit')
      .map((f) => [f.rule, f.line, f.file]);
    if (testEngine().major >= BUILD_CHECKS_MIN_MAJOR) {
      expect(fromBuildKit).toEqual(
        expect.arrayContaining([
          ['FromAsCasing', 1, 'Dockerfile'],
          ['StageNameCasing', 1, 'Dockerfile'],
          ['JSONArgsRecommended', 3, 'Dockerfile'],
        ]),
      );
      const json = report.findings.find((f) => f.rule === 'JSONArgsRecommended');
      expect(json?.helpUri).toMatch(/^https:\/\/docs\.docker\.com\//);
    } else {
      expect(fromBuildKit).toEqual([]);
    }
  });
});
