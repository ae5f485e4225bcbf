import picomatch from 'picomatch';
import type { InstructionInfo } from '../../dockerfile/model.js';
import { programName, type ShellCommand } from '../../dockerfile/shell.js';
import { runs, shippedStages } from '../../dockerfile/stages.js';
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
        'ADD downloads {{name}} into a layer of its own (ADD never unpacks remote archives), and the RUN at line {{line}} unpacks or deletes it: the compressed archive stays in this layer for good, next to what was unpacked from it. Fix: download, unpack and delete in one RUN ({{oneRun}}), or fetch and unpack in a build stage and `COPY --from` the result.',
    },
  },
  check({ model, report }) {
    const shipped = runs(model, { shippedOnly: true });
    const stages = shippedStages(model);
    for (const instruction of model.instructions) {
      if (instruction.keyword !== 'ADD' || !stages.has(instruction.stage)) continue;
      const args = copyArgs(instruction);
      const url = args?.sources.find((s) => /^https?:\/\//i.test(s) && isArchiveName(remoteFileName(s)));
      if (!args || !url || !args.sources.every(isRemoteSource)) continue;
      const name = remoteFileName(url);
      // Where the download landed is worked out only once a later RUN unpacks or deletes something.
      let landed: string[] | undefined;
      const landedPaths = (): string[] => (landed ??= copiedAreas(model, instruction).map((a) => a.path));
      // Without a later RUN that unpacks or deletes it, the archive may be the artifact the image needs.
      const later = shipped.find(
        (r) =>
          r.instruction.range.start.line > instruction.range.end.line &&
          usesFile(r.instruction.commands, name, landedPaths),
      );
      if (!later) continue;
      report(instruction, 'archiveKept', { name, line: line(later.instruction), oneRun: oneRun(url, name) });
    }
  },
};

/** True when an unpacking or deleting command names the downloaded file (by name, path or glob). */
function usesFile(commands: ShellCommand[], name: string, landed: () => string[]): boolean {
  return commands.some(
    (c) =>
      UNPACKERS.has(programName(c)) &&
      c.argv
        .slice(1)
        .some(
          (word) =>
            word.endsWith(name) ||
            landed().some(
              (path) => word === path || (/[*?[]/.test(word) && picomatch.isMatch(path, word, { dot: true })),
            ),
        ),
  );
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
