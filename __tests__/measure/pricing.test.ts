/**
 * Pricing findings with the bytes their layer holds. Layers come from mapping the captured `debian`
 * fixture (a real `apt-get update && apt-get install` RUN at lines 3–6); the glob byte counts stand in
 * for what the archive analysis measures.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDockerfile } from '../../src/dockerfile/model.js';
import { mapHistory } from '../../src/measure/history.js';
import { parseImageConfig } from '../../src/measure/image-config.js';
import {
  collectRuleGlobs,
  describeMeasuredCost,
  priceFindings,
  type PricedLayer,
  type PricingRule,
} from '../../src/measure/pricing.js';
import type { Finding } from '../../src/report/model.js';

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/history/debian');
const APT_LISTS = '/var/lib/apt/lists/**';
const APT_CACHE = '/var/cache/apt/archives/*.deb';

const rules: PricingRule[] = [
  { id: 'apt-lists-not-removed', paths: [APT_LISTS] },
  { id: 'apt-cache-and-lists', paths: [APT_LISTS, APT_CACHE] },
  { id: 'numeric-stage-reference' },
];

/** The debian fixture's layers, mapped to lines, with measured bytes per glob for the RUN layer. */
function debianLayers(): PricedLayer[] {
  const read = (file: string): string => readFileSync(path.join(fixture, file), 'utf8');
  const model = parseDockerfile('services/api/Dockerfile', read('Dockerfile'));
  const config = parseImageConfig(JSON.parse(read('config.json')), 'config.json');
  const base = JSON.parse(read('base.json')) as { diffIds: string[] };
  const entries = mapHistory(
    config,
    { model, displayPath: 'services/api/Dockerfile' },
    { baseDiffIds: base.diffIds },
  );
  return entries
    .filter((entry) => entry.diffId !== null)
    .map((entry) => {
      const line = entry.instruction?.line ?? null;
      const info = model.instructions.find((i) => i.range.start.line + 1 === line);
      return {
        instructionLine: line,
        instructionEndLine: info ? info.range.end.line + 1 : null,
        file: entry.instruction?.file ?? null,
        globBytes:
          line === 3 ? { [APT_LISTS]: 18_412_345, [APT_CACHE]: 1_000 } : { [APT_LISTS]: 0, [APT_CACHE]: 0 },
      };
    });
}

function finding(rule: string, line: number, file = 'services/api/Dockerfile'): Finding {
  return { rule, aliases: [], severity: 'warning', file, line, endLine: line, column: 1, message: 'm' };
}

describe('priceFindings', () => {
  const layers = debianLayers();

  it('the fixture maps the apt RUN layer to lines 3–6', () => {
    expect(layers.map((l) => [l.instructionLine, l.instructionEndLine])).toEqual([
      [null, null],
      [3, 6],
      [7, 7],
    ]);
  });

  it('prices a finding at the instruction with the bytes its layer holds under the rule paths', () => {
    const [priced] = priceFindings([finding('apt-lists-not-removed', 3)], rules, layers);
    expect(priced?.measuredBytes).toBe(18_412_345);
  });

  it('sums the globs a rule declares', () => {
    const [priced] = priceFindings([finding('apt-cache-and-lists', 3)], rules, layers);
    expect(priced?.measuredBytes).toBe(18_413_345);
  });

  it('prices a finding reported inside a multi-line instruction', () => {
    const [priced] = priceFindings([finding('apt-lists-not-removed', 5)], rules, layers);
    expect(priced?.measuredBytes).toBe(18_412_345);
  });

  it('records a measured zero: the layer was looked at and holds nothing there', () => {
    const [priced] = priceFindings([finding('apt-lists-not-removed', 7)], rules, layers);
    expect(priced?.measuredBytes).toBe(0);
  });

  it('leaves findings it cannot price untouched', () => {
    const unpriced = [
      finding('numeric-stage-reference', 3), // rule declares no paths
      finding('unknown-rule', 3), // rule not given
      finding('apt-lists-not-removed', 2), // SHELL made no layer
      finding('apt-lists-not-removed', 3, 'other/Dockerfile'), // another file
    ];
    const result = priceFindings(unpriced, rules, layers);
    expect(result).toEqual(unpriced);
    result.forEach((f) => expect(f).not.toHaveProperty('measuredBytes'));
  });

  it('does not price from a layer that was not measured for the rule paths', () => {
    const unmeasured = layers.map((l) => ({ ...l, globBytes: {} }));
    expect(priceFindings([finding('apt-lists-not-removed', 3)], rules, unmeasured)[0]).not.toHaveProperty(
      'measuredBytes',
    );
  });

  it('matches only the start line when the end line is unknown', () => {
    const startOnly = layers.map((l) => ({ ...l, instructionEndLine: undefined }));
    const [atStart, inside] = priceFindings(
      [finding('apt-lists-not-removed', 3), finding('apt-lists-not-removed', 5)],
      rules,
      startOnly,
    );
    expect(atStart?.measuredBytes).toBe(18_412_345);
    expect(inside).not.toHaveProperty('measuredBytes');
  });

  it('keeps the largest when several images share the instruction, and ./ in paths does not matter', () => {
    const second = layers.map((l) => ({
      ...l,
      file: l.file && `./${l.file}`,
      globBytes: { [APT_LISTS]: 5 },
    }));
    const [priced] = priceFindings([finding('apt-lists-not-removed', 3)], rules, [...second, ...layers]);
    expect(priced?.measuredBytes).toBe(18_412_345);
  });

  it('does not modify its input', () => {
    const input = [finding('apt-lists-not-removed', 3)];
    const copy = structuredClone(input);
    priceFindings(input, rules, layers);
    expect(input).toEqual(copy);
  });
});

describe('collectRuleGlobs', () => {
  it('lists every declared glob once, sorted', () => {
    expect(collectRuleGlobs(rules)).toEqual([APT_CACHE, APT_LISTS]);
    expect(collectRuleGlobs([{ id: 'a' }])).toEqual([]);
  });
});

describe('describeMeasuredCost', () => {
  it('says what is left and how big, in the units docker images uses', () => {
    expect(describeMeasuredCost(18_412_345, 'apt lists')).toBe('apt lists left in this layer: 18.4 MB');
    expect(describeMeasuredCost(512)).toBe('files it is about left in this layer: 512 B');
  });
});
