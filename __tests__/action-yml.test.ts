import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { actionYmlProblems, type ActionMetadata } from '../src/config/action-yml.js';
import { INPUTS } from '../src/config/inputs.js';
import { VERSION } from '../src/version.js';

const text = readFileSync('action.yml', 'utf8');
const action = parse(text) as ActionMetadata & { runs: { using: string; main: string } };
/** A fresh copy of action.yml to break. */
const copy = (): ActionMetadata => parse(text) as ActionMetadata;

describe('action.yml', () => {
  it('agrees with the inputs table and the outputs list', () => {
    expect(actionYmlProblems(action)).toEqual([]);
  });

  it('runs the bundle on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });

  it('describes every input and output', () => {
    for (const spec of [...Object.values(action.inputs ?? {}), ...Object.values(action.outputs ?? {})]) {
      expect(String(spec?.description).length).toBeGreaterThan(10);
    }
  });

  it('has the defaults the code applies', () => {
    expect(action.inputs?.['fail-on']?.default).toBe('error');
    expect(action.inputs?.compare?.default).toBe('auto');
    expect(action.inputs?.['budget-override-label']?.default).toBe('docker-diet:allow-growth');
    expect(action.inputs?.config?.default).toBe('.docker-diet.yml');
  });

  it('matches the README tables', () => {
    expect(() => execFileSync('node', ['scripts/check-readme.mjs'], { stdio: 'pipe' })).not.toThrow();
  });
});

describe('the action.yml check', () => {
  it('finds an input missing on either side, and inputs out of order', () => {
    const missing = copy();
    delete missing.inputs?.['max-wasted'];
    expect(actionYmlProblems(missing)).toEqual([
      'input max-wasted: in the inputs table (src/config/inputs.ts) but not in action.yml',
    ]);

    const extra = copy();
    extra.inputs = { ...extra.inputs, 'max-waste': { description: 'Typo.', default: '' } };
    expect(actionYmlProblems(extra)).toEqual([
      'input max-waste: in action.yml but not in the inputs table (src/config/inputs.ts)',
    ]);

    const reordered = copy();
    const { context, ...rest } = reordered.inputs ?? {};
    reordered.inputs = { ...rest, context: context ?? null };
    expect(actionYmlProblems(reordered)).toEqual([
      expect.stringMatching(/^inputs: action\.yml lists them as/),
    ]);
  });

  it('finds a changed default, description or allowed value, and a required input', () => {
    const changed = copy();
    const inputs = changed.inputs ?? {};
    inputs['fail-on'] = {
      description: 'Lowest lint finding severity that fails the job, `error`, `warning` or `info`.',
      default: 'warning',
    };
    inputs.comment = { ...inputs.comment, required: true };
    inputs['github-token'] = { ...inputs['github-token'], default: '' };
    expect(actionYmlProblems(changed)).toEqual([
      expect.stringMatching(/^input fail-on: action\.yml's description differs from the table's/),
      'input fail-on: action.yml\'s default "warning" differs from the table\'s "error"',
      'input fail-on: the description does not list the allowed value `none`',
      'input comment: every input is optional; action.yml says required: true',
      'input github-token: action.yml\'s default "" differs from the table\'s "${{ github.token }}"',
    ]);
  });

  it('finds an output the code does not set, and one it sets that is not declared', () => {
    const changed = copy();
    const { findings, ...outputs } = changed.outputs ?? {};
    changed.outputs = { ...outputs, finding: findings ?? null };
    expect(actionYmlProblems(changed)).toEqual([
      'output findings: in src/constants.ts but not in action.yml',
      'output finding: in action.yml but not in src/constants.ts',
    ]);
  });

  it('lists every input of the table once', () => {
    const names = INPUTS.map((spec) => spec.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('version', () => {
  it('equals package.json', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
  });
});
