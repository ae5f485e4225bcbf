// The action's `discover: true` mode: the matrix output from the inputs, the config file's
// ignore-paths honoured, and a warning instead of a matrix GitHub would reject.
import { describe, expect, it } from '@jest/globals';
import { parseSettings } from '../../src/config/settings.js';
import { runDiscover, type DiscoverCore } from '../../src/discover/action.js';
import type { Matrix } from '../../src/discover/images.js';
import { workspace } from '../lint/cli-harness.js';

function recorder(): DiscoverCore & { outputs: Record<string, string>; warnings: string[]; infos: string[] } {
  const outputs: Record<string, string> = {};
  const warnings: string[] = [];
  const infos: string[] = [];
  return {
    outputs,
    warnings,
    infos,
    setOutput: (name, value) => (outputs[name] = value),
    info: (message) => infos.push(message),
    warning: (message) => warnings.push(message),
  };
}

describe('runDiscover', () => {
  it('sets matrix to {"include": [...]} of the images, less ignore-paths', async () => {
    const root = workspace({
      'api/Dockerfile': 'FROM alpine:3.20\n',
      'jobs/Dockerfile.cron': 'FROM alpine:3.20\n',
      'attic/Dockerfile': 'FROM alpine:3.20\n',
      '.docker-diet.yml': 'ignore-paths: [attic/**]\n',
    });
    const core = recorder();
    const settings = parseSettings({ discover: 'true' }, root);
    expect(settings.discover).toBe(true);
    await runDiscover(settings, root, core);
    const matrix = JSON.parse(core.outputs.matrix!) as Matrix;
    expect(matrix).toEqual({
      include: [
        { name: 'api', dockerfile: 'api/Dockerfile', context: 'api', target: '', buildArgs: '' },
        { name: 'jobs-cron', dockerfile: 'jobs/Dockerfile.cron', context: 'jobs', target: '', buildArgs: '' },
      ],
    });
    expect(core.infos.join('\n')).toContain('Found 2 images');
    expect(core.warnings).toEqual([]);
  });

  it("lists the config file's images: entries with their context, target and build args", async () => {
    const root = workspace({
      'services/api/Dockerfile': 'FROM alpine:3.20\n',
      'services/web/Dockerfile': 'FROM alpine:3.20\n',
      'ci/docker-diet.yml': [
        'images:',
        '  - name: api',
        '    dockerfile: services/api/Dockerfile',
        '    context: .',
        '    target: runtime',
        '    build-args: { VERSION: 2 }',
        '  - name: api-debug',
        '    dockerfile: services/api/Dockerfile',
        '    target: debug',
      ].join('\n'),
    });
    const core = recorder();
    await runDiscover(parseSettings({ discover: 'true', config: 'ci/docker-diet.yml' }, root), root, core);
    // Paths stay relative to the workspace, wherever the config file is.
    expect(JSON.parse(core.outputs.matrix!)).toEqual({
      include: [
        {
          name: 'api',
          dockerfile: 'services/api/Dockerfile',
          context: '.',
          target: 'runtime',
          buildArgs: 'VERSION=2',
        },
        {
          name: 'api-debug',
          dockerfile: 'services/api/Dockerfile',
          context: 'services/api',
          target: 'debug',
          buildArgs: '',
        },
        {
          name: 'services/web',
          dockerfile: 'services/web/Dockerfile',
          context: 'services/web',
          target: '',
          buildArgs: '',
        },
      ],
    });
  });

  it('fails with a message naming the entry when its Dockerfile does not exist, and sets no matrix', async () => {
    const root = workspace({
      'api/Dockerfile': 'FROM alpine:3.20\n',
      '.docker-diet.yml':
        'images:\n  - { name: api, dockerfile: api/Dockerfile }\n  - { dockerfile: gone/Dockerfile }\n',
    });
    const core = recorder();
    await expect(runDiscover(parseSettings({ discover: 'true' }, root), root, core)).rejects.toThrow(
      '.docker-diet.yml: images[1].dockerfile: gone/Dockerfile does not exist',
    );
    expect(core.outputs.matrix).toBeUndefined();
  });

  it('warns when there is nothing to build, and still sets an empty include', async () => {
    const root = workspace({ 'README.md': '# nothing here\n' });
    const core = recorder();
    await runDiscover(parseSettings({ discover: 'true' }, root), root, core);
    expect(core.outputs.matrix).toBe('{"include":[]}');
    expect(core.warnings.join('\n')).toContain('no Dockerfiles found');
  });

  it('is off by default', () => {
    expect(parseSettings({}, workspace({})).discover).toBe(false);
  });
});
