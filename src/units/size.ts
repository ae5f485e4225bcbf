/**
 * Byte sizes as users write them and as `docker images` shows them.
 * Parsing: `150MB` (10^6), `1.5GiB` (2^30), `150000000`, case-insensitive units, optional space.
 * Display: decimal units (kB, MB, GB) like the docker CLI, so numbers match what users already see.
 */

const UNITS: Record<string, number> = {
  b: 1,
  k: 1e3,
  kb: 1e3,
  m: 1e6,
  mb: 1e6,
  g: 1e9,
  gb: 1e9,
  t: 1e12,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

const SIZE_PATTERN = /^(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)$/i;

/** A budget that is either absolute bytes or a percentage of a reference size. */
export type SizeOrPercent = { kind: 'bytes'; bytes: number } | { kind: 'percent'; percent: number };

/** Parses `150MB`, `1.5GiB`, `2048`; returns undefined for anything else. */
export function parseSize(text: string): number | undefined {
  const match = SIZE_PATTERN.exec(text.trim());
  if (!match) return undefined;
  const factor = UNITS[(match[2] ?? '').toLowerCase() || 'b'];
  if (factor === undefined) return undefined;
  const bytes = Number(match[1]) * factor;
  return Number.isFinite(bytes) ? Math.round(bytes) : undefined;
}

/** Parses a size or a percentage (`5%`, `2.5 %`); returns undefined for anything else. */
export function parseSizeOrPercent(text: string): SizeOrPercent | undefined {
  const trimmed = text.trim();
  const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(trimmed);
  if (percent) return { kind: 'percent', percent: Number(percent[1]) };
  const bytes = parseSize(trimmed);
  return bytes === undefined ? undefined : { kind: 'bytes', bytes };
}

/**
 * Formats bytes in decimal units with one decimal (`152.3 MB`, `4.2 kB`, `512 B`), as `docker images`
 * counts them.
 */
export function formatBytes(bytes: number): string {
  const abs = Math.abs(bytes);
  const sign = bytes < 0 ? '-' : '';
  if (abs < 1000) return `${sign}${abs} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = abs / 1000;
  let unit = 0;
  while (value >= 999.95 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${sign}${value.toFixed(1)} ${units[unit]}`;
}

/** Formats a delta with an explicit sign: `+12.1 MB`, `-3.0 kB`, `±0 B`. */
export function formatBytesDelta(bytes: number): string {
  if (bytes === 0) return '±0 B';
  return bytes > 0 ? `+${formatBytes(bytes)}` : formatBytes(bytes);
}

/** Formats a percentage delta: `+8.6 %`, `-0.4 %`, `±0 %`. */
export function formatPercentDelta(percent: number): string {
  if (percent === 0) return '±0 %';
  const text = `${Math.abs(percent).toFixed(1)} %`;
  return percent > 0 ? `+${text}` : `-${text}`;
}
