import { describe, expect, it } from '@jest/globals';
import { isDockerHub, splitImageReference } from '../../src/dockerfile/image-reference.js';
import { parseDockerfile } from '../../src/dockerfile/model.js';

describe('splitImageReference', () => {
  it.each([
    ['node', { registry: undefined, repository: 'node', tag: undefined, digest: undefined }],
    ['node:22-slim', { registry: undefined, repository: 'node', tag: '22-slim' }],
    ['myorg/app:1.0', { registry: undefined, repository: 'myorg/app', tag: '1.0' }],
    ['ghcr.io/o/app:main', { registry: 'ghcr.io', repository: 'o/app', tag: 'main' }],
    ['localhost:5000/app', { registry: 'localhost:5000', repository: 'app', tag: undefined }],
    ['localhost/app:1', { registry: 'localhost', repository: 'app', tag: '1' }],
    ['node:22@sha256:abc', { repository: 'node', tag: '22', digest: 'sha256:abc' }],
    ['gcr.io/distroless/static@sha256:abc', { registry: 'gcr.io', tag: undefined, digest: 'sha256:abc' }],
  ])('%s', (text, parts) => {
    expect(splitImageReference(text)).toMatchObject(parts);
  });

  it('knows the names Docker Hub goes by', () => {
    expect([undefined, 'docker.io', 'index.docker.io', 'registry-1.docker.io'].map(isDockerHub)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(isDockerHub('ghcr.io')).toBe(false);
  });

  it('reads a FROM line the same way the registry client reads an input', () => {
    const from = parseDockerfile('Dockerfile', 'FROM docker.io/library/Python:3.12@sha256:abc').stages[0]!
      .from;
    expect(from).toMatchObject({ registry: 'docker.io', name: 'python', tag: '3.12', digest: 'sha256:abc' });
  });
});
