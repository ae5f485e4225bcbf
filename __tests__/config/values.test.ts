import { describe, expect, it } from '@jest/globals';
import { parseConfigFile } from '../../src/config/config-file.js';
import { parseSettings } from '../../src/config/settings.js';
import {
  BOOLEAN,
  COMPARE_MODE,
  describeValue,
  FAIL_ON,
  InvalidValue,
  parseValue,
  parseYamlValue,
  SIZE,
  SIZE_OR_PERCENT,
} from '../../src/config/values.js';
import type { Rule } from '../../src/lint/types.js';

const scope = { cwd: '/tmp/repo', env: {} };
const RULES: Rule[] = [
  {
    meta: {
      id: 'consecutive-run',
      severity: 'info',
      category: 'size',
      aliases: [],
      description: 'x',
      messages: {},
    },
    check: () => undefined,
  },
];

/** The message of the error `fn` throws. */
function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

describe('value kinds', () => {
  it('say what was given and what is expected, the same from an input and from the config file', () => {
    for (const [key, value] of [
      ['max-size', '12 parsecs'],
      ['max-compressed-size', '1.5 GB-ish'],
      ['max-increase', 'lots'],
      ['max-wasted', '10 percent'],
    ] as const) {
      const fromInput = messageOf(() => parseSettings({ [key]: value }, scope.cwd));
      const fromFile = messageOf(() =>
        parseConfigFile(`budgets:\n  api:\n    ${key}: ${value}\n`, '.docker-diet.yml', RULES),
      );
      expect(fromFile).toBe(`.docker-diet.yml: budgets.api.${fromInput}`);
    }
  });

  it('reads a closed list case-insensitively and lists the allowed words', () => {
    expect(FAIL_ON.parse('Warning', scope)).toBe('warning');
    expect(FAIL_ON.allowed).toEqual(['error', 'warning', 'info', 'none']);
    expect(COMPARE_MODE.allowed).toEqual(['auto', 'stored', 'build', 'registry', 'none']);
    expect(() => parseValue(COMPARE_MODE, 'git', 'compare', scope)).toThrow(
      'compare: "git" is not one of auto, stored, build, registry, none',
    );
  });

  it('reads YAML strings and numbers through the same parser and rejects other values', () => {
    expect(parseYamlValue(SIZE, 150000000, scope)).toBe(150_000_000);
    expect(parseYamlValue(SIZE_OR_PERCENT, '5%', scope)).toEqual({ kind: 'percent', percent: 5 });
    expect(() => parseYamlValue(SIZE, ['1MB'], scope)).toThrow(InvalidValue);
    expect(messageOf(() => parseYamlValue(BOOLEAN, { a: 1 }, scope))).toBe(
      'a mapping is not a boolean; use true or false',
    );
  });

  it('quotes strings and names other values', () => {
    expect([
      describeValue('x'),
      describeValue(3),
      describeValue([]),
      describeValue({}),
      describeValue(null),
    ]).toEqual(['"x"', '3', 'a list', 'a mapping', 'nothing']);
  });
});
