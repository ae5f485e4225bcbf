/**
 * The labelled corpus: every finding the rules report on __tests__/fixtures/corpus must carry a verdict
 * in labels.json, and every label must still match a finding, so a rule change that adds, moves or
 * drops a finding fails here until the labels (and docs/precision.md) are updated with
 * `npx tsx scripts/corpus-labels.ts --update` and `--write-doc`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import {
  PRECISION_DOC,
  corpusFiles,
  diffLabels,
  docDate,
  invalidLabels,
  keyOf,
  lintCorpus,
  readLabels,
  renderPrecisionDoc,
} from '../../scripts/corpus-labels.js';

describe('the labelled lint corpus', () => {
  const { findings, warnings } = lintCorpus();
  const labels = readLabels();

  it('has over 110 Dockerfiles, each opening with a purpose comment', () => {
    const files = corpusFiles();
    expect(files.length).toBeGreaterThanOrEqual(110);
    const undocumented = files.filter(
      (file) => !/^# \S/.test(readFileSync(new URL(`../fixtures/corpus/${file}`, import.meta.url), 'utf8')),
    );
    expect(undocumented).toEqual([]);
  });

  it('is linted without engine warnings', () => {
    expect(warnings).toEqual([]);
  });

  it('labels exactly the findings the rules report (run `npx tsx scripts/corpus-labels.ts --update`)', () => {
    const { unlabelled, vanished } = diffLabels(findings, labels);
    expect({
      unlabelled: unlabelled.map((f) => `${keyOf(f)} ${f.message.slice(0, 100)}`),
      vanished: vanished.map((l) => `${keyOf(l)} (${l.verdict}: ${l.why})`),
    }).toEqual({ unlabelled: [], vanished: [] });
  });

  it('judges every finding as right, noise or wrong, with a reason (and a cause for wrong ones)', () => {
    expect(invalidLabels(labels)).toEqual([]);
  });

  it('matches docs/precision.md (run `npx tsx scripts/corpus-labels.ts --write-doc`)', async () => {
    const committed = readFileSync(PRECISION_DOC, 'utf8');
    const date = docDate(committed);
    expect(date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(committed).toBe(await renderPrecisionDoc(labels, corpusFiles().length, date as string));
  });
});
