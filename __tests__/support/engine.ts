/**
 * Which engine the integration tests run against, asked through the docker CLI (an independent
 * witness), so tests can check what really differs between engines: the image store's size numbers,
 * exact pull sizes, and Dockerfile features the engine's built-in frontend knows.
 */
import { it } from '@jest/globals';
import { execFileSync } from 'node:child_process';

/** The engine under test. */
export interface TestEngine {
  /** Server version, e.g. `20.10.24+dfsg1` or `28.5.2`. */
  version: string;
  major: number;
  /** `containerd` when `docker info` shows the containerd snapshotter (the containerd image store). */
  imageStore: 'graphdriver' | 'containerd';
  /** A short name for test titles, e.g. `Docker 28.5.2 (containerd store)`. */
  label: string;
}

let cached: TestEngine | undefined;

/** The engine DOCKER_HOST points at (asked once per test file). */
export function testEngine(): TestEngine {
  if (cached) return cached;
  const version = execFileSync('docker', ['version', '--format', '{{.Server.Version}}'], {
    encoding: 'utf8',
  }).trim();
  const status = JSON.parse(
    execFileSync('docker', ['info', '--format', '{{json .DriverStatus}}'], { encoding: 'utf8' }),
  ) as [string, string][] | null;
  const containerd = (status ?? []).some(
    ([key, value]) => key === 'driver-type' && value === 'io.containerd.snapshotter.v1',
  );
  const imageStore = containerd ? 'containerd' : 'graphdriver';
  const shortVersion = version.replace(/[+~].*$/, '');
  cached = {
    version,
    major: Number.parseInt(version, 10),
    imageStore,
    label: `Docker ${shortVersion} (${containerd ? 'containerd' : 'graphdriver'} store)`,
  };
  return cached;
}

/**
 * Heredocs (`RUN <<EOT`) need Dockerfile syntax 1.4, which the engine's built-in frontend has from
 * Docker 23 on; 20.10's built-in frontend rejects them unless a `# syntax` line pulls a newer one
 * (which needs a registry).
 */
export const HEREDOC_MIN_MAJOR = 23;

/**
 * `it` when `runs`, else `it.skip` with the reason in the title, so a skipped test says in the report
 * which engine property left it out rather than vanishing.
 */
export function itWhen(
  runs: boolean,
  reason: string,
): (title: string, fn: () => Promise<unknown> | void) => void {
  return (title, fn) =>
    runs ? it(title, fn) : it.skip(`${title} [skipped on ${testEngine().label}: ${reason}]`, fn);
}
