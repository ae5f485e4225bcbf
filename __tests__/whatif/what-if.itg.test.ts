/**
 * The what-if build on the real engine: a Dockerfile with fixable findings is built as is and with
 * its fixes applied; the saving the report states is the engine's own size difference between the
 * head image and the what-if image, as the docker CLI inspects them.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseSettings } from '../../src/config/settings.js';
import { createDockerClient, type DockerClient } from '../../src/docker/client.js';
import { fixDockerfile } from '../../src/lint/fixer.js';
import type { Logger } from '../../src/logger.js';
import { runPipeline } from '../../src/pipeline.js';
import { BASE_IMAGES, inspectImage, removeImages } from '../support/docker-cli.js';

const PAYLOAD = 3 * 1024 * 1024;

const DOCKERFILE = [
  `FROM ${BASE_IMAGES.busybox}`,
  // 3 MiB of noise downloaded to /tmp and unpacked (here: copied) into the app folder's 1 MiB.
  `RUN mkdir -p /opt/app && head -c ${PAYLOAD} /dev/urandom > /tmp/download.bin && head -c 1048576 /tmp/download.bin > /opt/app/data`,
  'ADD app.txt /opt/app/',
  'RUN rm -rf /tmp/download.bin',
  'CMD ["sh"]',
  '',
].join('\n');

const log: Logger & { lines: string[] } = {
  lines: [],
  info(message) {
    this.lines.push(message);
  },
  warning(message) {
    this.lines.push(`warning: ${message}`);
  },
  group: (_title, fn) => fn(),
};

describe('what-if build', () => {
  let dir: string;
  const images: string[] = [];

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-what-if-'));
    writeFileSync(path.join(dir, 'Dockerfile'), DOCKERFILE);
    writeFileSync(path.join(dir, 'app.txt'), 'app\n');
  });

  afterAll(() => {
    removeImages(...images);
    rmSync(dir, { recursive: true, force: true });
  });

  it('measures what the fixes save, as the engine counts it, and prices each fix by its layers', async () => {
    const settings = parseSettings({ name: 'what-if-itg', 'what-if': 'true' }, dir, 'input', {});
    // The real client, except that the what-if image is kept (and its removal recorded) so that the
    // docker CLI can inspect it.
    const removed: string[] = [];
    const client = createDockerClient();
    // What the engine was asked, in order: the what-if build starts while the head is being saved.
    const events: string[] = [];
    const docker: DockerClient = {
      ...client,
      removeImage: async (reference: string) => void removed.push(reference),
      build: async (request, observer) => {
        const which = request.dockerfileText === undefined ? 'head' : 'what-if';
        events.push(`build ${which}`);
        const outcome = await client.build(request, observer);
        events.push(`built ${which}`);
        return outcome;
      },
      saveImage: async (reference) => {
        events.push('save');
        const stream = await client.saveImage(reference);
        stream.on('end', () => events.push('saved'));
        return stream;
      },
    };
    const { report, buildError } = await runPipeline(
      settings,
      { docker: () => docker, log, workspace: dir },
      { lint: true, measure: true, compare: false },
    );
    expect(buildError).toBeUndefined();
    const image = report.images[0]!;
    images.push(image.head!.imageId);
    const whatIf = image.whatIf;
    if (!whatIf || 'error' in whatIf) throw new Error(`no what-if result: ${JSON.stringify(whatIf)}`);
    images.push(whatIf.imageId);
    expect(whatIf.fixes).toEqual(expect.arrayContaining(['cleanup-in-separate-layer', 'prefer-copy']));
    expect(removed).toEqual([whatIf.imageId]);
    // Head build, then the what-if build beside the head's save; the what-if image is saved last.
    expect(events.indexOf('built head')).toBeLessThan(events.indexOf('build what-if'));
    expect(events.indexOf('build what-if')).toBeLessThan(events.indexOf('saved'));
    expect(events.lastIndexOf('save')).toBeGreaterThan(events.indexOf('built what-if'));

    const headSize = Number(inspectImage(image.head!.imageId, '{{.Size}}'));
    const fixedSize = Number(inspectImage(whatIf.imageId, '{{.Size}}'));
    expect(whatIf.size).toBe(fixedSize);
    expect(whatIf.savedBytes).toBe(headSize - fixedSize);
    // What the what-if image ran is what `docker-diet fix` writes: its history holds the moved cleanup.
    const fixed = fixDockerfile('Dockerfile', DOCKERFILE);
    expect(fixed.text).toContain('&& rm -rf /tmp/download.bin');
    const history = execFileSync(
      'docker',
      ['history', '--no-trunc', '--format', '{{.CreatedBy}}', whatIf.imageId],
      {
        encoding: 'utf8',
      },
    );
    expect(history).toContain('&& rm -rf /tmp/download.bin');
    expect(history).not.toMatch(/^RUN \/bin\/sh -c rm -rf \/tmp\/download.bin/m);
    // The saving is the 3 MiB download that no longer ships, give or take the tar headers.
    expect(whatIf.savedBytes).toBeGreaterThanOrEqual(PAYLOAD);
    expect(whatIf.savedBytes).toBeLessThan(PAYLOAD + 64 * 1024);

    const cleanup = report.findings.find((f) => f.rule === 'cleanup-in-separate-layer')!;
    expect(cleanup.price).toMatchObject({ basis: 'measured' });
    expect(cleanup.price!.bytes).toBeGreaterThanOrEqual(PAYLOAD);
    expect(cleanup.price!.bytes).toBeLessThan(PAYLOAD + 64 * 1024);
    // ADD → COPY of one file changes the instruction, not the bytes.
    const copy = report.findings.find((f) => f.rule === 'prefer-copy')!;
    expect(copy.price).toMatchObject({ basis: 'measured' });
    expect(Math.abs(copy.price!.bytes)).toBeLessThan(4096);
    // The head's own Dockerfile is untouched.
    expect(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toBe(DOCKERFILE);
  });
});
