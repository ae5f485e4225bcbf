/**
 * The only reader of the action's inputs: every input in the table read once, then validated by
 * `parseSettings`.
 */
import * as core from '@actions/core';
import { INPUTS, type RawInputs } from './inputs.js';
import { parseSettings, type Settings } from './settings.js';

/** The workspace the runner checked the repository out into. */
export function workspaceDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.GITHUB_WORKSPACE || process.cwd();
}

/** Reads and validates every input; throws a usage DietError naming the bad input and value. */
export function readInputs(env: NodeJS.ProcessEnv = process.env): Settings {
  const raw: RawInputs = {};
  for (const { name } of INPUTS) raw[name] = core.getInput(name);
  return parseSettings(raw, workspaceDir(env), 'input', env);
}
