import { describe, expect, it } from '@jest/globals';
import { Command } from 'commander';
import { addInputFlags, rawInputsFromFlags } from '../../src/config/cli-flags.js';
import { flagName, type InputSpec } from '../../src/config/input-spec.js';
import { INPUTS } from '../../src/config/inputs.js';
import { parseSettings } from '../../src/config/settings.js';
import { runCli, workspace } from '../lint/cli-harness.js';

/** A command with every group of input flags, parsing `argv`. */
function parsed(argv: string[]): Record<string, unknown> {
  const command = new Command('x').exitOverride();
  for (const group of ['build', 'lint', 'compare', 'report'] as const) addInputFlags(command, group);
  return command.parse(argv, { from: 'user' }).opts();
}

describe('CLI flags from the inputs table', () => {
  it('gives every input with a flag to `docker-diet run`, with its choices', async () => {
    const help = (await runCli(['run', '--help'], workspace({}))).stdout;
    for (const spec of INPUTS as readonly InputSpec[]) {
      const long = flagName(spec);
      if (!long) continue;
      expect(help).toContain(long);
      for (const word of spec.kind.allowed ?? []) expect(help).toContain(`"${word}"`);
    }
    expect(help).not.toContain('--github-token');
    expect(help).not.toContain('--budget-override-label');
  });

  it('maps flags back to inputs; a repeated flag becomes one value per line', () => {
    const raw = rawInputsFromFlags(
      parsed([
        '--build-arg',
        'A=1',
        '--build-arg',
        'B',
        '--max-increase',
        '5%',
        '--lint',
        'a',
        '--lint',
        'b',
      ]),
    );
    expect(raw).toMatchObject({
      'build-args': 'A=1\nB',
      'max-increase': '5%',
      lint: 'a\nb',
      context: '.',
      config: '.docker-diet.yml',
    });
    expect(raw).not.toHaveProperty('github-token');
  });

  it('settings from flags equal settings from the same inputs', () => {
    const cwd = '/srv/repo';
    const flags = [
      '-c',
      'svc',
      '--fail-on',
      'warning',
      '--compare',
      'none',
      '--sarif',
      'out.sarif',
      '--name',
      'api',
    ];
    const inputs = { context: 'svc', 'fail-on': 'warning', compare: 'none', sarif: 'out.sarif', name: 'api' };
    expect(parseSettings(rawInputsFromFlags(parsed(flags)), cwd, 'flag', {})).toEqual(
      parseSettings(inputs, cwd, 'input', {}),
    );
  });

  it('a switch flag (--store) sets its input to true; absent, the default (false) applies', () => {
    expect(rawInputsFromFlags(parsed(['--store', '--compare', 'stored']))).toMatchObject({
      store: 'true',
      compare: 'stored',
    });
    expect(rawInputsFromFlags(parsed([]))).not.toHaveProperty('store');
    expect(parseSettings(rawInputsFromFlags(parsed(['--store'])), '/srv/repo', 'flag', {}).store).toBe(true);
    expect(parseSettings(rawInputsFromFlags(parsed([])), '/srv/repo', 'flag', {}).store).toBe(false);
  });
});
