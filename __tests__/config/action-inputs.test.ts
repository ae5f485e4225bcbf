import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { readInputs } from '../../src/config/action-inputs.js';
import { parseSettings } from '../../src/config/settings.js';

const action = parse(readFileSync('action.yml', 'utf8')) as {
  inputs: Record<string, { default?: string }>;
};

describe('readInputs', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it("reads action.yml's defaults, as the runner passes them, as no input at all", () => {
    // The runner sets INPUT_<NAME> for every input with a default; it evaluates expressions itself.
    for (const [name, spec] of Object.entries(action.inputs)) {
      const value = spec.default ?? '';
      if (!value.includes('${{')) process.env[`INPUT_${name.toUpperCase()}`] = value;
    }
    const settings = readInputs({ GITHUB_WORKSPACE: '/srv/repo' });
    expect(settings).toEqual(parseSettings({}, '/srv/repo', 'input', {}));
    expect(settings.configRequired).toBe(false);
  });

  it('reads every input by its name, hyphens kept', () => {
    process.env['INPUT_MAX-COMPRESSED-SIZE'] = '80MB';
    process.env['INPUT_BUDGET-OVERRIDE-LABEL'] = 'big';
    const settings = readInputs({ GITHUB_WORKSPACE: '/srv/repo' });
    expect(settings.budgets.maxCompressedSize).toBe(80_000_000);
    expect(settings.budgetOverrideLabel).toBe('big');
  });
});
