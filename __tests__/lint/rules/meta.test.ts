/**
 * The rule registry's invariants: every rule file is registered, documented and tested; ids are
 * stable kebab-case and unique; RULES is alphabetical; every rule has one-line message templates under
 * camelCase ids; aliases look like hadolint codes or BuildKit check names; only size rules name image
 * paths.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { RULES } from '../../../src/lint/rules/index.js';
import { rulesByFile } from '../all-rules.js';

const ROOT = path.resolve('.');
const byFile = await rulesByFile();
const SECTIONS = ['## Why', '## Bad', '## Good', '## When not to use it'];

describe('every rule file', () => {
  it.each([...byFile.keys()])(
    '%s exports exactly one rule, named after the file, and it is registered',
    (file) => {
      const rules = byFile.get(file) ?? [];
      expect(rules.map((r) => `${r.meta.id}.ts`)).toEqual([file]);
      const id = rules[0]?.meta.id;
      // Ids first: a readable failure ("add it to src/lint/rules/index.ts"), then the very object.
      expect(RULES.map((r) => r.meta.id)).toContain(id);
      expect(RULES.find((r) => r.meta.id === id)).toBe(rules[0]);
    },
  );
});

describe('RULES', () => {
  const ids = RULES.map((r) => r.meta.id);

  it('ids are unique kebab-case', () => {
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
  });

  it('is in alphabetical order of id', () => {
    expect(ids).toEqual([...ids].sort());
  });

  it('holds only rules that come from a rule file', () => {
    const fromFiles = new Set([...byFile.values()].flat());
    expect(RULES.filter((r) => !fromFiles.has(r)).map((r) => r.meta.id)).toEqual([]);
  });
});

describe.each(RULES.map((r) => [r.meta.id, r.meta] as const))('%s', (id, meta) => {
  it('has a test file', () => {
    expect(existsSync(path.join(ROOT, '__tests__/lint/rules', `${id}.test.ts`))).toBe(true);
  });

  it('has a doc page with the title, the facts line matching its metadata, and the four sections', () => {
    const file = path.join(ROOT, 'docs/rules', `${id}.md`);
    expect(existsSync(file)).toBe(true);
    const doc = readFileSync(file, 'utf8');
    const lines = doc.split('\n');
    expect(lines[0]).toBe(`# ${id}`);
    const hadolint = meta.aliases.filter((a) => /^DL\d{4}$/.test(a)).join(', ') || 'none';
    expect(doc).toContain(
      `**Severity:** ${meta.severity} · **Category:** ${meta.category} · **hadolint:** ${hadolint}`,
    );
    // A rule that is off until the config names it says so, and how to turn it on.
    if (meta.enabledByDefault === false) expect(doc).toContain(`**Off by default.** Turn it on in`);
    const headings = lines.filter((l) => l.startsWith('## '));
    // A fixable rule's page also says what its fix does, just before "When not to use it".
    const expected = meta.fixable ? [...SECTIONS.slice(0, -1), '## Fix', ...SECTIONS.slice(-1)] : SECTIONS;
    expect(headings).toEqual(expected);
  });

  it('has well-formed metadata: description, messages, aliases, paths only on size rules', () => {
    expect(meta.description.trim()).not.toBe('');
    expect(meta.description).not.toContain('\n');
    const messages = Object.entries(meta.messages as Record<string, string>);
    expect(messages.length).toBeGreaterThan(0);
    for (const [messageId, template] of messages) {
      expect(messageId).toMatch(/^[a-z][A-Za-z0-9]*$/);
      expect(template.trim()).not.toBe('');
      expect(template).not.toContain('\n');
    }
    for (const alias of meta.aliases) expect(alias).toMatch(/^(DL\d{4}|[A-Z][A-Za-z]+)$/);
    if (meta.paths !== undefined) {
      expect(meta.category).toBe('size');
      expect(meta.paths.length).toBeGreaterThan(0);
      for (const p of meta.paths) expect(p).toMatch(/^\//);
    }
  });
});
