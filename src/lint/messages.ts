/**
 * Rule message templates: `{{name}}` placeholders filled from a report's data, ESLint's syntax. The
 * engine renders every finding through here; each template is split once per rule, so rendering a
 * finding is a concatenation, not a regex.
 */
import type { MessageData, RuleMeta } from './types.js';

/** `{{ name }}`: a placeholder, spaces allowed inside the braces. */
const PLACEHOLDER = /\{\{\s*([A-Za-z_$][\w$]*)\s*\}\}/g;

/** A template split at its placeholders: literal text at even indexes, placeholder names at odd ones. */
type CompiledTemplate = readonly string[];

// Keyed by the rule's messages object: templates are compiled on first use and kept with the rule.
const COMPILED = new WeakMap<object, Map<string, CompiledTemplate>>();

/** The placeholder names of a template, in order of appearance (repeats kept). */
export function placeholders(template: string): string[] {
  return compile(template).filter((_, i) => i % 2 === 1);
}

/** A rendered message; `problem` says what was wrong with the report when something was. */
export interface RenderedMessage {
  text: string;
  problem?: string;
}

/**
 * Renders `meta.messages[messageId]` with `data`. An unknown id renders as the id itself, a missing
 * placeholder stays as written, and either comes back with a `problem` for the engine to act on.
 */
export function renderMessage(meta: RuleMeta, messageId: string, data?: MessageData): RenderedMessage {
  let byId = COMPILED.get(meta.messages);
  if (!byId) COMPILED.set(meta.messages, (byId = new Map()));
  let parts = byId.get(messageId);
  if (!parts) {
    // hasOwn: `toString` is no message id.
    if (!Object.hasOwn(meta.messages, messageId)) {
      return { text: messageId, problem: `rule ${meta.id} reported unknown message id "${messageId}"` };
    }
    byId.set(messageId, (parts = compile((meta.messages as Record<string, string>)[messageId] ?? '')));
  }
  let text = parts[0] ?? '';
  let missing: string | undefined;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i] as string;
    const value = data?.[name];
    if (value === undefined) {
      missing ??= name;
      text += `{{${name}}}`;
    } else {
      text += String(value);
    }
    text += parts[i + 1] ?? '';
  }
  return missing === undefined
    ? { text }
    : { text, problem: `rule ${meta.id}, message "${messageId}": no value for {{${missing}}}` };
}

function compile(template: string): CompiledTemplate {
  // split() with a capturing group puts the captured names between the literals.
  return template.split(PLACEHOLDER);
}
