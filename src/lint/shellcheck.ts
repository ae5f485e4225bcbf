/**
 * ShellCheck over the RUN scripts, as hadolint does: when a `shellcheck` binary is on PATH, one
 * process per Dockerfile reads every RUN's script (one temporary file each, in the dialect of its
 * stage's shell) and reports in `--format=json1`; each comment becomes a finding on the Dockerfile
 * line it is about, with `source: 'shellcheck'` and the code (`SC2086`) as its rule. The config turns
 * all of it (`shellcheck: off`) or a code (`SC2086: off`) off or changes severities; `# hadolint
 * ignore=SC2086` and `# docker-diet ignore=SC2086` above a RUN silence a code there.
 */
import { execFile } from 'node:child_process';
import { constants, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ConfigFile } from '../config/config-file.js';
import { parseDockerfile } from '../dockerfile/model.js';
import type { Finding, Severity } from '../report/model.js';
import { RULES } from './rules/index.js';
import { runScripts, type RunScript } from './shell-scripts.js';
import { isSuppressed, parseSuppressions } from './suppress.js';
import type { RuleMeta } from './types.js';

/**
 * Codes never reported, as in hadolint: SC2187 (ash is checked as dash) and SC1090 (a `source` of a
 * computed path needs a directive a Dockerfile cannot hold); and SC1091 (a sourced file is not
 * there to follow), which is about files of the image, not of the repository.
 */
export const EXCLUDED_CODES = ['SC1090', 'SC1091', 'SC2187'];

/** ShellCheck's levels as docker-diet's severities: `style` is the mildest, so info. */
const SEVERITIES: Record<string, Severity> = {
  error: 'error',
  warning: 'warning',
  info: 'info',
  style: 'info',
};

/** Runs out of patience with a ShellCheck that hangs (a pathological script). */
const TIMEOUT_MS = 60_000;

/** One comment of `shellcheck --format=json1`. */
interface ShellCheckComment {
  file: string;
  line: number;
  endLine: number;
  column: number;
  level: string;
  code: number;
  message: string;
}

/** The path of the `shellcheck` binary on PATH, or undefined. */
export async function findShellCheck(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const names = process.platform === 'win32' ? ['shellcheck.exe'] : ['shellcheck'];
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      try {
        await fs.access(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/** True when the config turns ShellCheck off as a whole. */
export function shellCheckDisabled(config: ConfigFile): boolean {
  return config.rules.shellcheck === 'off';
}

/**
 * ShellCheck's findings for one Dockerfile's text. Throws when ShellCheck cannot run or answers with
 * something that is not its JSON (the caller warns and goes on without them).
 */
export async function shellCheckDockerfile(
  binary: string,
  file: string,
  text: string,
  config: ConfigFile,
): Promise<Finding[]> {
  const model = parseDockerfile(file, text);
  const scripts = runScripts(model);
  if (scripts.length === 0) return [];
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'docker-diet-shellcheck-'));
  try {
    const byFile = new Map<string, RunScript>();
    await Promise.all(
      scripts.map(async (script, i) => {
        const name = path.join(dir, `run-${i}.sh`);
        byFile.set(name, script);
        await fs.writeFile(name, script.text);
      }),
    );
    const comments = await runShellCheck(binary, [...byFile.keys()]);
    const suppressions = parseSuppressions(
      model,
      RULES.map((r) => r.meta),
    );
    const findings: Finding[] = [];
    for (const comment of comments) {
      const script = byFile.get(comment.file);
      const line = script?.origin[comment.line];
      if (!script || line === undefined) continue;
      const code = `SC${comment.code}`;
      const severity = severityOf(code, comment.level, config);
      if (severity === undefined) continue;
      const meta = pseudoMeta(code);
      const range = {
        start: { line, character: Math.max(0, comment.column - 1) },
        end: { line, character: 0 },
      };
      if (isSuppressed(suppressions, model, meta, range)) continue;
      const endLine = script.origin[comment.endLine] ?? line;
      findings.push({
        rule: code,
        aliases: [],
        severity,
        file,
        line: line + 1,
        endLine: Math.max(line, endLine) + 1,
        column: Math.max(1, comment.column),
        message: comment.message,
        source: 'shellcheck',
        helpUri: `https://www.shellcheck.net/wiki/${code}`,
      });
    }
    return findings;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** The severity of a code under the config (code, then `shellcheck`, then ShellCheck's level); undefined: off. */
function severityOf(code: string, level: string, config: ConfigFile): Severity | undefined {
  const setting = config.rules[code] ?? config.rules.shellcheck;
  if (setting === 'off') return undefined;
  return setting ?? SEVERITIES[level] ?? 'warning';
}

/** What suppression comments match a ShellCheck code by: the code itself, or `shellcheck`. */
function pseudoMeta(code: string): RuleMeta {
  return {
    id: 'shellcheck',
    severity: 'warning',
    category: 'correctness',
    aliases: [code],
    description: '',
    messages: {},
  };
}

/** Runs ShellCheck once over `files` and returns its comments. Exit code 1 only means "found something". */
function runShellCheck(binary: string, files: string[]): Promise<ShellCheckComment[]> {
  const args = ['--format=json1', `--exclude=${EXCLUDED_CODES.map((c) => c.slice(2)).join(',')}`, ...files];
  return new Promise((resolve, reject) => {
    execFile(binary, args, { timeout: TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const exit = (error as (Error & { code?: unknown }) | null)?.code;
      if (error && exit !== 1) {
        const why = typeof exit === 'number' ? `exit code ${exit}` : error.message;
        reject(new Error(`${why}${stderr.trim() ? `: ${stderr.trim().split('\n')[0]}` : ''}`));
        return;
      }
      try {
        const parsed = JSON.parse(stdout) as { comments?: ShellCheckComment[] };
        resolve(parsed.comments ?? []);
      } catch {
        reject(new Error(`its output is not JSON: ${stdout.slice(0, 80)}`));
      }
    });
  });
}
