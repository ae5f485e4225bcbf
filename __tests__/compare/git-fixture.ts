/**
 * Real git repositories with a base and a head commit, made with the git CLI in a temp directory, and
 * a logger that records what the pipeline steps said. Shared by the compare integration tests.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from '@jest/globals';
import type { RawInputs } from '../../src/config/inputs.js';
import { parseSettings } from '../../src/config/settings.js';
import { createDockerClient } from '../../src/docker/client.js';
import type { Logger } from '../../src/logger.js';
import { runPipeline, type PipelineDeps, type PipelineSteps } from '../../src/pipeline.js';
import type { ImageReport, Report } from '../../src/report/model.js';
import { savedImageConfig, savedLayerFileBytes } from '../support/docker-cli.js';
import { testEngine } from '../support/engine.js';

/** Fixed identity, so commits work on machines without a git user configured. */
const IDENTITY = {
  GIT_AUTHOR_NAME: 'docker-diet test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'docker-diet test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

/** Runs git in `cwd` and returns its trimmed stdout. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...IDENTITY },
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

/** A repository in a temp directory on branch `main`. */
export class TestRepo {
  readonly dir: string;

  constructor(prefix = 'docker-diet-compare-', dir?: string) {
    this.dir = dir ?? mkdtempSync(path.join(os.tmpdir(), prefix));
    if (!dir) git(this.dir, 'init', '-q', '-b', 'main');
  }

  /** Writes `files` (null deletes one), commits everything and returns the new commit's SHA. */
  commit(files: Record<string, string | null>, message: string): string {
    for (const [name, content] of Object.entries(files)) {
      const file = path.join(this.dir, name);
      if (content === null) {
        rmSync(file, { force: true });
      } else {
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, content);
      }
    }
    git(this.dir, 'add', '-A');
    git(this.dir, 'commit', '-q', '-m', message);
    return git(this.dir, 'rev-parse', 'HEAD');
  }

  /** Paths of every worktree git knows about (the main checkout first). */
  worktrees(): string[] {
    return git(this.dir, 'worktree', 'list', '--porcelain')
      .split('\n')
      .filter((line) => line.startsWith('worktree '))
      .map((line) => line.slice('worktree '.length));
  }

  /** Administrative entries under .git/worktrees (left behind when a worktree is not pruned). */
  worktreeEntries(): string[] {
    const admin = path.join(git(this.dir, 'rev-parse', '--absolute-git-dir'), 'worktrees');
    return existsSync(admin) ? readdirSync(admin) : [];
  }

  /** True when `sha` is an object in this repository. */
  has(sha: string): boolean {
    try {
      git(this.dir, 'cat-file', '-e', `${sha}^{commit}`);
      return true;
    } catch {
      return false;
    }
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A logger that keeps every line, for assertions on what the user was told. */
export interface RecordingLogger extends Logger {
  infos: string[];
  warnings: string[];
}

/** Creates a logger that records instead of printing. */
export function recordingLogger(): RecordingLogger {
  const infos: string[] = [];
  const warnings: string[] = [];
  return {
    infos,
    warnings,
    info: (message) => void infos.push(message),
    warning: (message) => void warnings.push(message),
    group: (_title, fn) => fn(),
  };
}

/** Layer sizes in bytes as `docker history --human=false` reports them, newest first. */
export function historySizes(reference: string): { size: number; createdBy: string }[] {
  const out = execFileSync(
    'docker',
    ['history', '--human=false', '--no-trunc', '--format', '{{.Size}}\t{{.CreatedBy}}', reference],
    { encoding: 'utf8' },
  );
  return out
    .trim()
    .split('\n')
    .map((line) => {
      const tab = line.indexOf('\t');
      return { size: Number(line.slice(0, tab)), createdBy: line.slice(tab + 1) };
    });
}

/**
 * The file bytes of the newest layer whose command contains `needle`, as the engine counts them where
 * it can: `docker history` on a graphdriver store. The containerd store's history gives disk usage
 * (4 KiB blocks) instead, so there GNU tar's count of the saved layer blob is the witness.
 */
export function layerSizeOf(reference: string, needle: string): number {
  if (testEngine().imageStore === 'graphdriver') return historySizeOf(reference, needle);
  const config = savedImageConfig(reference).json as {
    history: { created_by?: string; empty_layer?: boolean }[];
  };
  const withLayer = config.history.filter((entry) => !entry.empty_layer);
  const index = withLayer.map((entry) => entry.created_by ?? '').findLastIndex((by) => by.includes(needle));
  if (index < 0) throw new Error(`no layer of ${reference} was made by a command containing "${needle}"`);
  return savedLayerFileBytes(reference)[index]!;
}

/** The size `docker history` gives the newest layer whose command contains `needle`. */
export function historySizeOf(reference: string, needle: string): number {
  const entry = historySizes(reference).find((e) => e.createdBy.includes(needle));
  if (!entry) throw new Error(`no history entry of ${reference} contains "${needle}"`);
  return entry.size;
}

/**
 * Ids of images carrying `label` (`key=value`). docker-diet labels head builds with the image name
 * and base builds with the base commit, so a test can remove every image it caused, including those
 * of runs that failed after building.
 */
export function imagesLabelled(label: string): string[] {
  const out = execFileSync('docker', ['images', '--quiet', '--no-trunc', '--filter', `label=${label}`], {
    encoding: 'utf8',
  });
  return out.split('\n').filter(Boolean);
}

/** Ids of the images head builds named `name` made, and of base builds of `baseShas`. */
export function builtBy(name: string, ...baseShas: string[]): string[] {
  return [
    ...imagesLabelled(`org.opencontainers.image.description=built by docker-diet for ${name}`),
    ...baseShas.flatMap((sha) => imagesLabelled(`org.opencontainers.image.revision=${sha}`)),
  ];
}

/**
 * Runs the pipeline's `steps` in `dir` as image `name`, with the real engine and a recording logger;
 * the build must succeed. `deps` adds or replaces pipeline dependencies (base ref, retries).
 */
export async function runPipelineIn(
  dir: string,
  name: string,
  raw: RawInputs,
  steps: PipelineSteps,
  deps: Partial<PipelineDeps> = {},
): Promise<{ image: ImageReport; log: RecordingLogger; report: Report }> {
  const log = recordingLogger();
  const settings = parseSettings({ name, ...raw }, dir, 'input', {});
  const { report, buildError } = await runPipeline(
    settings,
    { docker: () => createDockerClient(), log, workspace: dir, ...deps },
    steps,
  );
  expect(buildError).toBeUndefined();
  return { image: report.images[0]!, log, report };
}
