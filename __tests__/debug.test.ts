/**
 * What `--debug` (CLI) and step debug logging (action) add to an error: the stack, and only then.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { errorDetails } from '../src/errors.js';
import { run } from '../src/main.js';
import { runCli, workspace } from './lint/cli-harness.js';

const STACK_LINE = /^\s+at /m;

describe('errorDetails', () => {
  it('gives the stack and each cause', () => {
    const details = errorDetails(new Error('outer', { cause: new TypeError('inner') }));
    expect(details).toMatch(/^Error: outer\n\s+at /);
    expect(details).toContain('Caused by:\nTypeError: inner');
  });
});

describe('docker-diet --debug', () => {
  // The harness's engine client throws a plain Error: a bug, as far as the CLI can tell.
  it('without it, a bug is one line and a note, no stack', async () => {
    const result = await runCli(['measure', '--image', 'x'], workspace({}));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('docker-diet: this command must not talk to Docker\n');
    expect(result.stderr).toContain(
      'docker-diet: this is a bug; run again with --debug for details and report it.',
    );
    expect(result.stderr).not.toMatch(STACK_LINE);
  });

  it('with it, the stack follows, before or after the subcommand', async () => {
    for (const argv of [
      ['--debug', 'measure', '--image', 'x'],
      ['measure', '--image', 'x', '--debug'],
    ]) {
      const result = await runCli(argv, workspace({}));
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('Error: this command must not talk to Docker\n');
      expect(result.stderr).toMatch(STACK_LINE);
    }
  });

  it('shows the stack of a usage error too, which is otherwise one line', async () => {
    const root = workspace({});
    const plain = await runCli(['lint', '--config', 'nope.yml'], root);
    expect(plain.stderr).not.toMatch(STACK_LINE);
    expect(plain.stderr).not.toContain('bug');
    const debug = await runCli(['lint', '--config', 'nope.yml', '--debug'], root);
    expect(debug.stderr).toContain('DietError: config: "nope.yml" does not exist');
    expect(debug.stderr).toMatch(STACK_LINE);
  });
});

describe('the action under step debug logging', () => {
  let stdout: string;
  const saved = { ...process.env };

  beforeEach(() => {
    stdout = '';
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout += String(chunk);
      return true;
    });
  });

  afterEach(() => {
    jest.restoreAllMocks();
    process.env = { ...saved };
    process.exitCode = undefined;
  });

  it('fails with the message and a bug note; the stack goes only to a debug line', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-debug-'));
    // core.getInput reads the process environment, as the runner sets it.
    process.env.INPUT_IMAGE = 'some/image:1';
    process.env.INPUT_COMPARE = 'none';
    process.env.INPUT_CONFIG = '.docker-diet.yml';
    await run({ GITHUB_WORKSPACE: dir }, () => {
      throw new TypeError('engine client exploded');
    });
    expect(process.exitCode).toBe(2);
    const lines = stdout.split('\n');
    const errors = lines.filter((line) => line.startsWith('::error::'));
    expect(errors).toEqual([
      '::error::engine client exploded%0Athis is a bug; re-run with debug logging (ACTIONS_STEP_DEBUG) for details and report it.',
    ]);
    const debug = lines.filter((line) => line.startsWith('::debug::'));
    expect(debug.join('\n')).toMatch(/::debug::TypeError: engine client exploded%0A\s+at /);
    expect(stdout).not.toMatch(STACK_LINE);
  });
});
