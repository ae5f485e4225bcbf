/**
 * Markdown for the PR comment and the job summary. Pure: report and render options in, markdown out.
 *
 * Everything that comes from a Dockerfile or a build log goes through `escapeMarkdown` (or a fenced
 * block): it cannot break a table, inject HTML, ping someone or cross-link an issue. GitHub caps a
 * comment at 65,536 characters and a job summary at 1 MiB, so the renderers drop detail in steps until
 * the text fits, and say what they dropped.
 */
import { docsUrl } from '../lint/types.js';
import { formatBytes, formatBytesDelta, formatPercentDelta } from '../units/size.js';
import { layerRows, renderMermaidChart, rowText, type LayerRow } from './chart.js';
import { renderHistoryBlock } from './history.js';
import { code, escapeHtml, escapeMarkdown, fenced, message, table } from './markdown-escape.js';
import { LARGE_CONTEXT_BYTES, type Finding, type ImageReport, type Price, type Report } from './model.js';
import { byPrice, describePrice, describeWhatIf, explainPrice, priceOf } from './prices.js';
import {
  budgetMark,
  describeBaseCache,
  failedStep,
  lintVerdictLine,
  severityMark,
  verdictLine,
} from './verdict.js';

/** GitHub's limit for an issue comment, in characters. */
export const COMMENT_LIMIT = 65_536;
/** GitHub's limit for a step's job summary, in bytes. */
export const SUMMARY_LIMIT = 1_048_576;

/** How links are built and how much room there is. Every field is optional (the CLI has none). */
export interface RenderOptions {
  /** `owner/repo`; with `headSha` it turns Dockerfile lines into links. */
  repository?: string;
  /** Commit the PR's Dockerfiles are linked at. */
  headSha?: string;
  /** Default `https://github.com` (GITHUB_SERVER_URL on GitHub Enterprise). */
  serverUrl?: string;
  /** Link to a rule's documentation; default: the rule docs in the docker-diet repository. */
  rulesDocsUrl?: (id: string) => string;
  /** Most characters (comment) or bytes (summary); default: GitHub's limit less room for the page. */
  maxLength?: number;
  /** The PR label that accepts a budget failure (`budget-override-label`). */
  overrideLabel?: string;
  /** Link to the workflow run, shown in the footer. */
  runUrl?: string;
}

/** One step of detail; the renderers try them in order until the text fits. */
interface Detail {
  /** Per-image `<details>` open. */
  open: boolean;
  /** Most rows per table. */
  rows: number;
  chart: boolean;
  /** False: only the verdict, baseline, build failure and budget lines. */
  details: boolean;
}

const LEVELS: Detail[] = [
  { open: true, rows: Infinity, chart: true, details: true },
  { open: false, rows: Infinity, chart: true, details: true },
  { open: false, rows: 100, chart: true, details: true },
  { open: false, rows: 50, chart: true, details: true },
  { open: false, rows: 20, chart: true, details: true },
  { open: false, rows: 20, chart: false, details: true },
  { open: false, rows: 5, chart: false, details: true },
  { open: false, rows: 0, chart: false, details: false },
];

interface Ctx extends RenderOptions {
  report: Report;
  kind: 'comment' | 'summary';
  detail: Detail;
  /** What this rendering left out, for the closing note. */
  dropped: Set<string>;
}

/** URL of a Dockerfile line at the PR's commit, or undefined when the repository is not known. */
function blobUrl(ctx: Ctx, file: string, line: number): string | undefined {
  if (!ctx.repository || !ctx.headSha) return undefined;
  const encode = (part: string): string =>
    encodeURIComponent(part).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const server = (ctx.serverUrl ?? 'https://github.com').replace(/\/+$/, '');
  return `${server}/${ctx.repository}/blob/${ctx.headSha}/${file.split('/').map(encode).join('/')}#L${line}`;
}

/** `Dockerfile:12`, linked to the line when the repository is known. */
function location(ctx: Ctx, file: string, line: number): string {
  const text = escapeMarkdown(`${file}:${line}`);
  const url = blobUrl(ctx, file, line);
  return url ? `[${text}](${url})` : text;
}

/**
 * At most `ctx.detail.rows` items, the heaviest ones by `weight` (all equal: the first ones), kept in
 * their order, and the sentence saying what was left out.
 */
function limit<T>(ctx: Ctx, items: T[], noun: string, weight?: (item: T) => number) {
  const max = ctx.detail.rows;
  if (items.length <= max) return { shown: items, note: '' };
  const ranked = items.map((item, i) => ({ i, w: weight ? weight(item) : -i }));
  const keep = new Set(
    ranked
      .sort((a, b) => b.w - a.w || a.i - b.i)
      .slice(0, max)
      .map((r) => r.i),
  );
  ctx.dropped.add(`rows past the first ${max} of each table`);
  return {
    shown: items.filter((_, i) => keep.has(i)),
    note: `\n\n_… ${items.length - max} more. Showing ${max} of ${items.length} ${noun}; the full report is in the JSON artifact._`,
  };
}

/** `<details>` with a plain-text summary. */
function details(summary: string, body: string, open = false): string {
  return `<details${open ? ' open' : ''}><summary>${escapeHtml(summary)}</summary>\n\n${body}\n\n</details>`;
}

const STATUS: Record<string, string> = {
  added: '🆕 added',
  removed: '🗑️ removed',
  changed: '✏️ changed',
  unchanged: 'unchanged',
};

function layerCells(ctx: Ctx, row: LayerRow, withBase: boolean): string[] {
  const at = row.instruction;
  // A removed layer's line is in the base's Dockerfile, which the PR's commit does not show.
  const where = !at
    ? '—'
    : row.status === 'removed'
      ? `${escapeMarkdown(`${at.file}:${at.line}`)} (base)`
      : location(ctx, at.file, at.line);
  const what = row.fromBase ? 'base image' : code(rowText(row));
  const cells = [where, what, row.headSize === null ? '—' : formatBytes(row.headSize)];
  if (!withBase) return cells;
  return [STATUS[row.status ?? 'unchanged']!, ...cells, row.delta === 0 ? '' : formatBytesDelta(row.delta)];
}

function layersBlock(ctx: Ctx, image: ImageReport): string {
  if (!image.head) return '';
  const rows = layerRows(image);
  const withBase = rows.some((r) => r.status !== null);
  const header = withBase ? ['Status', 'Line', 'Instruction', 'Size', 'Δ'] : ['Line', 'Instruction', 'Size'];
  const moved = rows.filter((r) => r.status !== 'unchanged');
  const still = rows.filter((r) => r.status === 'unchanged');
  const main = limit(ctx, moved, 'layers', (r) => Math.max(Math.abs(r.delta), r.headSize ?? 0));
  const title = '#### Layers of the final stage';
  const parts = [
    moved.length === 0
      ? `${title}\n\nNo layer changed.`
      : `${title}\n\n${table(
          header,
          main.shown.map((r) => layerCells(ctx, r, withBase)),
        )}${main.note}`,
  ];
  if (still.length > 0) {
    const fold = limit(ctx, still, 'unchanged layers', (r) => r.headSize ?? 0);
    const bytes = still.reduce((total, r) => total + (r.headSize ?? 0), 0);
    const own = still.filter((r) => !r.fromBase).length;
    const what = [
      own === 1 ? '1 layer' : own > 1 ? `${own} layers` : '',
      still.some((r) => r.fromBase) ? 'the base image' : '',
    ]
      .filter(Boolean)
      .join(' and ');
    const rowsText = table(
      header,
      fold.shown.map((r) => layerCells(ctx, r, withBase)),
    );
    parts.push(details(`Unchanged: ${what}, ${formatBytes(bytes)}`, `${rowsText}${fold.note}`));
  }
  return parts.join('\n\n');
}

function wastedBlock(ctx: Ctx, image: ImageReport): string {
  const head = image.head;
  if (!head) return '';
  const parts: string[] = [];
  if (head.wastedBytes) {
    const delta = image.delta?.wastedBytes;
    const change = delta === null || delta === undefined ? '' : ` (${formatBytesDelta(delta)})`;
    parts.push(`${formatBytes(head.wastedBytes)}${change} in files that later layers delete or overwrite.`);
    const paths = limit(ctx, head.wastedPaths, 'paths', (p) => p.bytes);
    const rows = paths.shown.map((p) => [code(p.path), formatBytes(p.bytes)]);
    if (rows.length > 0) parts.push(`${table(['Path', 'Wasted'], rows)}${paths.note}`);
  }
  if (head.leftoverCaches.length > 0) {
    const caches = limit(ctx, head.leftoverCaches, 'leftover caches', (c) => c.bytes);
    const rows = caches.shown.map((c) => [
      escapeMarkdown(c.kind),
      code(c.path),
      formatBytes(c.bytes),
      c.instruction ? location(ctx, c.instruction.file, c.instruction.line) : '—',
    ]);
    parts.push(
      `Caches left in the image:\n\n${table(['Cache', 'Path', 'Size', 'Added at'], rows)}${caches.note}`,
    );
  }
  return parts.length > 0 ? `#### Wasted space\n\n${parts.join('\n\n')}` : '';
}

function findingsBlock(ctx: Ctx, findings: Finding[], title: string, image?: ImageReport): string {
  if (findings.length === 0) return '';
  const sorted = byPrice(findings);
  const docs = ctx.rulesDocsUrl ?? docsUrl;
  const priced = findings.some((f) => priceOf(f) !== undefined);
  const { shown, note } = limit(ctx, sorted, 'findings');
  const rows = shown.map((f) => {
    const cells = [
      severityMark(f.severity),
      `[${escapeMarkdown(f.rule)}](${f.helpUri ?? docs(f.rule)})`,
      location(ctx, f.file, f.line),
      message(f.message),
    ];
    const price = priceOf(f);
    return priced ? [...cells, price ? priceCell(price) : ''] : cells;
  });
  const header = ['', 'Rule', 'Where', 'Message', ...(priced ? ['Saves'] : [])];
  const whatIf = image && describeWhatIf(image);
  const total = whatIf ? `\n\n${escapeMarkdown(whatIf)}` : '';
  return `#### ${title}\n\n${table(header, rows)}${note}${total}`;
}

/**
 * `523.8 MB, measured`, saying when the bytes are shared with other fixes, with how the figure was
 * found as a hover title where there is more to say than the basis.
 */
function priceCell(price: Price): string {
  const shared = price.sharedWith?.length ?? 0;
  const text = escapeMarkdown(
    `${describePrice(price)}${shared ? `, with ${shared} other fix${shared === 1 ? '' : 'es'}` : ''}`,
  );
  return price.note || shared ? `<span title="${escapeHtml(explainPrice(price))}">${text}</span>` : text;
}

function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

/** `[build 1/7] FROM …`: resolving the base image, which BuildKit never flags as cached. */
const FROM_STEP = /^\[[^\]]*\]\s+FROM\s/i;

function stepsBlock(ctx: Ctx, image: ImageReport): string {
  // FROM steps are left out unless they failed: they are not work the Dockerfile's cache could save.
  const steps = image.buildSteps.filter((s) => s.error || !FROM_STEP.test(s.name));
  const ran = steps.filter((s) => !s.cached);
  if (ran.length === 0) return '';
  const total = ran.reduce((sum, s) => sum + (s.seconds ?? 0), 0);
  const { shown, note } = limit(ctx, ran, 'build steps', (s) => (s.error ? Infinity : (s.seconds ?? 0)));
  const rows = shown.map((s) => [
    `${s.error ? '❌ ' : ''}${code(s.name, 120)}`,
    s.seconds === null ? '—' : formatSeconds(s.seconds),
  ]);
  const cached = steps.length - ran.length;
  const intro = `${ran.length} step${ran.length === 1 ? '' : 's'} ran (${cached} cached), ${formatSeconds(total)} in total.`;
  return `#### Build steps that were not cached\n\n${intro}\n\n${table(['Step', 'Time'], rows)}${note}`;
}

function budgetBlock(ctx: Ctx, image: ImageReport): string {
  const { status, violations, overriddenBy } = image.budget;
  if (violations.length === 0) return '';
  const list = violations
    .map((v) => `- ${escapeMarkdown(v.budget)}: ${escapeMarkdown(v.message)}`)
    .join('\n');
  const label = `<code>${escapeMarkdown(ctx.overrideLabel ?? 'docker-diet:allow-growth')}</code>`;
  if (overriddenBy) {
    return `${budgetMark(status)} **Over budget, accepted** by the label <code>${escapeMarkdown(overriddenBy)}</code>:\n\n${list}`;
  }
  const how =
    status === 'fail'
      ? `\n\nTo accept the growth on a pull request, someone with triage or write access to the repository adds the label ${label} to it and re-runs the job.`
      : '';
  return `${budgetMark(status)} **Over budget:**\n\n${list}${how}`;
}

function baselineLine(image: ImageReport): string {
  const ref = image.baseline.ref ? ` ${code(image.baseline.ref)}` : '';
  if (image.baseline.source === 'build') {
    const cache = describeBaseCache(image);
    const reuse = cache ? ` (${cache})` : '';
    return `Compared with a build of${ref || ' the base branch'}${reuse}.`;
  }
  if (image.baseline.source === 'registry')
    return `Compared with${ref || ' the base image'} from the registry.`;
  if (image.baseline.source === 'unchanged')
    return `Unchanged since${ref || ' the base commit'}: no file this build reads changed, so the base was not built.`;
  if (image.baseline.source === 'stored') {
    const note = image.baseline.note ? `, ${escapeMarkdown(image.baseline.note)}` : '';
    return `Compared with the stored report of${ref || ' the base commit'}${note}.`;
  }
  if (image.baseline.reason === 'removed') {
    return `The Dockerfile ${code(image.dockerfile)} was removed; it existed at${ref || ' the base commit'}.`;
  }
  return image.baseline.reason ? `No baseline: ${escapeMarkdown(image.baseline.reason)}.` : 'No baseline.';
}

function imageBlock(ctx: Ctx, image: ImageReport): string {
  const parts = [`### ${escapeMarkdown(verdictLine(ctx.report, image))}`, baselineLine(image)];
  if (image.baseImageChange) {
    const change = image.baseImageChange;
    parts.push(
      `The base image changed: ${code(change.from)} → ${code(change.to)} (${formatBytesDelta(change.delta)}).`,
    );
  }
  for (const note of image.head?.notes ?? []) parts.push(`ℹ️ ${escapeMarkdown(note)}`);
  if (image.buildContext && image.buildContext.bytes > LARGE_CONTEXT_BYTES) {
    parts.push(
      `⚠️ The build context is ${formatBytes(image.buildContext.bytes)} in ${image.buildContext.files} files: it is ` +
        'sent to the engine on every build. Keep what the build does not need out with `.dockerignore`.',
    );
  }
  const failure = failedStep(image);
  if (failure) parts.push(`❌ The build failed at ${code(failure.name, 200)}:\n\n${fenced(failure.error)}`);
  parts.push(budgetBlock(ctx, image));
  if (ctx.detail.details) {
    const chart = ctx.detail.chart ? renderMermaidChart(image) : undefined;
    if (!ctx.detail.chart && renderMermaidChart(image)) ctx.dropped.add('the layer chart');
    const findings = ctx.report.findings.filter((f) => f.file === image.dockerfile);
    // The size history: collapsed in the comment, open in the summary; dropped with the charts.
    const history = ctx.detail.chart ? renderHistoryBlock(image, ctx.kind === 'summary') : '';
    if (!ctx.detail.chart && renderHistoryBlock(image, false)) ctx.dropped.add('the size history');
    const body = [
      chart ?? '',
      history,
      layersBlock(ctx, image),
      wastedBlock(ctx, image),
      findingsBlock(ctx, findings, `Lint findings in ${image.dockerfile}`, image),
      stepsBlock(ctx, image),
    ].filter(Boolean);
    const open = ctx.detail.open && (ctx.kind === 'summary' || ctx.report.images.length === 1);
    if (body.length > 0) parts.push(details(`Details of ${image.name}`, body.join('\n\n'), open));
  } else {
    ctx.dropped.add('the per-image details');
  }
  return parts.filter(Boolean).join('\n\n');
}

function imagesTable(ctx: Ctx): string {
  const { shown, note } = limit(ctx, ctx.report.images, 'images');
  const delta = (value: number | null | undefined) =>
    value === null || value === undefined ? '—' : formatBytesDelta(value);
  const rows = shown.map((image) => [
    escapeMarkdown(image.name),
    image.base ? formatBytes(image.base.size) : '—',
    image.head ? formatBytes(image.head.size) : failedStep(image) ? 'build failed' : '—',
    delta(image.delta?.size),
    image.delta?.sizePercent === null || image.delta?.sizePercent === undefined
      ? '—'
      : formatPercentDelta(image.delta.sizePercent),
    delta(image.delta?.compressedSize),
    image.head ? budgetMark(image.budget.status) : '—',
  ]);
  return `${table(['Image', 'Base', 'PR', 'Δ', 'Δ %', 'Compressed Δ', 'Budget'], rows)}${note}`;
}

function footer(ctx: Ctx): string {
  const parts = [`docker-diet ${escapeMarkdown(ctx.report.tool.version)}`];
  if (ctx.headSha) {
    const sha = escapeHtml(ctx.headSha.slice(0, 7));
    const server = (ctx.serverUrl ?? 'https://github.com').replace(/\/+$/, '');
    parts.push(
      ctx.repository ? `commit [${sha}](${server}/${ctx.repository}/commit/${ctx.headSha})` : `commit ${sha}`,
    );
  }
  if (ctx.runUrl) parts.push(`[workflow run](${ctx.runUrl})`);
  return `<sub>${parts.join(' · ')}</sub>`;
}

function renderAt(ctx: Ctx): string {
  const { report } = ctx;
  const parts: string[] = [];
  if (ctx.kind === 'summary') parts.push('## docker-diet');
  if (report.images.length > 1 && ctx.detail.details) parts.push(imagesTable(ctx));
  for (const image of report.images) parts.push(imageBlock(ctx, image));
  const files = new Set(report.images.map((i) => i.dockerfile));
  const others = report.findings.filter((f) => !files.has(f.file));
  if (report.images.length === 0) parts.push(`### ${escapeMarkdown(lintVerdictLine(report))}`);
  if (others.length > 0 && ctx.detail.details) {
    const title = report.images.length === 0 ? 'Lint findings' : 'Lint findings in other Dockerfiles';
    parts.push(findingsBlock(ctx, others, title));
  }
  if (ctx.dropped.size > 0) {
    const where =
      ctx.kind === 'comment' ? 'a comment under 65,536 characters' : 'the job summary under 1 MiB';
    const more = ctx.kind === 'comment' ? 'the job summary and the JSON artifact' : 'the JSON artifact';
    parts.push(`_To keep ${where}, this leaves out ${[...ctx.dropped].join(', ')}; see ${more}._`);
  }
  parts.push(footer(ctx));
  return `${parts.filter(Boolean).join('\n\n')}\n`;
}

/** Renders at the richest detail level that fits `max` as measured by `size`. */
function fit(
  report: Report,
  options: RenderOptions,
  kind: Ctx['kind'],
  max: number,
  size: (t: string) => number,
) {
  let text = '';
  for (const detail of LEVELS) {
    text = renderAt({ ...options, report, kind, detail, dropped: new Set() });
    if (size(text) <= max) return text;
  }
  // Even the verdict lines do not fit (a tiny limit or hundreds of images): cut at a line.
  const note = '\n_Cut to fit GitHub’s limit; the full report is in the JSON artifact._\n';
  const lines = text.split('\n');
  while (lines.length > 1 && size(lines.join('\n') + note) > max) lines.pop();
  const cut = lines.join('\n') + note;
  if (size(cut) <= max) return cut;
  // Not even one line and the note: as much of the first line as fits.
  const chars = [...(lines[0] ?? '')];
  while (chars.length > 0 && size(chars.join('')) > max) chars.pop();
  return chars.join('');
}

/**
 * The PR comment section for the report's images: a verdict line per image, a table when there are
 * several, then collapsible details. Stays within `options.maxLength` characters (default: the comment
 * limit less 2,048 for the sticky comment's header and markers).
 */
export function renderComment(report: Report, options: RenderOptions = {}): string {
  return fit(report, options, 'comment', options.maxLength ?? COMMENT_LIMIT - 2048, (t) => t.length);
}

/**
 * The job summary: the same content under a heading, within `options.maxLength` UTF-8 bytes (default:
 * 1 MiB less 48 KiB for whatever else the job writes). Works without a PR: on a push without a
 * baseline it shows absolute sizes.
 */
export function renderSummary(report: Report, options: RenderOptions = {}): string {
  const max = options.maxLength ?? SUMMARY_LIMIT - 48 * 1024;
  return fit(report, options, 'summary', max, (t) => Buffer.byteLength(t, 'utf8'));
}

/** The report as markdown without links, for `--format markdown` (same as a summary without options). */
export function renderMarkdown(report: Report, options: RenderOptions = {}): string {
  return renderSummary(report, options);
}
