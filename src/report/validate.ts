/**
 * Checking a report that comes from elsewhere (another job's artifact, which untrusted code may have
 * written) against the published schema, `docs/report.schema.json`: every field typed, no unknown
 * field, strings and arrays capped, links limited to https. The schema is generated from `model.ts`
 * (`scripts/report-schema.ts`) and a test keeps the two equal.
 */
import { Ajv, type ErrorObject } from 'ajv';
import schema from '../../docs/report.schema.json' with { type: 'json' };
import type { Report } from './model.js';

/** Largest report file `mode: publish` reads. */
export const MAX_REPORT_BYTES = 5 * 1024 * 1024;

let validator: ReturnType<Ajv['compile']> | undefined;

/** The compiled schema, built on first use (compiling takes a few milliseconds). */
function compiled(): ReturnType<Ajv['compile']> {
  validator ??= new Ajv({ allErrors: false, strict: true, allowUnionTypes: true }).compile(schema);
  return validator;
}

/** The first problem of `value` as a report, in words (`/images/0/name: …`); undefined when valid. */
export function reportProblem(value: unknown): string | undefined {
  const validate = compiled();
  if (validate(value)) return undefined;
  const error = validate.errors?.[0];
  return error ? describeSchemaError(error) : 'it does not match the report schema';
}

/** True when `value` is a valid report. */
export function isReport(value: unknown): value is Report {
  return reportProblem(value) === undefined;
}

/**
 * One schema error in words. Values from the report are not quoted back (they may be long or
 * hostile); only field names are, and those are cut short.
 */
function describeSchemaError(error: ErrorObject): string {
  const at = error.instancePath || '(top level)';
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${at}: unknown field "${String(params.additionalProperty).slice(0, 64)}"`;
    case 'required':
      return `${at}: missing field "${String(params.missingProperty)}"`;
    case 'const':
      return `${at}: must be ${JSON.stringify(params.allowedValue)}`;
    case 'maxLength':
      return `${at}: longer than ${String(params.limit)} characters`;
    case 'maxItems':
      return `${at}: more than ${String(params.limit)} items`;
    default:
      return `${at}: ${error.message ?? 'invalid'}`;
  }
}
