/**
 * Real git repositories for tests: made with the git CLI in a temp directory, so the adapter under
 * test meets the same git a runner has.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A real repository: `committed` files committed, `untracked` only written, `.gitignore` applied. */
export function makeRepo(committed: string[], untracked: string[] = [], gitignore = ''): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-git-'));
  const write = (file: string): void => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), `FROM scratch\n# ${file}\n`);
  };
  const git = (...args: string[]): void => {
    execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], {
      cwd: root,
      stdio: 'ignore',
    });
  };
  git('init', '-q', '.');
  if (gitignore) writeFileSync(path.join(root, '.gitignore'), gitignore);
  committed.forEach(write);
  git('add', '-A');
  git('commit', '-q', '--allow-empty', '-m', 'fixture');
  untracked.forEach(write);
  return root;
}
