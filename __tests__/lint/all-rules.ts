/**
 * Every rule in the tree: the registered RULES plus any rule exported from src/lint/rules/*.ts, so
 * engine and robustness tests also cover rules written but not registered yet (the meta-test is what
 * fails on a missing registration).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { RULES } from '../../src/lint/rules/index.js';
import type { Rule } from '../../src/lint/types.js';

/** The rules directory. */
export const RULES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/lint/rules');

/** Rule files (`<id>.ts`), without index.ts and the support/ folder. */
export function ruleFiles(): string[] {
  return readdirSync(RULES_DIR)
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
    .sort();
}

/** True for a value shaped like a Rule. */
export function isRule(value: unknown): value is Rule {
  const candidate = value as Partial<Rule> | null;
  return typeof candidate?.check === 'function' && typeof candidate.meta?.id === 'string';
}

/** The rules each file exports, by file name. */
export async function rulesByFile(): Promise<Map<string, Rule[]>> {
  const out = new Map<string, Rule[]>();
  for (const file of ruleFiles()) {
    const module = (await import(pathToFileURL(path.join(RULES_DIR, file)).href)) as Record<string, unknown>;
    out.set(file, Object.values(module).filter(isRule));
  }
  return out;
}

/** RULES plus every rule any file exports, once each, sorted by id. */
export async function allRules(): Promise<Rule[]> {
  const byId = new Map<string, Rule>(RULES.map((r) => [r.meta.id, r]));
  for (const rules of (await rulesByFile()).values()) {
    for (const rule of rules) if (!byId.has(rule.meta.id)) byId.set(rule.meta.id, rule);
  }
  return [...byId.values()].sort((a, b) => a.meta.id.localeCompare(b.meta.id));
}
