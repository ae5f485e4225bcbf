import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { redactorFor, secretValues } from '../../src/secrets/run-secrets.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-run-secrets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('build secrets', () => {
  it('hides the values of env, file and inline secrets in everything redacted', () => {
    const file = path.join(dir, '.npmrc');
    writeFileSync(file, 'registry=https://npm.example\n//npm.example/:_authToken=file-token-123\n');
    const redactor = redactorFor(
      {
        buildArgs: {},
        secrets: [
          { id: 'npm', from: 'env', name: 'NPM_TOKEN' },
          { id: 'rc', from: 'file', path: file },
          { id: 'git', from: 'value', value: 'inline-value-789' },
        ],
      },
      { NPM_TOKEN: 'env-token-456' },
    );
    expect(
      redactor.text('a env-token-456 b inline-value-789 c //npm.example/:_authToken=file-token-123'),
    ).toBe('a *** b *** c //npm.example/:_authToken=***');
  });

  it('shows nothing for an unset variable or an unreadable file', () => {
    expect(secretValues({ id: 'x', from: 'env', name: 'UNSET' }, {})).toEqual([]);
    expect(secretValues({ id: 'x', from: 'file', path: path.join(dir, 'missing') }, {})).toEqual([]);
  });
});
