/**
 * What a run must keep to itself: the build-arg values it was given (flags, inputs, or taken from the
 * environment for a bare `KEY`), and the ARG defaults and ENV values of secret-looking names in the
 * Dockerfile it builds. One redactor per run is made from them before anything is logged.
 */
import { readFileSync } from 'node:fs';
import type { BuildSecret } from '../docker/build-options.js';
import { parseDockerfile } from '../dockerfile/model.js';
import { assignments } from '../dockerfile/variables.js';
import { looksSecret, Redactor } from './redactor.js';

/** The settings a run's secrets come from. */
export interface SecretSources {
  /** `--build-arg` / `build-args` values, as given or taken from the environment. */
  buildArgs: Record<string, string>;
  /** The Dockerfile to build, when there is one. */
  dockerfile?: string;
  /** Build secrets (`secrets` / `--secret`): their values, wherever they come from. */
  secrets?: BuildSecret[];
}

/** A redactor that knows this run's build args and the secret-looking values of its Dockerfile. */
export function redactorFor(sources: SecretSources, env: NodeJS.ProcessEnv = process.env): Redactor {
  const redactor = new Redactor();
  for (const [name, value] of Object.entries(sources.buildArgs)) redactor.add(value, name);
  for (const secret of sources.secrets ?? [])
    for (const value of secretValues(secret, env)) redactor.add(value);
  if (sources.dockerfile) learnDockerfile(redactor, sources.dockerfile);
  return redactor;
}

/**
 * What a build secret could show: its value, and for a file its whole text and each of its lines
 * (a `.npmrc` holds the token on one line among others). An unreadable file shows nothing.
 */
export function secretValues(secret: BuildSecret, env: NodeJS.ProcessEnv): string[] {
  let text: string | undefined;
  if (secret.from === 'value') text = secret.value;
  else if (secret.from === 'env') text = env[secret.name];
  else {
    try {
      text = readFileSync(secret.path, 'utf8');
    } catch {
      text = undefined;
    }
  }
  if (!text) return [];
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return [...new Set([text, text.trim(), ...lines])].filter((value) => value !== '');
}

/** Adds the ARG defaults and ENV values of a Dockerfile whose names look secret. Unreadable: nothing. */
export function learnDockerfile(redactor: Redactor, file: string, text?: string): void {
  let source = text;
  if (source === undefined) {
    try {
      source = readFileSync(file, 'utf8');
    } catch {
      return;
    }
  }
  const model = parseDockerfile(file, source);
  for (const instruction of model.instructions) {
    for (const { name, value } of assignments(model, instruction)) {
      if (value === undefined) continue;
      if (looksSecret(name)) redactor.add(value, name);
      else if (instruction.keyword === 'ARG') redactor.know(name, value);
    }
  }
}
