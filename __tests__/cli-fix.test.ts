/**
 * `docker-diet fix` end to end on real files in a temp workspace: fixes written in place, the per-file
 * summary, `--diff` as a check, `--rule`, the config file and suppressions, idempotence and line ends.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { runCli, workspace } from './lint/cli-harness.js';

const APT =
  'FROM debian:12\r\n# tools\r\nRUN apt update \\\r\n && apt install -y \\\r\n      curl # the client\r\nCMD ["curl"]\r\n';
const APT_FIXED =
  'FROM debian:12\r\n# tools\r\nRUN apt-get update \\\r\n && apt-get install --no-install-recommends -y \\\r\n      curl && rm -rf /var/lib/apt/lists/* # the client\r\nCMD ["curl"]\r\n';
const PIP = 'FROM python:3.12-slim\nADD app.py /app/\nRUN pip install flask\n';
const CLEAN = 'FROM alpine:3.20\nCOPY app /app\nCMD ["/app"]\n';

const read = (root: string, file: string): string => readFileSync(path.join(root, file), 'utf8');

describe('docker-diet fix', () => {
  it('fixes in place, keeps CRLF, comments and continuations, and says what it changed', async () => {
    const root = workspace({ Dockerfile: APT, 'svc/Dockerfile': PIP, 'ok/Dockerfile': CLEAN });
    const run = await runCli(['fix'], root);
    expect(run.code).toBe(0);
    expect(read(root, 'Dockerfile')).toBe(APT_FIXED);
    expect(read(root, 'svc/Dockerfile')).toBe(
      'FROM python:3.12-slim\nCOPY app.py /app/\nRUN pip install --no-cache-dir flask\n',
    );
    expect(read(root, 'ok/Dockerfile')).toBe(CLEAN);
    expect(run.stdout).toBe(
      'Dockerfile: 3 fixes (apt-lists-not-removed, apt-no-install-recommends, prefer-apt-get)\n' +
        'svc/Dockerfile: 2 fixes (pip-no-cache-dir, prefer-copy)\n',
    );
    expect(run.stderr).toContain('Fixed 5 problems in 2 files (of 3 Dockerfiles)');

    // Idempotent: a second run has nothing left to do.
    const again = await runCli(['fix'], root);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('');
    expect(again.stderr).toContain('Nothing to fix in 3 Dockerfiles');
  });

  it('--diff prints a unified diff, changes nothing and exits 1; 0 once fixed', async () => {
    const root = workspace({ Dockerfile: PIP });
    const run = await runCli(['fix', '--diff'], root);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      [
        '--- a/Dockerfile',
        '+++ b/Dockerfile',
        '@@ -1,3 +1,3 @@',
        ' FROM python:3.12-slim',
        '-ADD app.py /app/',
        '-RUN pip install flask',
        '+COPY app.py /app/',
        '+RUN pip install --no-cache-dir flask',
        '',
      ].join('\n'),
    );
    expect(read(root, 'Dockerfile')).toBe(PIP);
    await runCli(['fix'], root);
    expect((await runCli(['fix', '--diff'], root)).code).toBe(0);
  });

  it('--rule limits the fixes; an unknown or unfixable rule is a usage error', async () => {
    const root = workspace({ Dockerfile: PIP });
    const run = await runCli(['fix', '--rule', 'prefer-copy', 'Dockerfile'], root);
    expect(run.code).toBe(0);
    expect(read(root, 'Dockerfile')).toBe(
      'FROM python:3.12-slim\nCOPY app.py /app/\nRUN pip install flask\n',
    );
    expect((await runCli(['fix', '--rule', 'no-such-rule'], root)).code).toBe(2);
    const unfixable = await runCli(['fix', '--rule', 'latest-tag'], root);
    expect(unfixable.code).toBe(2);
    expect(unfixable.stderr).toContain('has no automatic fix');
  });

  it('respects rules turned off in the config and `# docker-diet ignore` suppressions', async () => {
    const root = workspace({
      Dockerfile:
        'FROM python:3.12-slim\n# docker-diet ignore=prefer-copy\nADD app.py /app/\nRUN pip install flask\n',
      '.docker-diet.yml': 'rules:\n  pip-no-cache-dir: off\n',
    });
    const run = await runCli(['fix', '--diff'], root);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    writeFileSync(path.join(root, '.docker-diet.yml'), 'rules: {}\n');
    await runCli(['fix'], root);
    expect(read(root, 'Dockerfile')).toBe(
      'FROM python:3.12-slim\n# docker-diet ignore=prefer-copy\nADD app.py /app/\nRUN pip install --no-cache-dir flask\n',
    );
  });

  it('applies a second fix at the same spot in a later pass', async () => {
    const root = workspace({ Dockerfile: 'FROM node:22\nRUN apt-get update && npm ci\n' });
    await runCli(['fix', '--rule', 'apt-lists-not-removed', '--rule', 'npm-cache-not-cleaned'], root);
    expect(read(root, 'Dockerfile')).toBe(
      'FROM node:22\nRUN apt-get update && npm ci && rm -rf /var/lib/apt/lists/* && npm cache clean --force\n',
    );
  });
});
