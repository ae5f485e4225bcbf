/**
 * Which layers each fix changed, and so what each fixed finding is worth, measured: the head image
 * and the what-if image (the same Dockerfile with the fixes applied) are tied instruction by
 * instruction by following every instruction through the fixer's edits. Instructions that a fix joined,
 * moved or removed end up in one group with the layers they became; a group's price is its head layers'
 * bytes less its what-if layers' bytes. A finding's price is the sum over the groups its fix touched;
 * when two findings' fixes touched the same group, the bytes are theirs together and each says so.
 * Pure: texts, fix steps and layers in, prices out.
 */
import { finalStage, parseDockerfile, type DockerfileModel } from '../dockerfile/model.js';
import { rootStage } from '../dockerfile/stages.js';
import type { LintFinding } from '../lint/engine.js';
import { lineStarts, offsetAt, type TextSpan } from '../lint/fix.js';
import type { FixStep } from '../lint/fixer.js';
import type { Finding, Layer, Price } from '../report/model.js';

/** One side of the comparison: the Dockerfile text an image was built from and its measured layers. */
export interface BuiltText {
  text: string;
  /** The image's layers (`Measurement.layers`); instruction lines refer to `text`. */
  layers: readonly Layer[];
}

/** An instruction as offsets into its text. */
interface Span {
  start: number;
  end: number;
  /** 0-based line where it starts. */
  line: number;
}

/** Sentinel node for the base image's layers. */
const BASE = 'base';

/**
 * Measured prices of the `findings` (the head's, as reported) whose fixes the what-if build applied,
 * keyed by the finding's index in `findings`. `steps` are the fixer's passes, from `head.text` to
 * `whatIf.text`.
 */
export function priceFixes(
  file: string,
  head: BuiltText,
  whatIf: BuiltText,
  steps: readonly FixStep[],
  findings: readonly Finding[],
  target?: string,
): Map<number, Price> {
  const texts = [head.text, ...steps.slice(1).map((s) => s.text), whatIf.text];
  const models = texts.map((text) => parseDockerfile(file, text));
  const spans = models.map(instructionSpans);
  const groups = new UnionFind();

  // Follow every instruction of each text into the next one.
  steps.forEach((step, k) => {
    for (const [i, span] of (spans[k] ?? []).entries()) {
      groups.add(node(k, i));
      const start = mapOffset(step.spans, span.start, 'start');
      const end = mapOffset(step.spans, span.end, 'end');
      if (end <= start) continue; // removed by a fix
      (spans[k + 1] ?? []).forEach((next, j) => {
        if (next.start < end && next.end > start) groups.union(node(k, i), node(k + 1, j));
      });
    }
  });
  // The base image goes with the FROM of the stage the image rests on, on both sides.
  const last = texts.length - 1;
  for (const k of [0, last]) {
    const from = baseFrom(models[k]!, target);
    const index = from === undefined ? -1 : (spans[k] ?? []).findIndex((s) => s.start === from);
    if (index >= 0) groups.union(BASE, node(k, index));
  }

  // Bytes per group: head layers count in, what-if layers count out.
  const saved = new Map<string, { bytes: number; compressed: number | null }>();
  const tally = (layers: readonly Layer[], k: number, sign: 1 | -1) => {
    for (const layer of layers) {
      if (layer.diffId === null) continue;
      const at = layer.fromBase ? BASE : layerNode(spans[k] ?? [], k, layer);
      if (at === undefined) continue;
      const group = groups.find(at);
      const entry = saved.get(group) ?? { bytes: 0, compressed: 0 };
      entry.bytes += sign * layer.size;
      entry.compressed =
        entry.compressed === null || layer.compressedSize === null
          ? null
          : entry.compressed + sign * layer.compressedSize;
      saved.set(group, entry);
    }
  };
  tally(head.layers, 0, 1);
  tally(whatIf.layers, last, -1);

  // The groups each fixed finding's edits touched, for the head findings they match.
  const touched = new Map<number, Set<string>>();
  steps.forEach((step, k) => {
    const starts = lineStarts(step.text);
    for (const fixed of step.fixed) {
      const index = findings.findIndex(
        (f, i) => !touched.has(i) && sameFinding(f, fixed) && lineIn(texts, steps, k, f.line) === fixed.line,
      );
      if (index < 0) continue;
      const hit = new Set<string>();
      for (const edit of fixed.fix ?? []) {
        const a = offsetAt(step.text, starts, edit.range.start);
        const b = offsetAt(step.text, starts, edit.range.end);
        (spans[k] ?? []).forEach((span, i) => {
          const overlaps = a < b ? a < span.end && span.start < b : span.start <= a && a <= span.end;
          if (overlaps) hit.add(groups.find(node(k, i)));
        });
      }
      touched.set(index, hit);
    }
  });

  const prices = new Map<number, Price>();
  for (const [index, hit] of touched) {
    let bytes = 0;
    let compressed: number | null = 0;
    for (const group of hit) {
      const entry = saved.get(group);
      if (!entry) continue;
      bytes += entry.bytes;
      compressed = compressed === null || entry.compressed === null ? null : compressed + entry.compressed;
    }
    const sharedWith = [...touched]
      .filter(([other, groupsOfOther]) => other !== index && [...groupsOfOther].some((g) => hit.has(g)))
      .map(([other]) => `${findings[other]!.rule}:${findings[other]!.line}`);
    prices.set(index, {
      bytes,
      ...(compressed === null ? {} : { compressedBytes: compressed }),
      basis: 'measured',
      ...(sharedWith.length > 0 ? { sharedWith } : {}),
    });
  }
  return prices;
}

/**
 * Where `offset` of the text before the edits `spans` is after them. An offset inside an edited range
 * goes to the start of its replacement (`start`, for an instruction's first character) or its end
 * (`end`, for an instruction's end), so a removed instruction maps to an empty range and one joined
 * into another lands inside it.
 */
export function mapOffset(spans: readonly TextSpan[], offset: number, bias: 'start' | 'end'): number {
  let shift = 0;
  for (const span of spans) {
    if (span.start > offset) break;
    const after = span.end < offset || (span.end === offset && span.end > span.start && bias === 'start');
    if (after) {
      shift += span.length - (span.end - span.start);
      continue;
    }
    // Inside the span, or at an edge of it.
    if (bias === 'start' || (offset === span.start && span.end > span.start)) return span.start + shift;
    return span.start + shift + span.length;
  }
  return offset + shift;
}

/** 1-based `line` of the first text, followed through the first `k` steps' edits. */
function lineIn(texts: readonly string[], steps: readonly FixStep[], k: number, line: number): number {
  let offset = offsetAt(texts[0]!, lineStarts(texts[0]!), { line: line - 1, character: 0 });
  for (let s = 0; s < k; s += 1) offset = mapOffset(steps[s]!.spans, offset, 'start');
  const starts = lineStarts(steps[k]!.text);
  let at = 0;
  while (at + 1 < starts.length && starts[at + 1]! <= offset) at += 1;
  return at + 1;
}

function sameFinding(reported: Finding, fixed: LintFinding): boolean {
  return (
    reported.rule === fixed.rule &&
    reported.messageId === fixed.messageId &&
    JSON.stringify(reported.data ?? {}) === JSON.stringify(fixed.data ?? {})
  );
}

function node(text: number, instruction: number): string {
  return `${text}:${instruction}`;
}

/** The node of the instruction that made `layer` (by its start line), if any. */
function layerNode(spans: readonly Span[], k: number, layer: Layer): string | undefined {
  if (!layer.instruction) return undefined;
  const index = spans.findIndex((s) => s.line === layer.instruction!.line - 1);
  return index < 0 ? undefined : node(k, index);
}

function instructionSpans(model: DockerfileModel): Span[] {
  const starts = lineStarts(model.text);
  return model.instructions.map((instruction) => ({
    start: offsetAt(model.text, starts, instruction.range.start),
    end: offsetAt(model.text, starts, instruction.range.end),
    line: instruction.range.start.line,
  }));
}

/** Offset of the FROM of the stage the built image finally rests on. */
function baseFrom(model: DockerfileModel, target?: string): number | undefined {
  const stage = finalStage(model, target);
  if (!stage) return undefined;
  const from = rootStage(model, stage).fromInstruction;
  return offsetAt(model.text, lineStarts(model.text), from.range.start);
}

/** Disjoint sets of node names. */
class UnionFind {
  private readonly parent = new Map<string, string>();

  add(a: string): void {
    if (!this.parent.has(a)) this.parent.set(a, a);
  }

  find(a: string): string {
    this.add(a);
    let root = a;
    while (this.parent.get(root) !== root) root = this.parent.get(root)!;
    this.parent.set(a, root);
    return root;
  }

  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(ra, rb);
  }
}
