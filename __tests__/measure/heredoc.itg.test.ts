/**
 * Heredoc instructions (`RUN <<EOT`, `COPY <<EOF`) measured end to end on the engine: each layer must
 * land on the line its instruction starts on, and the bytes a later heredoc RUN deletes must count as
 * waste. Engines whose built-in Dockerfile frontend predates heredocs must refuse the build instead.
 */
import { afterAll, beforeAll, describe, expect } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDockerClient, type DockerClient } from '../../src/docker/client.js';
import { parseDockerfile } from '../../src/dockerfile/model.js';
import { measureImage } from '../../src/measure/step.js';
import { BASE_IMAGES, inspectImage, removeImages } from '../support/docker-cli.js';
import { HEREDOC_MIN_MAJOR, itWhen, testEngine } from '../support/engine.js';

// Line numbers are what the assertions check: keep them in step with the text.
const DOCKERFILE = `FROM ${BASE_IMAGES.busybox}
WORKDIR /work
RUN <<EOT
head -c 3000000 /dev/urandom > /work/big
echo one > /work/small
EOT
COPY <<EOF /work/note.txt
hello heredoc
EOF
RUN <<EOT sh
rm /work/big
echo two > /work/small
EOT
CMD ["cat", "/work/small"]
`;

const TAG = 'docker-diet-test/heredoc-itg:1';
const engine = testEngine();
const heredocs = engine.major >= HEREDOC_MIN_MAJOR;
let docker: DockerClient;
let context: string;

beforeAll(() => {
  docker = createDockerClient();
  context = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-heredoc-'));
  writeFileSync(path.join(context, 'Dockerfile'), DOCKERFILE);
});

afterAll(() => {
  removeImages(TAG);
  rmSync(context, { recursive: true, force: true });
});

describe(`heredoc instructions on ${engine.label}`, () => {
  itWhen(heredocs, `heredocs need Docker ${HEREDOC_MIN_MAJOR}+ without a # syntax line`)(
    'maps each heredoc layer to the line its instruction starts on and counts what a later one deletes',
    async () => {
      const built = await docker.build({ context, dockerfile: path.join(context, 'Dockerfile'), tag: TAG });
      const { measurement } = await measureImage(docker, {
        reference: built.imageId,
        dockerfile: {
          path: path.join(context, 'Dockerfile'),
          displayPath: 'Dockerfile',
          model: parseDockerfile('Dockerfile', DOCKERFILE),
        },
      });
      const own = measurement.layers.filter((l) => !l.fromBase);
      expect(own.map((l) => [l.instruction?.line, l.diffId === null ? 'empty' : l.size])).toEqual([
        [2, 0],
        [3, 3_000_004],
        [7, 14],
        [10, 4],
        [14, 'empty'],
      ]);
      expect(own[1]!.instruction!.text).toMatch(/^RUN <<EOT/);
      // The 3,000,000 random bytes and the 4-byte /work/small, both replaced by line 10's RUN.
      expect(measurement.wastedBytes).toBe(3_000_004);
      expect(own[1]!.wastedBytes).toBe(3_000_004);
      expect(measurement.size).toBe(Number(inspectImage(built.imageId, '{{.Size}}')));
    },
  );

  itWhen(!heredocs, `Docker ${HEREDOC_MIN_MAJOR}+ builds heredocs`)(
    "fails the build at the heredoc RUN, since the engine's Dockerfile frontend cannot parse it",
    async () => {
      await expect(
        docker.build({ context, dockerfile: path.join(context, 'Dockerfile'), tag: TAG }),
      ).rejects.toMatchObject({ kind: 'build' });
    },
  );
});
