/**
 * The label value checks of the config's `label-schema`, one per label type (hadolint's `url`,
 * `rfc3339`, `spdx`, `hash`, `semver`, `email`), and the rules' shared walk over the schema's labels.
 * A value holding a variable (`$BUILD_DATE`) is filled in at build time and cannot be judged here.
 */
import licenseIds from 'spdx-license-ids/index.json' with { type: 'json' };
import deprecatedIds from 'spdx-license-ids/deprecated.json' with { type: 'json' };
import { allLabels, type LabelPair } from '../../../dockerfile/labels.js';
import type { DockerfileModel } from '../../../dockerfile/model.js';
import type { LabelType, RuleOptions } from '../../types.js';

/** The labels set in the file whose schema type is `type` and whose literal value fails `valid`. */
export function badLabels(
  model: DockerfileModel,
  options: RuleOptions,
  type: LabelType,
  valid: (value: string) => boolean,
): LabelPair[] {
  const schema = options.labelSchema;
  if (!Object.values(schema).includes(type)) return [];
  return allLabels(model).filter(
    (l) => schema[l.name] === type && l.value !== '' && !l.value.includes('$') && !valid(l.value),
  );
}

/** An absolute URI: a scheme, then whatever the scheme allows (`https://…`, `mailto:…`, `urn:…`). */
export function isUrl(value: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/** An RFC 3339 date-time (`2024-05-01T12:00:00Z`, `…T12:00:00.5+02:00`; a space may stand for `T`). */
export function isRfc3339(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/.exec(
    value,
  );
  if (!m) return false;
  const [month, day, hour, minute, second] = [m[2], m[3], m[4], m[5], m[6]].map(Number) as number[];
  const days = new Date(Date.UTC(Number(m[1]), month as number, 0)).getUTCDate();
  const offsetOk = m[9] === undefined || (Number(m[9]) <= 23 && Number(m[10]) <= 59);
  return (
    (month as number) >= 1 &&
    (month as number) <= 12 &&
    (day as number) >= 1 &&
    (day as number) <= days &&
    (hour as number) <= 23 &&
    (minute as number) <= 59 &&
    (second as number) <= 60 &&
    offsetOk
  );
}

const LICENSES = new Set([...licenseIds, ...deprecatedIds].map((id) => id.toLowerCase()));

/**
 * An SPDX license expression: license ids from the SPDX list (case-insensitive, optionally `+`) or
 * `LicenseRef-…`, joined with AND / OR / WITH and parentheses (`Apache-2.0 OR MIT`).
 */
export function isSpdx(value: string): boolean {
  const tokens = value.replace(/[()]/g, ' ').trim().split(/\s+/);
  if (tokens.length === 0 || tokens[0] === '') return false;
  let expectId = true;
  let afterWith = false;
  for (const token of tokens) {
    if (expectId) {
      const id = token.replace(/\+$/, '').toLowerCase();
      // Exception ids (`Classpath-exception-2.0`) have a list of their own; any such word is taken.
      const known = afterWith
        ? /^[a-z0-9.-]+$/.test(id)
        : LICENSES.has(id) || /^(documentref-[\w.-]+:)?licenseref-[\w.-]+$/.test(id);
      if (!known) return false;
    } else if (!/^(AND|OR|WITH)$/i.test(token)) {
      return false;
    }
    afterWith = !expectId && /^WITH$/i.test(token);
    expectId = !expectId;
  }
  return !expectId && balanced(value);
}

function balanced(value: string): boolean {
  let depth = 0;
  for (const c of value) {
    if (c === '(') depth += 1;
    else if (c === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

/** A git commit hash: 7 (short) or 40 lower-case hex digits. */
export function isGitHash(value: string): boolean {
  return /^[0-9a-f]{7}$|^[0-9a-f]{40}$/.test(value);
}

/** A Semantic Versioning 2.0.0 version (`1.2.3`, `1.0.0-rc.1+build.5`; no `v` prefix). */
export function isSemver(value: string): boolean {
  return /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/.test(
    value,
  );
}

/** An RFC 5322 address (`local@domain`, dot-atom form): no display name, no angle brackets. */
export function isEmail(value: string): boolean {
  const atom = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
  const label = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
  return new RegExp(`^${atom}(?:\\.${atom})*@${label}(?:\\.${label})*$`).test(value) && value.length <= 254;
}
