import picomatch from 'picomatch';
import type { DockerfileModel, InstructionInfo } from '../../dockerfile/model.js';
import { programName } from '../../dockerfile/shell.js';
import { runs, shippedStages } from '../../dockerfile/stages.js';
import { cdTarget, changeDirectory, resolvePath, workdirAt } from '../../dockerfile/workdir.js';
import type { Rule } from '../types.js';
import {
  copiedAreas,
  copyArgs,
  isArchiveName,
  isRemoteSource,
  remoteFileName,
} from './support/copy-paths.js';

const UNPACKERS = new Set([
  'tar',
  'bsdtar',
  'unzip',
  'gunzip',
  'gzip',
  'bunzip2',
  'xz',
  'unxz',
  'zstd',
  '7z',
  '7za',
  'rm',
  'mv',
]);

/** `ADD https://…/x.tar.gz` unpacked or deleted by a later RUN: the archive stays in ADD's layer. */
export const addUrl: Rule<'archiveKept'> = {
  meta: {
    id: 'add-url',
    severity: 'warning',
    category: 'size',
    aliases: [],
    description:
      'ADD downloads an archive that a later RUN unpacks or deletes: the archive stays in its own layer.',
    messages: {
      archiveKept:
        'ADD downloads {{name}} into a layer of its own and the RUN at line {{line}} unpacks or deletes it, so the archive still ships in this layer. Fix: download, unpack and delete in one RUN ({{oneRun}}), or fetch and unpack in a build stage and `COPY --from` the result.',
    },
  },
  check({ model, report }) {
    const shipped = runs(model, { shippedOnly: true });
    const stages = shippedStages(model);
    for (const instruction of model.instructions) {
      if (instruction.keyword !== 'ADD' || !stages.has(instruction.stage)) continue;
      const args = copyArgs(instruction);
      if (!args || args.sources.length !== 1 || !args.sources.every(isRemoteSource)) continue;
      const url = args.sources[0] as string;
      if (!/^https?:\/\//i.test(url)) continue;
      const landed = copiedAreas(model, instruction).map((a) => a.path);
      // The archive is named by the URL or, when ADD renames it (`ADD …/x.tgz /tmp/t.tgz`), by the destination.
      const names = [remoteFileName(url), ...landed.map((p) => p.slice(p.lastIndexOf('/') + 1))];
      const name = names.find(isArchiveName);
      if (!name) continue;
      // Without a later RUN that unpacks or deletes it, the archive may be the artifact the image needs.
      const later = shipped.find(
        (r) =>
          r.instruction.range.start.line > instruction.range.end.line &&
          usesFile(model, r.instruction, name, landed),
      );
      if (!later) continue;
      report(instruction, 'archiveKept', { name, line: line(later.instruction), oneRun: oneRun(url, name) });
    }
  },
};

/**
 * True when an unpacking or deleting command of the RUN names the downloaded file: by its path,
 * resolved through the WORKDIR and the RUN's `cd`s (`cd /tmp && tar xzf t.tgz`), by a glob, or by its
 * file name where the directory cannot be known.
 */
function usesFile(model: DockerfileModel, run: InstructionInfo, name: string, landed: string[]): boolean {
  // The WORKDIR is looked up only once a relative word needs it: `undefined` is a real answer (unknown).
  let cwd: string | undefined | null = null;
  const dir = (): string | undefined => (cwd === null ? (cwd = workdirAt(model, run)) : cwd);
  return run.commands.some((c) => {
    const to = cdTarget(c);
    if (to !== undefined) cwd = changeDirectory(dir(), to);
    if (!UNPACKERS.has(programName(c))) return false;
    return c.argv.slice(1).some((word) => {
      if (word.startsWith('-')) return false;
      const path = word.startsWith('/') ? resolvePath(word, '/') : resolvePath(word, dir());
      if (path === undefined) return word === name || word.endsWith(`/${name}`);
      return landed.some(
        (p) => p === path || (/[*?[]/.test(path) && picomatch.isMatch(p, path, { dot: true })),
      );
    });
  });
}

// tar cannot detect compression on a pipe: name the decompressor.
const TAR_FLAGS: [RegExp, string][] = [
  [/\.(xz|txz)$/i, '-xJ'],
  [/\.(bz2|tbz2?)$/i, '-xj'],
  [/\.(zst|tzst)$/i, '--zstd -x'],
  [/\.(gz|tgz)$/i, '-xz'],
];

/** The one-RUN replacement for this archive type. */
function oneRun(url: string, name: string): string {
  if (/\.(zip|7z|rar)$/i.test(name))
    return `\`RUN curl -fsSLo /tmp/${name} ${url} && unzip /tmp/${name} -d /opt && rm /tmp/${name}\``;
  const flag = TAR_FLAGS.find(([pattern]) => pattern.test(name))?.[1] ?? '-x';
  return `\`RUN curl -fsSL ${url} | tar ${flag} -C /opt\``;
}

function line(instruction: InstructionInfo): number {
  return instruction.range.start.line + 1;
}
