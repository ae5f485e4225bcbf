import { describe, expect, it } from '@jest/globals';
import { DietError } from '../../src/errors.js';
import { credentialKey, parseImageReference, registryBaseUrl } from '../../src/registry/reference.js';

describe('parseImageReference', () => {
  it.each([
    ['ghcr.io/o/app:main', { registry: 'ghcr.io', repository: 'o/app', reference: 'main' }],
    ['node:22', { registry: 'registry-1.docker.io', repository: 'library/node', reference: '22' }],
    ['node', { registry: 'registry-1.docker.io', repository: 'library/node', reference: 'latest' }],
    ['myorg/app:1.0', { registry: 'registry-1.docker.io', repository: 'myorg/app', reference: '1.0' }],
    ['localhost:5000/app', { registry: 'localhost:5000', repository: 'app', reference: 'latest' }],
    [
      '127.0.0.1:5000/team/app:pr-1',
      { registry: '127.0.0.1:5000', repository: 'team/app', reference: 'pr-1' },
    ],
    [
      'ghcr.io/o/app@sha256:' + 'a'.repeat(64),
      { registry: 'ghcr.io', repository: 'o/app', reference: 'sha256:' + 'a'.repeat(64) },
    ],
  ])('%s', (text, expected) => {
    expect(parseImageReference(text)).toMatchObject(expected);
  });

  it('rejects what is not a reference, naming the input', () => {
    expect(() => parseImageReference('not an image!')).toThrow(DietError);
    expect(() => parseImageReference('not an image!')).toThrow(
      /^base-image: "not an image!" is not an image reference/,
    );
  });

  it('knows where credentials and plain HTTP apply', () => {
    expect(credentialKey('registry-1.docker.io')).toBe('https://index.docker.io/v1/');
    expect(credentialKey('ghcr.io')).toBe('ghcr.io');
    expect(registryBaseUrl('127.0.0.1:5000')).toBe('http://127.0.0.1:5000');
    expect(registryBaseUrl('localhost:5000')).toBe('http://localhost:5000');
    expect(registryBaseUrl('ghcr.io')).toBe('https://ghcr.io');
  });
});
