/**
 * Linting speed rests on the model reading most files without dockerfile-ast's tree: a rule that
 * reads an instruction's `node` (or `model.ast`) on every file builds it, and makes every lint run
 * several times slower. This test names such a rule.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { DockerfileParser } from 'dockerfile-ast';
import { generateCorpus } from '../../bench/lint.js';
import { parseDockerfile } from '../../src/dockerfile/model.js';
import type { Rule } from '../../src/lint/types.js';
import { allRules } from './all-rules.js';

/** Counts dockerfile-ast parses while `run` runs. */
function parsesDuring(run: () => void): number {
  const parse = DockerfileParser.parse.bind(DockerfileParser);
  let count = 0;
  DockerfileParser.parse = (text: string) => {
    count += 1;
    return parse(text);
  };
  try {
    run();
  } finally {
    DockerfileParser.parse = parse;
  }
  return count;
}

const input = (text: string) => ({
  model: parseDockerfile('app/Dockerfile', text),
  buildContext: {},
  // Options that give every rule something to check: a label schema, strict labels, trusted registries.
  options: {
    trustedRegistries: ['docker.io/library'],
    labelSchema: {
      maintainer: 'email' as const,
      'org.opencontainers.image.version': 'semver' as const,
      'org.opencontainers.image.source': 'url' as const,
    },
    strictLabels: true,
  },
  report: () => undefined,
});

describe("dockerfile-ast's tree", () => {
  let rules: Rule[];
  // Plain files: no heredoc (`<`), no parser directive, no ONBUILD, ENV/LABEL in the `NAME=value` form.
  const corpus = generateCorpus(200).filter((text) => !text.includes('<'));
  beforeAll(async () => {
    rules = await allRules();
  });

  it('is not built to read a plain file', () => {
    expect(corpus.length).toBeGreaterThan(150);
    expect(parsesDuring(() => corpus.forEach((text) => parseDockerfile('Dockerfile', text)))).toBe(0);
  });

  it('is built once, on first use, when asked for', () => {
    const model = parseDockerfile('Dockerfile', 'FROM alpine\nRUN echo hi\n');
    expect(parsesDuring(() => [model.instructions[1]?.node, model.ast, model.instructions[0]?.node])).toBe(1);
  });

  it('is not built by any rule on plain files', () => {
    const building = rules
      .filter((rule) => parsesDuring(() => corpus.forEach((text) => rule.check(input(text)))) > 0)
      .map((rule) => rule.meta.id);
    expect(building).toEqual([]);
  });
});
