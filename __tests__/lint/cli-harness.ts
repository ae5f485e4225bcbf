/**
 * Runs the real CLI entry (`main()` from src/cli.ts) inside a temp workspace with in-memory stdout
 * and stderr, the way a user's shell would, but without a subprocess.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { main } from '../../src/cli.js';

/** What one CLI run produced. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A temp directory holding `files` (path → content). */
export function workspace(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-cli-'));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
  return root;
}

/** A writable stream that remembers what was written; `isTTY` pretends to be a terminal. */
function capture(isTTY = false): Writable & { text: () => string; isTTY?: boolean } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(Buffer.from(chunk as Buffer));
      done();
    },
  }) as Writable & { text: () => string; isTTY?: boolean };
  stream.text = () => Buffer.concat(chunks).toString('utf8');
  if (isTTY) stream.isTTY = true;
  return stream;
}

/** Where CLI runs keep their caches unless a test names a folder (shared by the test runs, bounded). */
const TEST_CACHE_HOME = path.join(os.tmpdir(), 'docker-diet-test-cache');

/**
 * Runs `docker-diet <argv>` in `cwd`. Without `engine`, any use of Docker throws: a lint run must not
 * need one. With `engine`, the CLI's own client reaches the engine `env` names (integration tests).
 */
export async function runCli(
  argv: string[],
  cwd: string,
  options: { tty?: boolean; env?: NodeJS.ProcessEnv; engine?: boolean } = {},
): Promise<CliRun> {
  const stdout = capture(options.tty);
  const stderr = capture();
  const code = await main(argv, {
    stdout,
    stderr,
    cwd,
    // The CLI's caches (the layer-analysis cache) go to a test folder, never the user's ~/.cache.
    env: { XDG_CACHE_HOME: TEST_CACHE_HOME, ...options.env },
    docker: options.engine
      ? undefined
      : () => {
          throw new Error('this command must not talk to Docker');
        },
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}
