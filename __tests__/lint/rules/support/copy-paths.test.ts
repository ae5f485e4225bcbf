import { describe, expect, it } from '@jest/globals';
import { type InstructionInfo, parseDockerfile } from '../../../../src/dockerfile/model.js';
import {
  type CopiedArea,
  copiedAreas,
  copyArgs,
  isArchiveName,
  isRemoteSource,
  isTarLike,
  copySources,
  isWholeContextCopy,
  layersBefore,
  mentionedAreas,
  remoteFileName,
  touchesArea,
} from '../../../../src/lint/rules/support/copy-paths.js';

/** The parsed Dockerfile and its last instruction. */
function last(text: string) {
  const model = parseDockerfile('Dockerfile', text);
  return { model, instruction: model.instructions[model.instructions.length - 1] as InstructionInfo };
}

const area = (path: string, tree: boolean): CopiedArea => ({
  path,
  tree,
  instruction: last('FROM alpine').instruction,
});

const at = (text: string, line: number): InstructionInfo => {
  const found = parseDockerfile('Dockerfile', text).instructions.find((i) => i.range.start.line === line - 1);
  if (!found) throw new Error(`no instruction on line ${line}`);
  return found;
};

describe('copyArgs', () => {
  it('reads shell and JSON forms, continuation lines included', () => {
    expect(copyArgs(last('FROM a\nCOPY --chown=1 a.txt \\\n  b/ /dst/').instruction)).toEqual({
      sources: ['a.txt', 'b/'],
      dest: '/dst/',
    });
    expect(copyArgs(last('FROM a\nADD ["my file", "/x y"]').instruction)).toEqual({
      sources: ['my file'],
      dest: '/x y',
    });
  });
  it('gives up on heredocs and incomplete arguments', () => {
    expect(copyArgs(last('FROM a\nCOPY <<EOF /etc/x\nhi\nEOF').instruction)).toBeUndefined();
    expect(copyArgs(last('FROM a\nCOPY onlyone').instruction)).toBeUndefined();
  });
});

describe('COPY sources', () => {
  it.each([
    ['COPY . .', ['.'], true],
    ['COPY --chown=1:1 ./ /app/', ['./'], true],
    ['ADD ./. /srv', ['./.'], true],
    ['COPY ["./", "/app/"]', ['./'], true],
    ['COPY package.json yarn.lock ./', ['package.json', 'yarn.lock'], false],
    ['COPY ./src .', ['./src'], false],
    ['COPY --from=build . .', ['.'], false],
    ['COPY <<EOF /x\n.\nEOF', undefined, false],
  ])('%j', (line, sources, whole) => {
    const instruction = at(`FROM a\n${line}`, 2);
    expect(copySources(instruction)).toEqual(sources);
    expect(isWholeContextCopy(instruction)).toBe(whole);
  });
});

describe('source names', () => {
  it('tells URLs and git remotes from local paths', () => {
    expect(isRemoteSource('https://e.x/a.tgz')).toBe(true);
    expect(isRemoteSource('git@github.com:o/r.git')).toBe(true);
    expect(isRemoteSource('./https/x')).toBe(false);
  });
  it('takes the file name of a URL without query and fragment', () => {
    expect(remoteFileName('https://e.x/dl/node.tar.xz?sig=1#frag')).toBe('node.tar.xz');
    expect(remoteFileName('https://e.x/dir/')).toBe('dir');
  });
  it('knows which names ADD may unpack and which are archives at all', () => {
    for (const name of [
      'a.tar',
      'a.tar.gz',
      'a.tgz',
      'a.tar.bz2',
      'a.tbz2',
      'a.tar.xz',
      'a.txz',
      'a.tar.zst',
      'a.gz',
    ])
      expect(isTarLike(name)).toBe(true);
    expect(isTarLike('app.zip')).toBe(false);
    expect(isTarLike('archive.tar.gz.sig')).toBe(false);
    expect(isArchiveName('app.zip')).toBe(true);
    expect(isArchiveName('app.jar')).toBe(false);
  });
});

describe('copiedAreas', () => {
  const areas = (text: string) => {
    const { model, instruction } = last(text);
    return copiedAreas(model, instruction).map(({ path, tree }) => ({ path, tree }));
  };
  it('treats directories and the context as trees and named files as files', () => {
    expect(areas('FROM a\nCOPY . /app')).toEqual([{ path: '/app', tree: true }]);
    expect(areas('FROM a\nCOPY nginx.conf /etc/nginx/')).toEqual([
      { path: '/etc/nginx/nginx.conf', tree: false },
    ]);
    expect(areas('FROM a\nWORKDIR /app\nCOPY package*.json Gemfile src ./')).toEqual([
      { path: '/app/package*.json', tree: false },
      { path: '/app/Gemfile', tree: false },
      { path: '/app', tree: true },
    ]);
    expect(areas('FROM a\nCOPY run.sh /usr/local/bin/run')).toEqual([
      { path: '/usr/local/bin/run', tree: false },
    ]);
  });
  it('knows ADD unpacks local tars and names downloads after the URL', () => {
    expect(areas('FROM a\nADD app.tar.gz /opt/app')).toEqual([{ path: '/opt/app', tree: true }]);
    expect(areas('FROM a\nADD https://e.x/a.tgz?x=1 /tmp/')).toEqual([{ path: '/tmp/a.tgz', tree: false }]);
  });
  it('has nothing to say when the destination cannot be resolved', () => {
    expect(areas('FROM a\nCOPY . .')).toEqual([]);
    expect(areas('FROM a\nCOPY . $DEST')).toEqual([]);
  });
});

describe('touchesArea', () => {
  it.each([
    ['/app/docs', true, area('/app', true), true],
    ['/app', true, area('/app', true), true],
    ['/app', false, area('/app', true), false], // the directory itself holds no copied bytes
    ['/app/x', false, area('/app', true), true],
    ['/', true, area('/app', true), true],
    ['/srv', true, area('/app', true), false],
    ['/app/node_modules', true, area('/app/package*.json', false), false],
    ['/app/package.json', false, area('/app/package*.json', false), true],
    ['/app', true, area('/app/package*.json', false), true],
    ['/tmp/x.tgz', false, area('/tmp/x.tgz', false), true],
    ['/tmp/*', true, area('/tmp/x.tgz', false), true],
    ['/tmp/*.zip', false, area('/tmp/x.tgz', false), false],
    ['/app/*.sh', false, area('/app', true), true],
    ['/var/lib/apt/lists/*', true, area('/app', true), false],
  ])('%s (recursive %s) vs %o → %s', (path, recursive, target, expected) => {
    expect(touchesArea({ path, recursive }, target)).toBe(expected);
  });
});

describe('mentionedAreas and layersBefore', () => {
  it('finds absolute paths a RUN names, with git clone destinations as trees', () => {
    const { instruction } = last(
      'FROM a\nRUN wget -O/tmp/a.tgz https://e.x/a.tgz && git clone https://e.x/r.git /src',
    );
    expect(
      mentionedAreas(instruction, instruction.commands).map(({ path, tree }) => ({ path, tree })),
    ).toEqual([
      { path: '/tmp/a.tgz', tree: false },
      { path: '/src', tree: true },
    ]);
  });
  it('lists the RUN/COPY/ADD before an instruction across the FROM chain', () => {
    const { model, instruction } = last('FROM a AS b\nRUN x\nENV A=1\nFROM b\nCOPY y /y\nRUN z');
    expect(layersBefore(model, instruction).map((i) => i.keyword)).toEqual(['RUN', 'COPY']);
  });
});
