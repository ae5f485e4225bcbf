import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { Inputs, Outputs } from '../src/constants.js';
import { VERSION } from '../src/version.js';

const action = parse(readFileSync('action.yml', 'utf8')) as {
  inputs: Record<string, { default?: string; description: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
};

describe('action.yml', () => {
  it('declares exactly the inputs the code reads', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(Object.values(Inputs).sort());
  });

  it('declares exactly the outputs the code sets', () => {
    expect(Object.keys(action.outputs).sort()).toEqual(Object.values(Outputs).sort());
  });

  it('runs the bundle on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });

  it('describes every input and output', () => {
    for (const spec of [...Object.values(action.inputs), ...Object.values(action.outputs)]) {
      expect(spec.description.length).toBeGreaterThan(10);
    }
  });

  it('has defaults matching the code', () => {
    expect(action.inputs['fail-on']?.default).toBe('error');
    expect(action.inputs.compare?.default).toBe('auto');
    expect(action.inputs['budget-override-label']?.default).toBe('docker-diet:allow-growth');
    expect(action.inputs.config?.default).toBe('.docker-diet.yml');
  });

  it('matches the README tables', () => {
    expect(() => execFileSync('node', ['scripts/check-readme.mjs'], { stdio: 'pipe' })).not.toThrow();
  });
});

describe('version', () => {
  it('equals package.json', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
  });
});
