/**
 * The bundled action with stored baselines, as a runner runs it: a push to main stores the
 * measurement in git notes and pushes them to a bare `origin`; a pull request's run, in a shallow
 * clone of its own, compares with them and builds only its head. A push refused by `origin` is one
 * warning annotation and the job passes.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Report } from '../../src/report/model.js';
import { git, imagesLabelled } from '../compare/git-fixture.js';
import { BASE_IMAGES, inspectImage, removeImages } from '../support/docker-cli.js';
import { commandLines, runAction, type ActionRun } from '../support/runner.js';

jest.setTimeout(180_000);

const NONCE = `${Date.now().toString(36)}${process.pid}`;
const NAME = `stored-e2e-${NONCE}`;
const from = `FROM ${BASE_IMAGES.busybox}`;
const BASE = `${from}\nRUN echo ${NONCE} > /nonce && head -c 300000 /dev/urandom > /seed\n`;
const HEAD = `${BASE}RUN head -c 1000000 /dev/urandom > /more\n`;

describe('dist/index.js with store and stored baselines', () => {
  const dirs: string[] = [];
  const images: string[] = [];
  let origin: string;
  let main: string;
  let base: string;

  const tmp = (prefix: string): string => {
    const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };

  /** Runs the action in `workspace` for an event; remembers the images it measured. */
  function run(
    workspace: string,
    inputs: Record<string, string>,
    event: string,
    payload: object,
    sha: string,
  ): ActionRun {
    const eventPath = path.join(tmp('docker-diet-e2e-event-'), 'event.json');
    writeFileSync(eventPath, JSON.stringify(payload));
    const result = runAction(
      { name: NAME, comment: 'false', 'github-token': '', ...inputs },
      {
        GITHUB_WORKSPACE: workspace,
        GITHUB_EVENT_NAME: event,
        GITHUB_EVENT_PATH: eventPath,
        GITHUB_REPOSITORY: 'acme/shop',
        GITHUB_SHA: sha,
      },
    );
    if (result.outputs['image-id']) images.push(result.outputs['image-id']);
    expect(result.stdout + result.stderr).not.toMatch(/^\s+at /m);
    return result;
  }

  beforeAll(() => {
    origin = tmp('docker-diet-e2e-origin-');
    git(origin, 'init', '-q', '--bare', '-b', 'main');
    git(origin, 'config', 'uploadpack.allowReachableSHA1InWant', 'true');
    main = tmp('docker-diet-e2e-main-');
    rmSync(main, { recursive: true });
    execFileSync('git', ['clone', '-q', origin, main], { stdio: 'ignore' });
    git(main, 'checkout', '-q', '-b', 'main');
    writeFileSync(path.join(main, 'Dockerfile'), BASE);
    git(main, 'add', '-A');
    git(main, 'commit', '-q', '-m', 'base');
    git(main, 'push', '-q', 'origin', 'main');
    base = git(main, 'rev-parse', 'HEAD');
  });

  afterAll(() => {
    removeImages(...images);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('a push to main stores; the pull request compares with it and builds only its head', () => {
    const push = run(main, { store: 'true' }, 'push', { ref: 'refs/heads/main', after: base }, base);
    expect(push.status).toBe(0);
    expect(commandLines(push, 'warning')).toEqual([]);
    const note = JSON.parse(git(origin, 'notes', '--ref', 'docker-diet', 'show', base)) as Record<
      string,
      { size: number }
    >;
    expect(note[NAME]!.size).toBe(Number(inspectImage(push.outputs['image-id']!, '{{.Size}}')));

    const pr = tmp('docker-diet-e2e-pr-');
    rmSync(pr, { recursive: true });
    execFileSync('git', ['clone', '-q', '--depth=1', `file://${origin}`, pr], { stdio: 'ignore' });
    writeFileSync(path.join(pr, 'Dockerfile'), HEAD);
    git(pr, 'add', '-A');
    git(pr, 'commit', '-q', '-m', 'grow');
    const head = git(pr, 'rev-parse', 'HEAD');
    const payload = {
      number: 3,
      pull_request: {
        number: 3,
        labels: [],
        base: { sha: base, ref: 'main', repo: { full_name: 'acme/shop' } },
        head: { sha: head, ref: 'grow', repo: { full_name: 'acme/shop' } },
      },
    };
    const compared = run(pr, {}, 'pull_request', payload, head);
    expect(compared.status).toBe(0);
    const report = JSON.parse(readFileSync(compared.outputs.report!, 'utf8')) as Report;
    expect(report.images[0]!.baseline).toEqual({ source: 'stored', ref: base });
    expect(imagesLabelled(`org.opencontainers.image.revision=${base}`)).toEqual([]);
    const headSize = Number(inspectImage(compared.outputs['image-id']!, '{{.Size}}'));
    const baseSize = Number(inspectImage(push.outputs['image-id']!, '{{.Size}}'));
    expect(compared.outputs['base-size']).toBe(String(baseSize));
    expect(compared.outputs['size-delta']).toBe(String(headSize - baseSize));
    expect(compared.summary).toContain(`Compared with the stored report of <code>${base}</code>.`);
    // The depth-1 clone holds the base commit (its tip), so the size history has its stored size.
    expect(report.images[0]!.history).toEqual([
      expect.objectContaining({ commit: base, size: baseSize, comparable: true }),
    ]);
    const chart = compared.summary.slice(compared.summary.indexOf('<summary>Size history'));
    expect(chart).toMatch(/^<summary>Size history: 1 stored commit and this PR, /);
    expect(/^ {2}x-axis \[(.*)\]$/m.exec(chart)![1]).toBe(`"${base.slice(0, 7)}", "this PR"`);
  });

  it('a push that origin refuses is one warning, and the job passes', () => {
    const hook = path.join(origin, 'hooks', 'pre-receive');
    writeFileSync(hook, '#!/bin/sh\necho "denied: read-only token" >&2\nexit 1\n');
    chmodSync(hook, 0o755);
    try {
      const push = run(main, { store: 'true', compare: 'none' }, 'push', { ref: 'refs/heads/main' }, base);
      expect(push.status).toBe(0);
      const warnings = commandLines(push, 'warning');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('not stored in git notes');
    } finally {
      rmSync(hook);
    }
  });
});
