import { describe, expect, it } from '@jest/globals';
import { generateCorpus } from '../../bench/lint.js';
import { lintDockerfile } from '../../src/lint/engine.js';
import { dockerfileSyntax } from '../../src/lint/rules/dockerfile-syntax.js';

describe('the lint bench corpus', () => {
  it('is deterministic, and another generator start value gives another corpus', () => {
    expect(generateCorpus(50)).toEqual(generateCorpus(50));
    expect(generateCorpus(50, 7)).not.toEqual(generateCorpus(50));
  });

  it('is made of varied, valid Dockerfiles (what docker build would accept)', () => {
    const corpus = generateCorpus(1000);
    expect(corpus).toHaveLength(1000);
    // Distinct bodies (the first line only numbers the file).
    expect(new Set(corpus.map((t) => t.split('\n').slice(1).join('\n'))).size).toBeGreaterThan(400);
    const syntax = corpus.flatMap((text, i) => lintDockerfile(`${i}`, text, { rules: [dockerfileSyntax] }));
    expect(syntax).toEqual([]);
  });
});
