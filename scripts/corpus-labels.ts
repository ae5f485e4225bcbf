/**
 * Keeps the labelled lint corpus (__tests__/fixtures/corpus) and its precision table (docs/precision.md)
 * in step with the rules:
 *   npx tsx scripts/corpus-labels.ts              (list unlabelled and vanished findings; exit 1 if any)
 *   npx tsx scripts/corpus-labels.ts --update     (rewrite labels.json: keep labels, add new findings as "todo", drop vanished)
 *   npx tsx scripts/corpus-labels.ts --write-doc  (regenerate docs/precision.md from the labels)
 *   npx tsx scripts/corpus-labels.ts --check      (exit 1 when labels and findings differ or the doc is stale)
 * The corpus unit test runs the same checks, so a rule change that alters a finding forces a label update.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { lintDockerfile } from '../src/lint/engine.js';
import { RULES } from '../src/lint/rules/index.js';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The corpus folder: one sub-folder per category, `*.Dockerfile` files in each. */
export const CORPUS_DIR = path.join(ROOT, '__tests__', 'fixtures', 'corpus');
/** The labels of every finding on the corpus. */
export const LABELS_FILE = path.join(CORPUS_DIR, 'labels.json');
/** The generated precision table. */
export const PRECISION_DOC = path.join(ROOT, 'docs', 'precision.md');

/** How a reviewer of the image judged a finding. */
export type Verdict = 'right' | 'noise' | 'wrong';
/** The verdicts a label may carry; `todo` marks a finding the update added and nobody judged yet. */
export const VERDICTS: readonly string[] = ['right', 'noise', 'wrong'];

/** One finding on the corpus, as the labels identify it. */
export interface CorpusFinding {
  /** Path relative to the corpus folder (`official-images/redis-alpine.Dockerfile`). */
  file: string;
  rule: string;
  /** 1-based line of the instruction the finding points at. */
  line: number;
  message: string;
}

/** A reviewer's verdict on one finding. */
export interface Label {
  file: string;
  rule: string;
  line: number;
  verdict: Verdict | 'todo';
  /** One short sentence: why this verdict. */
  why: string;
  /** For `wrong` verdicts: what makes the rule misfire, as one phrase shared by findings with the same cause. */
  cause?: string;
}

/** The identity of a finding: (file, rule, line). */
export function keyOf(f: { file: string; rule: string; line: number }): string {
  return `${f.file}:${f.line}:${f.rule}`;
}

/** Every corpus Dockerfile, relative to the corpus folder, sorted. */
export function corpusFiles(): string[] {
  return readdirSync(CORPUS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(path.join(CORPUS_DIR, d.name))
        .filter((name) => name.endsWith('.Dockerfile'))
        .map((name) => `${d.name}/${name}`),
    )
    .sort();
}

/**
 * Lints every corpus file with all default rules and no build-context facts (the corpus has no
 * contexts), returning one finding per (file, rule, line) and whatever the engine warned about.
 */
export function lintCorpus(): { findings: CorpusFinding[]; warnings: string[] } {
  const warnings: string[] = [];
  const seen = new Map<string, CorpusFinding>();
  for (const file of corpusFiles()) {
    const text = readFileSync(path.join(CORPUS_DIR, file), 'utf8');
    for (const f of lintDockerfile(file, text, { onWarning: (w) => warnings.push(w) })) {
      const finding = { file, rule: f.rule, line: f.line, message: f.message };
      if (!seen.has(keyOf(finding))) seen.set(keyOf(finding), finding);
    }
  }
  return { findings: [...seen.values()], warnings };
}

/** The labels file, in file order. */
export function readLabels(file = LABELS_FILE): Label[] {
  return JSON.parse(readFileSync(file, 'utf8')) as Label[];
}

/** Findings with no label, and labels whose finding no longer appears. */
export function diffLabels(
  findings: readonly CorpusFinding[],
  labels: readonly Label[],
): { unlabelled: CorpusFinding[]; vanished: Label[] } {
  const labelled = new Set(labels.map(keyOf));
  const found = new Set(findings.map(keyOf));
  return {
    unlabelled: findings.filter((f) => !labelled.has(keyOf(f))),
    vanished: labels.filter((l) => !found.has(keyOf(l))),
  };
}

/** Labels that are malformed: an unknown verdict, an empty reason, or a `wrong` verdict without a cause. */
export function invalidLabels(labels: readonly Label[]): string[] {
  const problems: string[] = [];
  const keys = new Set<string>();
  for (const l of labels) {
    const key = keyOf(l);
    if (keys.has(key)) problems.push(`${key}: labelled twice`);
    keys.add(key);
    if (!VERDICTS.includes(l.verdict))
      problems.push(`${key}: verdict "${l.verdict}" is not right/noise/wrong`);
    if (!l.why?.trim()) problems.push(`${key}: no "why"`);
    if (l.verdict === 'wrong' && !l.cause?.trim()) problems.push(`${key}: a wrong verdict needs a "cause"`);
    if (l.verdict !== 'wrong' && l.cause !== undefined)
      problems.push(`${key}: only wrong verdicts have a cause`);
  }
  return problems;
}

/** The labels after a re-run: existing labels kept, new findings added as `todo`, vanished ones dropped. */
export function updatedLabels(findings: readonly CorpusFinding[], labels: readonly Label[]): Label[] {
  const byKey = new Map(labels.map((l) => [keyOf(l), l]));
  return sortLabels(
    findings.map(
      (f) =>
        byKey.get(keyOf(f)) ?? {
          file: f.file,
          rule: f.rule,
          line: f.line,
          verdict: 'todo',
          why: f.message.slice(0, 160),
        },
    ),
  );
}

function sortLabels(labels: Label[]): Label[] {
  return labels.sort((a, b) => cmp(a.file, b.file) || a.line - b.line || cmp(a.rule, b.rule));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Per-rule counts of the labelled findings. */
export interface RuleRow {
  rule: string;
  fired: number;
  right: number;
  noise: number;
  wrong: number;
}

/**
 * One row per rule that runs by default (rules that never fired included), alphabetical. Rules that are
 * off until the config names them never run on the corpus, so they have no row.
 */
export function precisionRows(labels: readonly Label[]): RuleRow[] {
  return RULES.filter((r) => r.meta.enabledByDefault !== false)
    .map((r) => r.meta.id)
    .sort()
    .map((rule) => {
      const mine = labels.filter((l) => l.rule === rule);
      const count = (v: Verdict): number => mine.filter((l) => l.verdict === v).length;
      return {
        rule,
        fired: mine.length,
        right: count('right'),
        noise: count('noise'),
        wrong: count('wrong'),
      };
    });
}

/** Weight of one finding in the weighted total: how loudly its rule's default severity shows it. */
export const SEVERITY_WEIGHT: Readonly<Record<string, number>> = { error: 3, warning: 2, info: 1 };

function percent(part: number, whole: number): string {
  return whole === 0 ? '–' : `${Math.round((100 * part) / whole)} %`;
}

/** docs/precision.md as markdown (before prettier), dated `date` (YYYY-MM-DD). */
export function precisionMarkdown(labels: readonly Label[], files: number, date: string): string {
  const rows = precisionRows(labels);
  const severity = new Map(RULES.map((r) => [r.meta.id, r.meta.severity as string]));
  const total = rows.reduce(
    (t, r) => ({
      fired: t.fired + r.fired,
      right: t.right + r.right,
      noise: t.noise + r.noise,
      wrong: t.wrong + r.wrong,
    }),
    { fired: 0, right: 0, noise: 0, wrong: 0 },
  );
  const weighted = { fired: 0, right: 0, noise: 0, wrong: 0 };
  for (const l of labels) {
    const w = SEVERITY_WEIGHT[severity.get(l.rule) ?? 'warning'] ?? 2;
    weighted.fired += w;
    if (l.verdict === 'right' || l.verdict === 'noise' || l.verdict === 'wrong') weighted[l.verdict] += w;
  }
  const out: string[] = [];
  out.push('# Lint precision on a labelled corpus');
  out.push('');
  out.push(
    '<!-- Generated by scripts/corpus-labels.ts --write-doc from __tests__/fixtures/corpus/labels.json; do not edit by hand. -->',
  );
  out.push('');
  out.push(
    `How often is a docker-diet finding worth acting on? The corpus in [\`__tests__/fixtures/corpus\`](../__tests__/fixtures/corpus/README.md) holds ${files} Dockerfiles written by the team as composites of common public patterns: Docker Official Image style builds, application images in many languages, CI and toolchain images, tutorial-style samples with typical mistakes, and edge cases. Every finding the default rules report on it is labelled by hand, judged as a maintainer of that image would judge it:`,
  );
  out.push('');
  out.push('- **right**: the maintainer would act on it (the cost is real in the image that ships);');
  out.push(
    '- **noise**: correct in letter, but not worth changing (a builder stage, a toolchain image whose purpose is the toolchain, a cost of a few kB);',
  );
  out.push(
    '- **wrong**: the finding is false (what it says does not happen, or the fix would break the image).',
  );
  out.push('');
  out.push(
    'Precision is right ÷ fired. A corpus written to exercise the rules is not a random sample: read the figures as "how the rules behave on realistic files", not as a field measurement. The build context is unknown for corpus files, so `missing-dockerignore` never fires here. Rules that are off by default (version pinning, trusted registries, the label schema) run only when a config file turns them on, so they are not part of this table.',
  );
  out.push('');
  out.push(`## Per rule (as of ${date})`);
  out.push('');
  out.push('| Rule | Severity | Fired | Right | Noise | Wrong | Precision |');
  out.push('| --- | --- | --: | --: | --: | --: | --: |');
  for (const r of rows) {
    out.push(
      `| [${r.rule}](rules/${r.rule}.md) | ${severity.get(r.rule)} | ${r.fired} | ${r.right} | ${r.noise} | ${r.wrong} | ${percent(r.right, r.fired)} |`,
    );
  }
  out.push(
    `| **Total** | | ${total.fired} | ${total.right} | ${total.noise} | ${total.wrong} | ${percent(total.right, total.fired)} |`,
  );
  out.push(
    `| **Weighted total** | | ${weighted.fired} | ${weighted.right} | ${weighted.noise} | ${weighted.wrong} | ${percent(weighted.right, weighted.fired)} |`,
  );
  out.push('');
  out.push(
    `The weighted total counts each finding by its rule's default severity (error ${SEVERITY_WEIGHT.error}, warning ${SEVERITY_WEIGHT.warning}, info ${SEVERITY_WEIGHT.info}), as a louder finding costs more when it is wrong.`,
  );
  out.push('');
  out.push('## Wrong findings, by cause');
  out.push('');
  out.push(
    'Each cause is one thing a rule gets wrong; fixing it removes every finding listed under it. Most frequent first.',
  );
  out.push('');
  const causes = new Map<string, Label[]>();
  for (const l of labels.filter((x) => x.verdict === 'wrong')) {
    const cause = l.cause ?? 'unknown';
    causes.set(cause, [...(causes.get(cause) ?? []), l]);
  }
  const sorted = [...causes.entries()].sort((a, b) => b[1].length - a[1].length || cmp(a[0], b[0]));
  if (sorted.length === 0) out.push('None.');
  for (const [cause, list] of sorted) {
    const rules = [...new Set(list.map((l) => `\`${l.rule}\``))].join(', ');
    const examples = list
      .slice(0, 3)
      .map((l) => `\`${l.file}:${l.line}\``)
      .join(', ');
    out.push(`- ${cause} (${rules}; ${list.length} finding${list.length > 1 ? 's' : ''}): ${examples}`);
  }
  out.push('');
  return out.join('\n');
}

/** The precision doc formatted as `npm run format` would, so formatting never makes it stale. */
export async function renderPrecisionDoc(
  labels: readonly Label[],
  files: number,
  date: string,
): Promise<string> {
  const options = (await resolveConfig(PRECISION_DOC)) ?? {};
  return format(precisionMarkdown(labels, files, date), { ...options, parser: 'markdown' });
}

/** The date the committed doc states, so `--check` compares content rather than the day it runs. */
export function docDate(text: string): string | undefined {
  return /## Per rule \(as of (\d{4}-\d{2}-\d{2})\)/.exec(text)?.[1];
}

/** Problems that `--check` (and the corpus test) fail on, one line each; empty when all is in step. */
export async function checkCorpus(): Promise<string[]> {
  const { findings, warnings } = lintCorpus();
  const labels = readLabels();
  const { unlabelled, vanished } = diffLabels(findings, labels);
  const problems = [
    ...warnings.map((w) => `engine warning: ${w}`),
    ...unlabelled.map((f) => `unlabelled finding: ${keyOf(f)} ${f.message.slice(0, 100)}`),
    ...vanished.map((l) => `labelled finding vanished: ${keyOf(l)} (${l.verdict})`),
    ...invalidLabels(labels),
  ];
  let committed = '';
  try {
    committed = readFileSync(PRECISION_DOC, 'utf8');
  } catch {
    problems.push('docs/precision.md is missing');
  }
  const date = docDate(committed) ?? today();
  if (committed && committed !== (await renderPrecisionDoc(labels, corpusFiles().length, date))) {
    problems.push('docs/precision.md is stale: run `npx tsx scripts/corpus-labels.ts --write-doc`');
  }
  return problems;
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--check')) {
    const problems = await checkCorpus();
    for (const p of problems) console.error(p);
    if (problems.length === 0) console.log('corpus labels and docs/precision.md are up to date');
    return problems.length === 0 ? 0 : 1;
  }
  if (argv.includes('--write-doc')) {
    const labels = readLabels();
    writeFileSync(PRECISION_DOC, await renderPrecisionDoc(labels, corpusFiles().length, today()));
    console.log(`wrote ${path.relative(ROOT, PRECISION_DOC)}`);
    return 0;
  }
  const { findings, warnings } = lintCorpus();
  let labels: Label[] = [];
  try {
    labels = readLabels();
  } catch {
    console.log('no labels yet');
  }
  const { unlabelled, vanished } = diffLabels(findings, labels);
  for (const w of warnings) console.log(`engine warning: ${w}`);
  for (const f of unlabelled) console.log(`new      ${keyOf(f)}  ${f.message.slice(0, 120)}`);
  for (const l of vanished) console.log(`vanished ${keyOf(l)}  (${l.verdict}: ${l.why})`);
  console.log(
    `${corpusFiles().length} files, ${findings.length} findings, ${unlabelled.length} new, ${vanished.length} vanished`,
  );
  if (argv.includes('--update')) {
    writeFileSync(LABELS_FILE, `${JSON.stringify(updatedLabels(findings, labels), null, 2)}\n`);
    console.log(`wrote ${path.relative(ROOT, LABELS_FILE)}; judge every "todo" label`);
    return 0;
  }
  return unlabelled.length + vanished.length === 0 ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
