/**
 * BuildKit's build checks, as newer engines send them in the build's status stream: each warning's
 * short text is `CheckName: what is wrong (line N)`, with a longer description and a docs link. Older
 * BuildKit (Docker 20.10) sends none.
 */
import type { TraceWarning } from './buildkit-trace.js';

/** One build-check warning, taken apart. */
export interface BuildCheckWarning {
  /** The check's name, e.g. `FromAsCasing`. */
  check: string;
  /** What is wrong, without the check name and the line suffix. */
  message: string;
  /** 1-based Dockerfile line, when BuildKit names one. */
  line?: number;
  /** BuildKit's page for the check. */
  url?: string;
}

/** `FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 1)`. */
const CHECK = /^([A-Z][A-Za-z0-9]+): ([\s\S]*?)(?: \(line (\d+)\))?$/;

/** Parses a warning; undefined for warnings that are not named checks (kept out of findings). */
export function parseBuildCheckWarning(warning: TraceWarning): BuildCheckWarning | undefined {
  const match = CHECK.exec(warning.short.trim());
  if (!match?.[1] || !match[2]) return undefined;
  return {
    check: match[1],
    message: match[2],
    ...(match[3] ? { line: Number(match[3]) } : {}),
    ...(warning.url ? { url: warning.url } : {}),
  };
}
