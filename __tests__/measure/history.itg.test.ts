/**
 * History mapping on images the real engine builds now: BuildKit through docker-diet's client and the
 * legacy builder through the docker CLI. The config is read from `docker save` and the base's layers
 * from `docker image inspect`, as the measure stage gets them; every entry must land on its line.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDockerClient } from '../../src/docker/client.js';
import { parseDockerfile } from '../../src/dockerfile/model.js';
import { mapHistory } from '../../src/measure/history.js';
import { parseImageConfig } from '../../src/measure/image-config.js';
import type { ImageConfig } from '../../src/measure/types.js';
import { BASE_IMAGES, inspectImage, removeImages, savedImageConfig } from '../support/docker-cli.js';

// Line numbers are what the assertions check: keep them in step with the text.
const DOCKERFILE = `ARG NAME=world
FROM ${BASE_IMAGES.busybox} AS build
ARG NAME
RUN echo "hello $NAME" > /greeting.txt && \\
    echo built > /built.txt

FROM build AS tested
RUN test -s /greeting.txt

FROM ${BASE_IMAGES.busybox} AS unused
RUN echo never built

FROM tested
WORKDIR /app
ENV MODE=production \\
    NAME_SEEN=\${NAME:-nobody}
COPY --from=0 /built.txt ./
COPY . .
LABEL purpose="history itg"
CMD ["cat", "/greeting.txt"]
`;

/** Lines of the entries after the base layer, for the image built with build arg NAME=itg. */
const BUILDKIT_LINES = [3, 4, 8, 14, 15, 17, 18, 19, 20];

const TAGS = {
  buildkit: 'docker-diet-test/history-itg:buildkit',
  legacy: 'docker-diet-test/history-itg:legacy',
};
let context: string;

/** The image config as `docker save` holds it. */
function savedConfig(reference: string): ImageConfig {
  const saved = savedImageConfig(reference);
  return parseImageConfig(saved.json, saved.path);
}

function mappedLines(reference: string): ('base' | number | null)[] {
  const model = parseDockerfile('app/Dockerfile', DOCKERFILE);
  const baseDiffIds = JSON.parse(inspectImage(BASE_IMAGES.busybox, '{{json .RootFS.Layers}}')) as string[];
  const entries = mapHistory(
    savedConfig(reference),
    { model, displayPath: 'app/Dockerfile' },
    { baseDiffIds, buildArgs: { NAME: 'itg' } },
  );
  for (const entry of entries) if (entry.instruction) expect(entry.instruction.file).toBe('app/Dockerfile');
  return entries.map((entry) => (entry.fromBase ? 'base' : (entry.instruction?.line ?? null)));
}

beforeAll(() => {
  context = mkdtempSync(path.join(os.tmpdir(), 'history-itg-'));
  writeFileSync(path.join(context, 'Dockerfile'), DOCKERFILE);
  writeFileSync(path.join(context, 'readme.txt'), 'copied by COPY . .\n');
});

afterAll(() => {
  removeImages(TAGS.buildkit, TAGS.legacy);
  rmSync(context, { recursive: true, force: true });
});

describe('mapHistory on freshly built images', () => {
  it('maps every BuildKit layer and step to its Dockerfile line', async () => {
    await createDockerClient().build({
      context,
      dockerfile: path.join(context, 'Dockerfile'),
      tag: TAGS.buildkit,
      buildArgs: { NAME: 'itg' },
    });
    expect(mappedLines(TAGS.buildkit)).toEqual(['base', ...BUILDKIT_LINES]);
  });

  it('maps every legacy-builder layer and step to its Dockerfile line', () => {
    execFileSync('docker', ['build', '-q', '-t', TAGS.legacy, '--build-arg', 'NAME=itg', context], {
      env: { ...process.env, DOCKER_BUILDKIT: '0' },
      stdio: 'ignore',
    });
    // Same instructions, same entries: the legacy builder records the stage ARG and every step too.
    expect(mappedLines(TAGS.legacy)).toEqual(['base', ...BUILDKIT_LINES]);
  });
});
