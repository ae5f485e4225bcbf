/**
 * The properties every fix must keep, checked on one Dockerfile text: the fixed file parses into the
 * same number of stages, fixing it again changes nothing, no rule threw, and nothing fixable is left
 * when it is linted again. Shared by the corpus and the generated-input tests.
 */
import { expect } from '@jest/globals';
import { parseDockerfile } from '../../src/dockerfile/model.js';
import { lintDockerfile } from '../../src/lint/engine.js';
import { fixDockerfile } from '../../src/lint/fixer.js';
import type { Rule } from '../../src/lint/types.js';

/** Checks the fix properties on `text`; returns how many findings were fixed. */
export function checkFix(text: string, rules: readonly Rule[]): number {
  const problems: string[] = [];
  // Unknown ids in generated ignore comments are expected; anything else means code threw.
  const onWarning = (m: string): void =>
    m.includes('which is not a rule id') ? undefined : void problems.push(m);
  const once = fixDockerfile('Dockerfile', text, { rules, onWarning });
  expect(problems).toEqual([]);
  if (once.fixed.length === 0) {
    expect(once.text).toBe(text);
    return 0;
  }
  expect(parseDockerfile('Dockerfile', once.text).stages).toHaveLength(
    parseDockerfile('Dockerfile', text).stages.length,
  );
  const twice = fixDockerfile('Dockerfile', once.text, { rules, onWarning });
  expect(twice.text).toBe(once.text);
  const after = lintDockerfile('Dockerfile', once.text, { rules, onWarning });
  expect(after.filter((f) => f.fix).map((f) => `${f.line} ${f.rule}`)).toEqual([]);
  // Every finding that had a fix is gone: nothing fixable is left (above), and the fixer itself
  // undoes any fix after which its finding is still where it was. Findings are not compared by rule
  // and data here: one fix can change another finding's data into that of a fixed one (`apt` →
  // `apt-get`) or reveal a new one (a cache cleaned in a RUN after the one that filled it).
  return once.fixed.length;
}
