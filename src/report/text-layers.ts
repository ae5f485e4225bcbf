/**
 * The per-layer table of the plain-text report: each layer of the final image with the Dockerfile
 * line that made it, its size, what later layers wasted of it, and the change against the baseline.
 */
import { formatBytes, formatBytesDelta } from '../units/size.js';
import { layerRows, rowText } from './chart.js';
import type { ImageReport } from './model.js';

const STATUS: Record<string, string> = { unchanged: ' ', changed: '~', added: '+', removed: '-' };

/** Table lines (indented two spaces) for one image; empty when it was not measured. */
export function renderLayerTable(image: ImageReport, instructionWidth = 60): string[] {
  if (!image.head) return [];
  const withDiff = image.base !== null && image.layerChanges.length > 0;
  const rows = layerRows(image).map((row) => {
    const layer = image.head!.layers.find(
      (l) => !l.fromBase && l.instruction && l.instruction === row.instruction,
    );
    const wasted = row.fromBase ? null : layer?.wastedBytes;
    const text = row.fromBase ? 'base image' : rowText(row);
    return [
      withDiff ? (STATUS[row.status ?? ''] ?? ' ') : '',
      row.instruction ? `${row.status === 'removed' ? 'old ' : ''}${row.instruction.line}` : '',
      text.length > instructionWidth ? `${text.slice(0, instructionWidth - 1)}…` : text,
      row.headSize === null ? '—' : formatBytes(row.headSize),
      wasted ? formatBytes(wasted) : '',
      withDiff ? formatBytesDelta(row.delta) : '',
    ];
  });
  const header = [withDiff ? ' ' : '', 'LINE', 'INSTRUCTION', 'SIZE', 'WASTED', withDiff ? 'Δ' : ''];
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const right = new Set([3, 4, 5]);
  return all.map(
    (cells) =>
      `  ${cells
        .map((cell, i) => (right.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
        .filter((_, i) => widths[i]! > 0)
        .join('  ')
        .trimEnd()}`,
  );
}
