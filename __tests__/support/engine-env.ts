/**
 * The environment that picks the Docker engine, for tests that start the action or the CLI with a
 * trimmed environment: without it they would reach the default socket instead of the engine the test
 * run was pointed at (scripts/test.sh runs the suites once per engine).
 */

/** Variables the docker CLI (and docker-diet) read to find the engine. */
const ENGINE_VARIABLES = [
  'DOCKER_HOST',
  'DOCKER_CONTEXT',
  'DOCKER_CONFIG',
  'DOCKER_TLS_VERIFY',
  'DOCKER_CERT_PATH',
];

/** The engine-selecting variables set in this test process, to pass on to a child. */
export function engineEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of ENGINE_VARIABLES) {
    const value = env[name];
    if (value !== undefined && value !== '') picked[name] = value;
  }
  return picked;
}
