/**
 * Brings an image history entry (`created_by`) and a Dockerfile instruction to one comparable shape, so
 * the history mapping can align them. The builders each write history their own way (formats measured on
 * Docker Engine 20.10, see __tests__/fixtures/history):
 * - BuildKit: `RUN /bin/sh -c apt-get … # buildkit`, `RUN |2 A=1 B=2 /bin/sh -c …`, `COPY /src /dst # buildkit`
 *   (`--from`/`--chown` dropped), `WORKDIR /app`, `ENV A=b C=d e` (quotes dropped, variables expanded),
 *   `EXPOSE map[80/tcp:{}]`, `CMD ["a" "b"]`.
 * - The legacy builder: `/bin/sh -c #(nop)  ENV A=b`, `/bin/sh -c #(nop) COPY file:<hash> in /app `, and for
 *   RUN just the command: `/bin/sh -c apt-get …` or `|1 X=1 /bin/sh -c …`.
 */
import { INSTRUCTION_KEYWORDS } from '../dockerfile/instruction.js';
import type { DockerfileModel, InstructionInfo, Stage } from '../dockerfile/model.js';
import { expandVariables, variableScopes } from '../dockerfile/variables.js';

/** A history entry or an instruction reduced to what both sides share. */
export interface Step {
  /** Upper-case keyword: `RUN`, `COPY`, … */
  keyword: string;
  /** Argument text: flags, shell prefix and build-arg prefix dropped, whitespace collapsed. */
  text: string;
  /** Variable names set, for ENV / ARG / LABEL. */
  keys: string[];
  /** Destination path, for COPY / ADD. */
  destination?: string;
}

/** `/bin/sh -c `, `/bin/bash -o pipefail -c `, `sh -c `, `cmd /S /C `: the shell a RUN went through. */
const SHELL_PREFIX =
  /^(?:(?:\S*\/)?(?:ba|da|z|k|a)?sh(?:\s+-o\s+\S+|\s+-[a-bd-z]+)*\s+-[a-z]*c\s+|cmd(?:\.exe)?\s+\/S\s+\/C\s+|(?:powershell|pwsh)(?:\.exe)?\s+(?:-\S+\s+)*?-Command\s+)/i;

/** The legacy builder's marker for instructions that ran no command: `/bin/sh -c #(nop) `. */
const NOP_PREFIX = /^(?:[^\s#]+\s+){1,3}#\(nop\)\s*/;

const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** Reads a `created_by` string; null when it says nothing usable (an imported layer has none). */
export function stepFromHistory(createdBy: string): Step | null {
  let text = createdBy.trim().replace(/\s+#\s*buildkit$/, '');
  if (!text) return null;
  let keyword: string;
  const nop = NOP_PREFIX.exec(text);
  const first = /^(\S+)\s*/.exec(text);
  if (nop) {
    text = text.slice(nop[0].length);
    const word = /^(\S+)\s*/.exec(text);
    keyword = (word?.[1] ?? '').toUpperCase();
    text = text.slice(word?.[0].length ?? 0);
  } else if (first?.[1] && first[1] !== 'FROM' && INSTRUCTION_KEYWORDS.has(first[1])) {
    keyword = first[1];
    text = text.slice(first[0].length);
  } else {
    // The legacy builder writes a RUN as the bare command.
    keyword = 'RUN';
  }
  if (!keyword) return null;
  switch (keyword) {
    case 'RUN':
      return { keyword, text: runText(stripBuildArgs(text)), keys: [] };
    case 'COPY':
    case 'ADD':
      return copyStep(keyword, text);
    case 'ENV':
    case 'ARG':
    case 'LABEL':
      return { keyword, text: collapse(text), keys: assignedKeys(text) };
    case 'EXPOSE':
      return { keyword, text: exposedPorts(text), keys: [] };
    default:
      return { keyword, text: collapse(text), keys: [] };
  }
}

/**
 * Reads a Dockerfile instruction. `expand` substitutes the variables the builder would have expanded
 * (ARG defaults, build args, ENV), because BuildKit records ENV/WORKDIR/COPY/LABEL after expansion.
 */
export function stepFromInstruction(info: InstructionInfo, expand: (text: string) => string): Step {
  const keyword = info.keyword;
  const content = collapse(info.node.getArgumentsContent() ?? info.args);
  switch (keyword) {
    case 'RUN': {
      // RUN text is recorded as written: the shell, not the builder, expands its variables.
      const command = info.json ? info.json.join(' ') : heredocScript(info.node.getArgumentsContent() ?? '');
      return { keyword, text: runText(command ?? content), keys: [] };
    }
    case 'COPY':
    case 'ADD': {
      const firstLine = (info.node.getArgumentsContent() ?? info.args).split(/\r?\n/)[0] ?? '';
      const words = info.json ?? collapse(expand(firstLine)).split(' ');
      return copyStep(keyword, words.join(' '), words[words.length - 1]);
    }
    case 'ENV':
    case 'ARG':
    case 'LABEL': {
      const unquoted = expand(content).replace(/"((?:[^"\\]|\\.)*)"|'([^']*)'/g, (_m, d, s) => d ?? s ?? '');
      return { keyword, text: collapse(unquoted), keys: assignedKeys(unquoted) };
    }
    case 'EXPOSE':
      return { keyword, text: exposedPorts(expand(content)), keys: [] };
    default:
      return { keyword, text: collapse(expand(content)), keys: [] };
  }
}

/**
 * How alike two steps of the same keyword are, from 0 (nothing shared) to 1 (same). Steps with different
 * keywords are never alike (-1).
 */
export function similarity(a: Step, b: Step): number {
  if (a.keyword !== b.keyword) return -1;
  if (a.text === b.text) return 1;
  switch (a.keyword) {
    case 'COPY':
    case 'ADD': {
      // The legacy builder records sources as content hashes: the destination is what both sides keep.
      const same = a.destination !== undefined && trimSlash(a.destination) === trimSlash(b.destination ?? '');
      return (same ? 0.7 : 0) + 0.3 * dice(tokens(a.text), tokens(b.text));
    }
    case 'ENV':
    case 'ARG':
    case 'LABEL':
      return 0.7 * dice(a.keys, b.keys) + 0.3 * dice(tokens(a.text), tokens(b.text));
    default:
      return dice(tokens(a.text), tokens(b.text));
  }
}

/** Drops `|N A=1 B=2 ` (build args a RUN saw) from the front of a RUN. */
function stripBuildArgs(text: string): string {
  const count = /^\|(\d+)\s+/.exec(text);
  if (!count) return text;
  let rest = text.slice(count[0].length);
  // Values are not quoted and may hold spaces: when a shell follows, cut right before it.
  const shell = /(?:^|\s)((?:\/usr)?\/bin\/(?:ba|da)?sh\s+(?:-o\s+\S+\s+|-[a-bd-z]+\s+)*-[a-z]*c\s)/.exec(
    rest,
  );
  if (shell) return rest.slice(shell.index + shell[0].length - shell[1]!.length);
  for (let i = 0; i < Number(count[1]); i += 1) {
    const assignment = /^[A-Za-z_][A-Za-z0-9_]*=\S*\s*/.exec(rest);
    if (!assignment) break;
    rest = rest.slice(assignment[0].length);
  }
  return rest;
}

/**
 * `RUN <<EOF` whose heredoc is the whole command: BuildKit records just the script run by the shell
 * (`RUN /bin/sh -c <body> # buildkit`, per dockerfile2llb's dispatchRun). Undefined for anything else.
 */
function heredocScript(args: string): string | undefined {
  const match = /^\s*<<(-?)(["']?)([A-Za-z_]\w*)\2[ \t]*\r?\n([\s\S]*?)\r?\n[ \t]*\3\s*$/.exec(args);
  if (!match) return undefined;
  return match[1] ? match[4]!.replace(/^\t+/gm, '') : match[4];
}

function runText(command: string): string {
  return collapse(collapse(command).replace(SHELL_PREFIX, ''));
}

function copyStep(keyword: string, text: string, destination?: string): Step {
  // Flags (BuildKit may keep `--chown=…`; the legacy builder glues it to the source: `--chown=1:1file:…`).
  const args = collapse(text.replace(/(^|\s)--[a-z-]+(=\S*?(?=(?:file|dir|multi):)|=\S*|(?=\s|$))/g, '$1'));
  const legacy = /(?:^|\s)in\s+(\S+)$/.exec(args);
  const words = args.split(' ');
  return {
    keyword,
    text: args,
    keys: [],
    destination: destination ?? legacy?.[1] ?? words[words.length - 1],
  };
}

/** `A=1 B="x y"` → [A, B]; the legacy `ENV A value` form → [A]. */
function assignedKeys(text: string): string[] {
  const keys = [...text.matchAll(/(?:^|\s)([^\s=]+)=/g)].map((m) => m[1]!);
  if (keys.length > 0) return keys;
  const first = /^\s*(\S+)/.exec(text)?.[1];
  return first ? [first] : [];
}

/** `map[80/tcp:{} 443/udp:{}]` and `80 443/udp` both become `443/udp 80/tcp`. */
function exposedPorts(text: string): string {
  const ports = [...text.matchAll(/(\d+(?:-\d+)?)(?:\/(tcp|udp|sctp))?/gi)].map(
    (m) => `${m[1]}/${(m[2] ?? 'tcp').toLowerCase()}`,
  );
  return [...new Set(ports)].sort().join(' ');
}

function tokens(text: string): string[] {
  return text.split(/[\s[\]",{}]+/).filter(Boolean);
}

/** Sørensen–Dice coefficient of two token sets. */
function dice(a: string[], b: string[]): number {
  if (a.length === 0 && b.length === 0) return 1;
  const left = new Set(a);
  const right = new Set(b);
  let shared = 0;
  for (const token of left) if (right.has(token)) shared += 1;
  return (2 * shared) / (left.size + right.size);
}

function trimSlash(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

/**
 * For each instruction of the stage chain (oldest first), a function that expands `$VAR`/`${VAR}` as the
 * builder would at that point (the model's variable scope, with the build args given). Variables it
 * cannot know (the base image's ENV) stay as written.
 */
export function instructionExpanders(
  model: DockerfileModel,
  chain: Stage[],
  buildArgs: Record<string, string>,
): ((text: string) => string)[] {
  return variableScopes(model, chain, { buildArgs }).map(
    (vars) =>
      (text: string): string =>
        expandVariables(text, (name) => vars.get(name)),
  );
}
