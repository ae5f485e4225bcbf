import { describe, expect, it } from '@jest/globals';
import { createDockerClient } from '../../src/docker/client.js';
import { DietError, describeError } from '../../src/errors.js';

/** A client whose engine is never reached: the refusal comes before anything is sent. */
const client = createDockerClient({ DOCKER_HOST: 'unix:///nonexistent/docker.sock' }, { builder: 'engine' });

describe('the Engine API builder', () => {
  it('refuses secrets, SSH, cache and named contexts with a pointer to the buildx builder', async () => {
    const error = await client
      .build({
        context: '/nonexistent',
        dockerfile: '/nonexistent/Dockerfile',
        secrets: [{ id: 'npm', from: 'env', name: 'NPM_TOKEN' }],
        ssh: ['default'],
        cacheTo: ['type=gha'],
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DietError);
    expect((error as DietError).kind).toBe('usage');
    expect(describeError(error)).toBe(
      "`secrets`, `ssh`, `cache-to` need a buildx builder, and `builder` is `engine` (the Engine API's /build has no BuildKit session).\n" +
        'Set `builder: buildx` (CLI: --builder buildx) with the buildx plugin installed (in a workflow, docker/setup-buildx-action; on Debian, scripts/ensure-buildx.sh), or drop those inputs.',
    );
  });
});
