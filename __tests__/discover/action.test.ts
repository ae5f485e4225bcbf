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
