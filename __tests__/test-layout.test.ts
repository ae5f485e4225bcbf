/**
 * CI runs the `host` suites (`*.host.test.ts`: real git, HTTP servers, the local registry) once, and
 * the `itg` suites once per tested engine. A host suite that reached a Docker engine would be tested
 * on one engine only, by whichever happened to answer: none of them may use one.
 */
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TESTS = path.dirname(fileURLToPath(import.meta.url));

/** What a suite uses to reach an engine: the client, the pipeline, the docker CLI helpers, the engine's address. */
const ENGINE_USE = [
  /createDockerClient/,
  /runPipeline/,
  /support\/(docker-cli|engine|engine-env)\.js/,
  /DOCKER_HOST/,
  /engine: true/,
];

function suites(dir: string, suffix: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith(suffix))
    .map((file) => path.join(dir, file));
}

describe('the test layout', () => {
  const host = suites(TESTS, '.host.test.ts');

  it('has host suites, and none of them reaches a Docker engine', () => {
    expect(host.length).toBeGreaterThanOrEqual(10);
    const offenders = host.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return ENGINE_USE.filter((pattern) => pattern.test(text)).map(
        (pattern) => `${path.relative(TESTS, file)}: ${pattern.source}`,
      );
    });
    expect(offenders).toEqual([]);
  });

  it('tells an engine suite by what it uses (the check above can fail)', () => {
    const engineSuites = suites(TESTS, '.itg.test.ts').filter((file) =>
      ENGINE_USE.some((pattern) => pattern.test(readFileSync(file, 'utf8'))),
    );
    expect(engineSuites.map((file) => path.relative(TESTS, file))).toContain('pipeline.itg.test.ts');
  });
});
