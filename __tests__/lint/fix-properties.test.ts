/**
 * Fix properties over every corpus Dockerfile: fixing keeps the stages, is idempotent and leaves
 * nothing fixable behind (the generated inputs get the same check in robustness.test.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { CORPUS_DIR, corpusFiles } from '../../scripts/corpus-labels.js';
import { RULES } from '../../src/lint/rules/index.js';
import { checkFix } from './fix-check.js';

describe('fixing the corpus', () => {
  const files = corpusFiles();

  it.each(files)('%s', (file) => {
    checkFix(readFileSync(path.join(CORPUS_DIR, file), 'utf8'), RULES);
  });

  it('has something to fix in many of its files', () => {
    const fixed = files.filter(
      (file) => checkFix(readFileSync(path.join(CORPUS_DIR, file), 'utf8'), RULES) > 0,
    );
    expect(fixed.length).toBeGreaterThan(20);
  });
});
