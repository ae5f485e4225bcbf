/**
 * What action.yml must agree on with the code: the inputs table (names and their order, descriptions,
 * defaults, allowed values, all optional) and the outputs list. action.yml stays hand-written YAML,
 * since GitHub reads it; `__tests__/config/action-yml.test.ts` and `scripts/check-readme.mjs` run
 * this check.
 */
import { Outputs } from '../constants.js';
import type { InputSpec } from './input-spec.js';
import { INPUTS } from './inputs.js';

/** One input or output as action.yml declares it (parsed YAML, so nothing is trusted). */
export interface DeclaredEntry {
  /** Its description. */
  description?: unknown;
  /** Its default (inputs only). */
  default?: unknown;
  /** Whether it must be given (inputs only). */
  required?: unknown;
}

/** The parts of action.yml that are checked. */
export interface ActionMetadata {
  /** `inputs:` by name. */
  inputs?: Record<string, DeclaredEntry | null>;
  /** `outputs:` by name. */
  outputs?: Record<string, DeclaredEntry | null>;
}

/** Every disagreement between action.yml and the code, one line each; empty when they agree. */
export function actionYmlProblems(action: ActionMetadata): string[] {
  return [...inputProblems(action.inputs ?? {}), ...outputProblems(action.outputs ?? {})];
}

function inputProblems(declared: Record<string, DeclaredEntry | null>): string[] {
  const problems: string[] = [];
  const table = INPUTS.map((spec) => spec.name as string);
  const names = Object.keys(declared);
  problems.push(...sameNames('input', names, table, 'the inputs table (src/config/inputs.ts)'));
  if (problems.length === 0 && names.join() !== table.join()) {
    problems.push(
      `inputs: action.yml lists them as ${names.join(', ')}; the inputs table as ${table.join(', ')}`,
    );
  }
  for (const spec of INPUTS as readonly InputSpec[]) {
    const entry = declared[spec.name];
    if (entry === undefined) continue;
    const where = `input ${spec.name}`;
    const description = normalise(entry?.description);
    if (description !== normalise(spec.description)) {
      problems.push(`${where}: action.yml's description differs from the table's: "${spec.description}"`);
    }
    const expectedDefault = spec.actionDefault ?? spec.default ?? '';
    const actualDefault = entry?.default === undefined ? '' : String(entry.default);
    if (actualDefault !== expectedDefault) {
      problems.push(
        `${where}: action.yml's default "${actualDefault}" differs from the table's "${expectedDefault}"`,
      );
    }
    for (const word of spec.kind.allowed ?? []) {
      if (!description.includes(`\`${word}\``)) {
        problems.push(`${where}: the description does not list the allowed value \`${word}\``);
      }
    }
    if (entry?.required !== undefined && entry.required !== false) {
      problems.push(`${where}: every input is optional; action.yml says required: ${String(entry.required)}`);
    }
  }
  return problems;
}

function outputProblems(declared: Record<string, DeclaredEntry | null>): string[] {
  const problems = sameNames('output', Object.keys(declared), Object.values(Outputs), 'src/constants.ts');
  for (const [name, entry] of Object.entries(declared)) {
    if (normalise(entry?.description) === '') problems.push(`output ${name}: no description`);
  }
  return problems;
}

/** Names declared in action.yml but not in the code, and the other way round. */
function sameNames(
  kind: string,
  declared: readonly string[],
  code: readonly string[],
  where: string,
): string[] {
  return [
    ...code
      .filter((name) => !declared.includes(name))
      .map((name) => `${kind} ${name}: in ${where} but not in action.yml`),
    ...declared
      .filter((name) => !code.includes(name))
      .map((name) => `${kind} ${name}: in action.yml but not in ${where}`),
  ];
}

function normalise(text: unknown): string {
  return typeof text === 'string' ? text.replace(/\s+/g, ' ').trim() : '';
}
