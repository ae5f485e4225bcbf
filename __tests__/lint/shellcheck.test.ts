/**
 * ShellCheck over RUN scripts, with the real `shellcheck` binary (scripts/test.sh installs Debian's
 * package): line mapping, shells, variables from ARG/ENV, suppression and config.
 */
import { describe, expect, it } from '@jest/globals';
import { emptyConfigFile, type ConfigFile } from '../../src/config/config-file.js';
import type { Logger } from '../../src/logger.js';
import { parseSettings } from '../../src/config/settings.js';
import { lintDockerfile } from '../../src/lint/engine.js';
import { findShellCheck, shellCheckDockerfile } from '../../src/lint/shellcheck.js';
import { runLint } from '../../src/lint/step.js';
import { workspace } from './cli-harness.js';

const binary = await findShellCheck();
if (!binary) {
  throw new Error(
    'these tests run the real ShellCheck, and no `shellcheck` is on PATH: install it (apt-get install shellcheck; scripts/test.sh does)',
  );
}
const SHELLCHECK: string = binary;

const check = async (text: string, config: Partial<ConfigFile> = {}): Promise<string[]> =>
  (await shellCheckDockerfile(SHELLCHECK, 'Dockerfile', text, { ...emptyConfigFile(), ...config })).map(
    (f) => `${f.line}:${f.column} ${f.rule} ${f.severity}`,
  );

describe('shellCheckDockerfile', () => {
  it('maps findings to Dockerfile lines and columns through flags, continuations and dropped comment lines', async () => {
    const text = [
      'FROM debian:12', // 1
      'RUN --mount=type=cache,target=/var/cache/apt \\', // 2
      '    --mount=type=cache,target=/var/lib/apt \\', // 3
      '    apt-get update && \\', // 4
      '    # Docker drops this line', // 5
      '    echo $undefined_thing', // 6
    ].join('\n');
    expect(await check(text)).toEqual(['6:10 SC2154 warning', '6:10 SC2086 info']);
  });

  it('knows the variables ARG and ENV set (and the proxy variables), as hadolint does', async () => {
    const text =
      'ARG base_dir=/opt\nFROM debian:12\nARG version\nENV app_home=/app\nRUN echo "$version $app_home $base_dir $http_proxy"';
    expect(await check(text)).toEqual([]);
  });

  it("checks in the dialect of the stage's shell and skips shells ShellCheck cannot read", async () => {
    const test = 'RUN if [[ -f /x ]]; then echo y; fi';
    expect(await check(`FROM debian:12\n${test}`)).toEqual(['2:8 SC3010 warning']);
    expect(await check(`FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\n${test}`)).toEqual([]);
    // Read as bash: `[[` is fine, the unquoted `$1` is still reported (so the RUN was read at all).
    expect(
      await check('FROM debian:12\nSHELL ["/usr/bin/env", "bash", "-c"]\nRUN [[ -f /x ]] && echo $1'),
    ).toEqual(['3:25 SC2086 info']);
    expect(await check(`FROM debian:12\nSHELL ["pwsh", "-Command"]\nRUN cd $foo`)).toEqual([]);
    // hadolint's shell pragma names the shell of the RUNs below it.
    expect(await check('FROM debian:12\n# hadolint shell=powershell\nRUN cd $foo')).toEqual([]);
    expect(await check(`FROM debian:12\n# hadolint shell=bash\n${test}`)).toEqual([]);
    expect(await check('FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN cd $foo')).toEqual([]);
    // A later stage built FROM a bash stage inherits its SHELL.
    expect(await check(`FROM debian:12 AS base\nSHELL ["/bin/bash", "-c"]\nFROM base\n${test}`)).toEqual([]);
  });

  it('reads a bare heredoc script, not a python one nor the JSON form', async () => {
    expect(await check('FROM debian:12\nRUN <<EOF\nset -e\ncd /tmp\necho $1\nEOF')).toEqual([
      '5:6 SC2086 info',
    ]);
    expect(await check('FROM python:3.12\nRUN <<EOF\n#!/usr/bin/env python3\nprint("$x")\nEOF')).toEqual([]);
    expect(await check('FROM debian:12\nRUN ["sh", "-c", "echo $x"]')).toEqual([]);
  });

  it('leaves out the codes hadolint leaves out, and files of the image that cannot be followed', async () => {
    expect(await check('FROM debian:12\nRUN . /etc/os-release && echo "$ID"')).toEqual([]);
    expect(await check('FROM alpine:3.20\nSHELL ["/bin/ash", "-c"]\nRUN echo ok')).toEqual([]);
  });

  it('honours # hadolint ignore= and # docker-diet ignore= above the RUN, and the config', async () => {
    const run = 'RUN cd /app; echo $1';
    expect(await check(`FROM debian:12\n${run}`)).toEqual(['2:5 SC2164 warning', '2:19 SC2086 info']);
    expect(await check(`FROM debian:12\n# hadolint ignore=SC2086\n${run}`)).toEqual(['3:5 SC2164 warning']);
    expect(await check(`FROM debian:12\n# docker-diet ignore=SC2164,SC2086\n${run}`)).toEqual([]);
    expect(await check(`FROM debian:12\n# hadolint global ignore=SC2164\n${run}`)).toEqual([
      '3:19 SC2086 info',
    ]);
    expect(await check(`FROM debian:12\n${run}`, { rules: { SC2086: 'off', SC2164: 'error' } })).toEqual([
      '2:5 SC2164 error',
    ]);
    expect(await check(`FROM debian:12\n${run}`, { rules: { shellcheck: 'info' } })).toEqual([
      '2:5 SC2164 info',
      '2:19 SC2086 info',
    ]);
  });

  it('a ShellCheck code in a # docker-diet ignore= comment is no typo to the rules engine', () => {
    const warnings: string[] = [];
    lintDockerfile('Dockerfile', 'FROM debian:12\n# docker-diet ignore=SC2086,shellcheck\nRUN echo $1', {
      onWarning: (w) => void warnings.push(w),
    });
    expect(warnings).toEqual([]);
  });

  it('reports a ShellCheck that fails rather than returning nothing', async () => {
    await expect(
      shellCheckDockerfile('/bin/false', 'Dockerfile', 'FROM a\nRUN x', emptyConfigFile()),
    ).rejects.toThrow(/its output is not JSON|exit code/);
  });
});

/** A logger that keeps lines, prefixed `info:` / `warning:`. */
function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => void lines.push(`info: ${m}`),
    warning: (m) => void lines.push(`warning: ${m}`),
    group: (_title, fn) => fn(),
  };
}

describe('runLint with ShellCheck', () => {
  const root = workspace({
    'a/Dockerfile': 'FROM debian:12\nRUN cd /app; echo $1\n',
    'b/Dockerfile': 'FROM alpine:3.20\nRUN echo $2\n',
  });

  it('adds ShellCheck findings, sorted in with the rules, marked with their source and wiki link', async () => {
    const log = recordingLogger();
    const findings = await runLint(parseSettings({ lint: '**/Dockerfile' }, root), root, log);
    const shell = findings.filter((f) => f.source === 'shellcheck');
    expect(shell.map((f) => `${f.file}:${f.line} ${f.rule}`)).toEqual([
      'a/Dockerfile:2 SC2164',
      'a/Dockerfile:2 SC2086',
      'b/Dockerfile:2 SC2086',
    ]);
    expect(shell[0]?.helpUri).toBe('https://www.shellcheck.net/wiki/SC2164');
    expect(log.lines.some((l) => l.includes('ShellCheck'))).toBe(false);
  });

  it('without the binary, says once that shell checks were skipped, and the rules still run', async () => {
    const log = recordingLogger();
    const findings = await runLint(parseSettings({ lint: '**/Dockerfile' }, root), root, log, {
      env: { PATH: '/nonexistent' },
    });
    expect(findings.filter((f) => f.source === 'shellcheck')).toEqual([]);
    expect(log.lines.filter((l) => l.includes('ShellCheck is not installed'))).toHaveLength(1);
  });

  it('shellcheck: off in the config turns it off without a word', async () => {
    const log = recordingLogger();
    const config = { ...emptyConfigFile(), rules: { shellcheck: 'off' as const } };
    const findings = await runLint(parseSettings({ lint: '**/Dockerfile' }, root), root, log, {
      config,
      env: { PATH: '/nonexistent' },
    });
    expect(findings.filter((f) => f.source === 'shellcheck')).toEqual([]);
    expect(log.lines.filter((l) => l.includes('ShellCheck'))).toEqual([]);
  });
});
