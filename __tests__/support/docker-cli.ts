/**
 * The docker CLI as an independent witness in integration tests: numbers docker-diet reports are
 * checked against what `docker image inspect` says, not against docker-diet's own client.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** `docker image inspect --format <format> <ref>`, trimmed. */
export function inspectImage(reference: string, format: string): string {
  return execFileSync('docker', ['image', 'inspect', '--format', format, reference], {
    encoding: 'utf8',
  }).trim();
}

/** One member of a tar archive held in memory, extracted by the tar CLI. */
function tarMember(archive: Buffer, member: string): Buffer {
  return execFileSync('tar', ['-xO', member], { input: archive, maxBuffer: 1 << 30 });
}

/**
 * The image config JSON as `docker save` holds it, found through the archive's `manifest.json`
 * (`Config`): Docker 20.10 names it `<id>.json` at the top, Docker 25+ (both stores) writes an OCI
 * layout with the config under `blobs/sha256/`, and both list it in `manifest.json`.
 */
export function savedImageConfig(reference: string): { path: string; json: unknown } {
  const archive = execFileSync('docker', ['save', reference], { maxBuffer: 1 << 30 });
  const manifest = JSON.parse(tarMember(archive, 'manifest.json').toString('utf8')) as { Config: string }[];
  const configPath = manifest[0]!.Config;
  return { path: configPath, json: JSON.parse(tarMember(archive, configPath).toString('utf8')) };
}

/**
 * Per layer (oldest first), the bytes of regular files its saved blob lists, as GNU tar counts them
 * (`tar -tv`, which reads gzip blobs too; hard links list as 0 bytes): a witness for layer sizes that
 * does not depend on how the engine's store counts them.
 */
export function savedLayerFileBytes(reference: string): number[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-saved-'));
  try {
    execFileSync('sh', ['-c', 'docker save "$1" | tar -x -C "$2"', 'sh', reference, dir]);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
      Layers: string[];
    }[];
    return manifest[0]!.Layers.map((layer) =>
      execFileSync('tar', ['-tvf', path.join(dir, layer)], { encoding: 'utf8', maxBuffer: 1 << 28 })
        .split('\n')
        .filter((line) => line.startsWith('-'))
        .reduce((sum, line) => sum + Number(line.trim().split(/\s+/)[2]), 0),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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
