/**
 * The real-engine path from the start: settings → BuildKit build through dockerode → measurement,
 * checked against the docker CLI's own numbers.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createDockerClient } from '../src/docker/client.js';
import { DietError } from '../src/errors.js';
import type { Logger } from '../src/logger.js';
import { runPipeline } from '../src/pipeline.js';
import { parseSettings } from '../src/config/settings.js';
import { BASE_IMAGES, inspectImage, removeImages } from './support/docker-cli.js';

const quietLog: Logger = { info: () => undefined, warning: () => undefined, group: (_t, fn) => fn() };

describe('pipeline against the real engine', () => {
  let dir: string;
  const built: string[] = [];

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-pipeline-'));
    writeFileSync(
      path.join(dir, 'Dockerfile'),
      [
        `FROM ${BASE_IMAGES.busybox}`,
        'ARG PAYLOAD_BYTES=1000000',
        // 1 MB that compresses badly, so the size is clearly the image's own.
        'RUN head -c "$PAYLOAD_BYTES" /dev/urandom > /payload',
        'COPY kept.txt /kept.txt',
      ].join('\n'),
    );
    writeFileSync(path.join(dir, 'kept.txt'), 'kept\n');
    writeFileSync(path.join(dir, 'secret.env'), 'TOKEN=do-not-ship\n');
    writeFileSync(path.join(dir, '.dockerignore'), 'secret.env\n');
  });

  afterAll(() => {
    removeImages(...built);
    rmSync(dir, { recursive: true, force: true });
  });

  it('builds with BuildKit and reports the size docker image inspect reports', async () => {
    const settings = parseSettings(
      { 'build-args': 'PAYLOAD_BYTES=2000000', name: 'pipeline-itg' },
      dir,
      'input',
      {},
    );
    const { report, buildError } = await runPipeline(
      settings,
      { docker: () => createDockerClient(), log: quietLog, workspace: dir },
      { lint: false, measure: true, compare: false },
    );
    expect(buildError).toBeUndefined();
    const head = report.images[0]?.head;
    expect(head).toBeTruthy();
    built.push(head!.imageId);

    expect(head!.size).toBe(Number(inspectImage(head!.imageId, '{{.Size}}')));
    const baseSize = Number(inspectImage(BASE_IMAGES.busybox, '{{.Size}}'));
    // The build arg reached the RUN: the image grew by the 2 MB payload plus the small file.
    expect(head!.size - baseSize).toBeGreaterThanOrEqual(2_000_000);
    expect(head!.size - baseSize).toBeLessThan(2_010_000);
    expect(report.images[0]).toMatchObject({ name: 'pipeline-itg', dockerfile: 'Dockerfile', context: '.' });
  });

  it('does not send files .dockerignore excludes', async () => {
    writeFileSync(path.join(dir, 'Dockerfile.probe'), `FROM ${BASE_IMAGES.busybox}\nCOPY . /ctx/\n`);
    const settings = parseSettings({ dockerfile: 'Dockerfile.probe' }, dir, 'input', {});
    const { report } = await runPipeline(
      settings,
      { docker: () => createDockerClient(), log: quietLog, workspace: dir },
      { lint: false, measure: true, compare: false },
    );
    const id = report.images[0]!.head!.imageId;
    built.push(id);
    const docker = createDockerClient();
    const inspection = await docker.inspectImage(id);
    expect(inspection.diffIds.length).toBeGreaterThan(1);
    // Contents of the image, read by an independent container run.
    const { execFileSync } = await import('node:child_process');
    const listing = execFileSync('docker', ['run', '--rm', id, 'ls', '-a', '/ctx'], { encoding: 'utf8' });
    expect(listing).toContain('kept.txt');
    expect(listing).not.toContain('secret.env');
  });

  it('says clearly when no engine answers', async () => {
    const settings = parseSettings({}, dir, 'input', {});
    const attempt = runPipeline(
      settings,
      {
        docker: () => createDockerClient({ DOCKER_HOST: 'tcp://127.0.0.1:1' }),
        log: quietLog,
        workspace: dir,
      },
      { lint: false, measure: true, compare: false },
    );
    await expect(attempt).rejects.toThrow(DietError);
    await expect(attempt).rejects.toThrow(/No Docker engine answers at tcp:\/\/127\.0\.0\.1:1/);
  });
});
