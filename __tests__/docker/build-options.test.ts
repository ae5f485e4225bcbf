import { describe, expect, it } from '@jest/globals';
import {
  baseBuildCache,
  cacheFromFor,
  sessionArguments,
  sessionOptionsUsed,
} from '../../src/docker/build-options.js';
import { buildxArguments } from '../../src/docker/buildx-build.js';

describe('cache of a base build', () => {
  it('reads what each --cache-to wrote, with the import attributes only', () => {
    expect(cacheFromFor('type=local,dest=/c,mode=max')).toBe('type=local,src=/c');
    expect(cacheFromFor('type=gha,mode=max,scope=app,ignore-error=true')).toBe('type=gha,scope=app');
    expect(cacheFromFor('type=registry,ref=ghcr.io/o/app:cache,mode=max,image-manifest=true')).toBe(
      'type=registry,ref=ghcr.io/o/app:cache',
    );
    expect(cacheFromFor('ghcr.io/o/app:cache')).toBe('type=registry,ref=ghcr.io/o/app:cache');
    // The inline cache lives in the head image, which the base build does not start from.
    expect(cacheFromFor('type=inline')).toBeUndefined();
  });

  it("reads the head's sources and exports, and exports nothing itself", () => {
    expect(
      baseBuildCache({
        cacheFrom: ['type=gha,scope=app'],
        cacheTo: ['type=gha,scope=app,mode=max', 'type=local,dest=/c'],
      }),
    ).toEqual({ cacheFrom: ['type=gha,scope=app', 'type=local,src=/c'], cacheTo: [] });
  });
});

describe('docker buildx build arguments', () => {
  it('hands inline secret values over in the environment of buildx, never in an argument', () => {
    const { args, env } = sessionArguments({
      secrets: [
        { id: 'npm', from: 'env', name: 'NPM_TOKEN' },
        { id: 'rc', from: 'file', path: '/w/.npmrc' },
        { id: 'git', from: 'value', value: 'ghp_inline' },
      ],
      ssh: ['default'],
      cacheFrom: ['type=gha'],
      cacheTo: ['type=gha,mode=max'],
      buildContexts: { shared: '/w/shared' },
    });
    expect(args).toEqual([
      '--secret',
      'id=npm,env=NPM_TOKEN',
      '--secret',
      'id=rc,src=/w/.npmrc',
      '--secret',
      'id=git,env=DOCKER_DIET_SECRET_2',
      '--ssh',
      'default',
      '--cache-from',
      'type=gha',
      '--cache-to',
      'type=gha,mode=max',
      '--build-context',
      'shared=/w/shared',
    ]);
    expect(env).toEqual({ DOCKER_DIET_SECRET_2: 'ghp_inline' });
    expect(args.join(' ')).not.toContain('ghp_inline');
  });

  it('loads the image, writes metadata and rawjson progress, the context last', () => {
    const { args } = buildxArguments(
      {
        context: '/w/app',
        dockerfile: '/w/app/Dockerfile',
        target: 'runtime',
        buildArgs: { V: '1' },
        labels: { a: 'b' },
        noCache: true,
        tag: 't:1',
      },
      '/tmp/m.json',
      'ci-builder',
    );
    expect(args).toEqual([
      'buildx',
      'build',
      '--builder',
      'ci-builder',
      '--load',
      '--provenance=false',
      '--metadata-file',
      '/tmp/m.json',
      '--progress=rawjson',
      '--file',
      '/w/app/Dockerfile',
      '--target',
      'runtime',
      '--no-cache',
      '--tag',
      't:1',
      '--build-arg',
      'V=1',
      '--label',
      'a=b',
      '/w/app',
    ]);
  });

  it('names the inputs only a BuildKit session serves', () => {
    expect(sessionOptionsUsed({})).toEqual([]);
    expect(
      sessionOptionsUsed({
        secrets: [],
        ssh: ['default'],
        cacheTo: ['type=gha'],
        buildContexts: { a: '/a' },
      }),
    ).toEqual(['ssh', 'cache-to', 'build-contexts']);
  });
});
