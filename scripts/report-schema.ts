/**
 * Generates the JSON schema of the report (`docs/report.schema.json`) from its TypeScript types in
 * `src/report/model.ts`, then adds the limits a reader of an untrusted report needs: a length cap on
 * every string, an item cap on every array, patterns for what ends up in links, and no unknown fields.
 *
 *   npx tsx scripts/report-schema.ts           print the schema
 *   npx tsx scripts/report-schema.ts --write   write docs/report.schema.json (`npm run schema`)
 *
 * `__tests__/report/schema.test.ts` fails when the file differs from what this generates, so the schema
 * cannot drift from the model; `mode: publish` validates reports against the file.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGenerator } from 'ts-json-schema-generator';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Where the schema is published, relative to the repository root. */
export const SCHEMA_FILE = 'docs/report.schema.json';

/** Cap of a string without a tighter one below: room for a long RUN script or build error. */
const MAX_STRING = 65_536;
/** Cap of an array: far above a real report (an image has at most 127 layers). */
const MAX_ITEMS = 10_000;

/** A path inside the repository, as reports write them. */
const FILE_PATH = { maxLength: 4096 };
/**
 * Tighter limits for fields that become names, links or identifiers, by `Definition.property`
 * (nested objects: `Report.tool.version`). A key that names no property fails the generation.
 */
const LIMITS: Record<string, Record<string, unknown>> = {
  'Report.tool.version': { maxLength: 64, pattern: '^[0-9A-Za-z][0-9A-Za-z.+-]*$' },
  'Report.generatedAt': { maxLength: 64, pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z$' },
  'ImageReport.name': { maxLength: 256 },
  'ImageReport.dockerfile': FILE_PATH,
  'ImageReport.context': FILE_PATH,
  'ImageReport.target': { maxLength: 256 },
  'InstructionRef.file': FILE_PATH,
  'Measurement.imageId': { maxLength: 256 },
  'Layer.diffId': { maxLength: 256 },
  'Finding.rule': { maxLength: 128, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' },
  'Finding.file': FILE_PATH,
  'Finding.messageId': { maxLength: 128 },
  'Finding.helpUri': { maxLength: 2048, pattern: '^https://[^\\s<>()\\[\\]"\'`]+$' },
  'Finding.data': { maxProperties: 64 },
  'Finding.aliases': { maxItems: 16 },
  'SuggestionPlan.files': { maxItems: 1000 },
  'SuggestionPlan.files[]': FILE_PATH,
  'SuggestionPlan.changes': { maxItems: 50 },
  'PlannedSuggestion.path': FILE_PATH,
  'PlannedSuggestion.startLine': { type: 'integer', minimum: 1 },
  'PlannedSuggestion.endLine': { type: 'integer', minimum: 1 },
  'PlannedSuggestion.original': { maxItems: 1000 },
  'PlannedSuggestion.original[]': { maxLength: 4096 },
  'PlannedSuggestion.replacement': { maxItems: 1000 },
  'PlannedSuggestion.replacement[]': { maxLength: 4096 },
  'PlannedSuggestion.fixes': { maxItems: 64 },
  'PlannedSuggestion.fingerprint': { maxLength: 32, pattern: '^[0-9a-f]{16}(-[0-9]+)?$' },
  'SuggestionFix.rule': { maxLength: 128, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' },
};

type Schema = Record<string, unknown>;

/** The schema for `Report`, with the limits applied; throws if a limit names a missing property. */
export function generateReportSchema(): Schema {
  const generated = createGenerator({
    path: path.join(root, 'src/report/model.ts'),
    tsconfig: path.join(root, 'tsconfig.json'),
    type: 'Report',
    skipTypeCheck: true,
    additionalProperties: false,
    sortProps: true,
  }).createSchema('Report') as Schema;
  const definitions = generated.definitions as Record<string, Schema>;
  const unused = new Set(Object.keys(LIMITS));
  for (const [name, definition] of Object.entries(definitions)) applyLimits(definition, name, unused);
  if (unused.size > 0)
    throw new Error(
      `scripts/report-schema.ts limits name no property of the model: ${[...unused].join(', ')}`,
    );
  return {
    $schema: generated.$schema,
    $id: 'https://github.com/docker-diet/docker-diet/blob/main/docs/report.schema.json',
    title: 'docker-diet report',
    description:
      'The JSON report of docker-diet (`--format json`, the `report` output). Generated from src/report/model.ts by scripts/report-schema.ts; `mode: publish` refuses a report that does not match it or whose file exceeds 5 MiB.',
    $ref: generated.$ref,
    definitions,
  };
}

/** Walks a definition: limits by path, then the default caps on strings and arrays without one. */
function applyLimits(node: Schema, at: string, unused: Set<string>): void {
  const limit = LIMITS[at];
  if (limit) {
    unused.delete(at);
    Object.assign(node, limit);
  }
  const types = ([] as unknown[]).concat(node.type ?? []);
  if (types.includes('string') && node.const === undefined && node.enum === undefined)
    node.maxLength ??= MAX_STRING;
  if (types.includes('array')) node.maxItems ??= MAX_ITEMS;
  for (const [key, value] of Object.entries((node.properties as Record<string, Schema>) ?? {}))
    applyLimits(value, `${at}.${key}`, unused);
  for (const key of ['items', 'additionalProperties'] as const) {
    const child = node[key];
    if (child && typeof child === 'object') applyLimits(child as Schema, `${at}[]`, unused);
  }
  for (const variant of (node.anyOf as Schema[] | undefined) ?? []) applyLimits(variant, at, unused);
}

/** The file's text: the schema, two-space indented, with a final newline. */
export function renderSchema(schema: Schema): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const text = renderSchema(generateReportSchema());
  if (process.argv.includes('--write')) {
    writeFileSync(path.join(root, SCHEMA_FILE), text);
    console.log(`${SCHEMA_FILE} written from src/report/model.ts`);
  } else {
    process.stdout.write(text);
  }
}
