/**
 * Markdown for the PR comment and the job summary. Pure: report in, markdown out.
 */
import type { Report } from './model.js';
import { verdictLine } from './verdict.js';

/** Escapes text from Dockerfiles or build logs for a markdown table cell, and defuses @mentions/#refs. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/([\\`*_[\]])/g, '\\$1')
    .replace(/@(?=[A-Za-z0-9-])/g, '@\u200b')
    .replace(/#(?=\d)/g, '#\u200b')
    .replace(/\r?\n/g, ' ');
}

/** Renders the whole report as markdown. */
export function renderMarkdown(report: Report): string {
  const lines: string[] = [];
  for (const image of report.images) lines.push(`### ${escapeMarkdown(verdictLine(report, image))}`, '');
  if (report.findings.length > 0) {
    lines.push('| Severity | Rule | Location | Message |', '|---|---|---|---|');
    for (const f of report.findings) {
      lines.push(
        `| ${f.severity} | \`${f.rule}\` | ${escapeMarkdown(`${f.file}:${f.line}`)} | ${escapeMarkdown(f.message)} |`,
      );
    }
  } else {
    lines.push('No lint findings.');
  }
  return `${lines.join('\n')}\n`;
}
