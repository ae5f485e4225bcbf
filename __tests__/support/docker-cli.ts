/**
 * The docker CLI as an independent witness in integration tests: numbers docker-diet reports are
 * checked against what `docker image inspect` says, not against docker-diet's own client.
 */
import { execFileSync } from 'node:child_process';

/** `docker image inspect --format <format> <ref>`, trimmed. */
export function inspectImage(reference: string, format: string): string {
  return execFileSync('docker', ['image', 'inspect', '--format', format, reference], {
    encoding: 'utf8',
  }).trim();
}

/** Removes images, ignoring ones already gone. */
export function removeImages(...references: string[]): void {
  for (const reference of references.filter(Boolean)) {
    try {
      execFileSync('docker', ['image', 'rm', '-f', reference], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  }
}

/** Local base images made by scripts/base-images.sh. */
export const BASE_IMAGES = {
  busybox: 'docker-diet-base/busybox:1',
  debian: 'docker-diet-base/debian:12',
} as const;
