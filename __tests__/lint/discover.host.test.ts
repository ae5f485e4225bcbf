import { rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { discoverDockerfiles } from '../../src/lint/discover.js';
import { makeRepo } from '../git/repo-fixture.js';

describe('discoverDockerfiles in a real git repository', () => {
  it('finds committed and new Dockerfiles, not ignored, vendored or deleted ones', async () => {
    const root = makeRepo(
      [
        'Dockerfile',
        'svc/api/Dockerfile',
        'vendor/x/Dockerfile',
        'node_modules/y/Dockerfile',
        'old/Dockerfile',
      ],
      ['svc/new.Dockerfile', 'dist/Dockerfile.gen'],
      'dist/\n',
    );
    rmSync(path.join(root, 'old'), { recursive: true });
    const found = await discoverDockerfiles({ workspace: root, patterns: [] });
    expect(found.files.map((f) => f.file)).toEqual([
      'Dockerfile',
      'svc/api/Dockerfile',
      'svc/new.Dockerfile',
    ]);
  });
});
