/**
 * Making text from Dockerfiles and build logs safe in GitHub markdown: table cells, HTML, code fences,
 * and no pings or cross-links (`@user`, `#123`, bare URLs are defused with a zero-width space).
 */

const ZWSP = '\u200b';

/** Defuses `@mentions`, `#123`/`GH-123` references and autolinked URLs with a zero-width space. */
export function neutralise(text: string): string {
  return text
    .replace(/@(?=[\p{L}\p{N}_-])/gu, `@${ZWSP}`)
    .replace(/#(?=\d)/g, `#${ZWSP}`)
    .replace(/\b(GH)-(?=\d)/gi, `$1${ZWSP}-`)
    .replace(/:\/\//g, `:${ZWSP}//`)
    .replace(/\bwww\./gi, `www${ZWSP}.`);
}

/** Escapes text from Dockerfiles or build logs for a markdown table cell, and defuses @mentions/#refs. */
export function escapeMarkdown(text: string): string {
  return neutralise(
    text
      .replace(/\r\n|\r|\n/g, ' ')
      .replace(/[\\`*_[\]~|]/g, '\\$&')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;'),
  );
}

/** Escapes text for HTML where markdown is not parsed (`<summary>`), one line, defused. */
export function escapeHtml(text: string): string {
  const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
  return neutralise(text.replace(/\r\n|\r|\n/g, ' ').replace(/[&<>"]/g, (c) => entities[c]!));
}

/** Monospace text from outside, safe in a table cell, cut to `max` characters. */
export function code(text: string, max = 100): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return `<code>${escapeMarkdown(flat.length > max ? `${flat.slice(0, max - 1)}…` : flat)}</code>`;
}

/** A rule message: its `code` parts in monospace, all of it escaped. */
export function message(text: string): string {
  return text
    .split(/(`[^`\n]+`)/)
    .map((part) => (/^`[^`]+`$/.test(part) ? code(part.slice(1, -1), 200) : escapeMarkdown(part)))
    .join('');
}

/** A fenced block that no line of `text` can close early. */
export function fenced(text: string, maxChars = 4000): string {
  const cut = text.length > maxChars ? `…\n${text.slice(-maxChars)}` : text;
  const longest = Math.max(0, ...(cut.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}text\n${cut.replace(/\r\n?/g, '\n').trimEnd()}\n${fence}`;
}

/** A markdown table: header cells, then rows of already-escaped cells. */
export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
