/**
 * Estimated prices for the findings whose fix is a rewrite that docker-diet does not build itself
 * (a multi-stage build, a smaller base image): worked out from this image's measured layers, and
 * labelled `estimated` with a note saying how. A finding is only estimated where the advice says what
 * would ship instead; otherwise it keeps no price rather than a guess.
 * - `build-tools-in-final-stage` for Go and Rust: the fix ships only the binary on `scratch` (Go) or
 *   `gcr.io/distroless/cc` (Rust), so everything but the layer the build wrote goes (less the
 *   runtime image's published size).
 * - `heavy-base-image`: the base image's measured layers less the published size of the lighter image
 *   the finding names, when the size table has it.
 * Pure: findings, the Dockerfile model and the measured layers in, findings out.
 */
import { finalStage, type DockerfileModel } from '../dockerfile/model.js';
import { rootStage } from '../dockerfile/stages.js';
import { adviseBaseImage, IMAGE_SIZES } from '../lint/rules/support/base-images.js';
import { finalStageBuild } from '../lint/rules/support/build-commands.js';
import type { Finding, Layer, Price } from '../report/model.js';
import { formatBytes } from '../units/size.js';

/** Where the binary goes once the build moves to a build stage, with the runtime image's size. */
const BINARY_RUNTIME: Partial<Record<string, { image: string; bytes: number; asOf?: string }>> = {
  go: { image: 'scratch', bytes: 0 },
  rust: {
    image: 'gcr.io/distroless/cc',
    bytes: IMAGE_SIZES['gcr.io/distroless/cc']?.disk ?? 0,
    asOf: IMAGE_SIZES['gcr.io/distroless/cc']?.asOf,
  },
};

/**
 * The findings of `model`'s file with an estimated price where one can be worked out from `layers`
 * (the head measurement's); a finding that already has a price keeps it.
 */
export function estimatePrices(
  findings: readonly Finding[],
  model: DockerfileModel,
  layers: readonly Layer[],
  target?: string,
): Finding[] {
  const final = finalStage(model, target);
  if (!final) return [...findings];
  const own = layers.filter((l) => l.diffId !== null);
  const total = own.reduce((sum, l) => sum + l.size, 0);
  const baseBytes = own.filter((l) => l.fromBase).reduce((sum, l) => sum + l.size, 0);
  return findings.map((finding) => {
    if (finding.file !== model.file || finding.price?.basis === 'measured') return finding;
    let price: Price | undefined;
    if (finding.rule === 'build-tools-in-final-stage') price = binaryOnly(model, final, own, total);
    if (finding.rule === 'heavy-base-image') price = lighterBase(model, final, baseBytes);
    return price ? { ...finding, price } : finding;
  });
}

/** Go/Rust built in the final stage: all but the build's layer, less the runtime image. */
function binaryOnly(
  model: DockerfileModel,
  final: NonNullable<ReturnType<typeof finalStage>>,
  layers: readonly Layer[],
  total: number,
): Price | undefined {
  const build = finalStageBuild(model, final);
  const runtime = build && BINARY_RUNTIME[build.command.family];
  if (!build || !runtime) return undefined;
  const line = build.run.range.start.line + 1;
  const artifact = layers.find((l) => l.instruction?.line === line);
  if (!artifact) return undefined;
  const bytes = total - artifact.size - runtime.bytes;
  if (bytes <= 0) return undefined;
  const onto =
    runtime.bytes > 0
      ? `, plus ${runtime.image} (${formatBytes(runtime.bytes)} on disk, ${runtime.asOf})`
      : ` on ${runtime.image}`;
  return {
    bytes,
    basis: 'estimated',
    note: `the image less the layer line ${line} wrote (${formatBytes(artifact.size)})${onto}`,
  };
}

/** A heavy base: its measured layers less the published size of the lighter image the advice names. */
function lighterBase(
  model: DockerfileModel,
  final: NonNullable<ReturnType<typeof finalStage>>,
  baseBytes: number,
): Price | undefined {
  const from = rootStage(model, final).from;
  const advice = adviseBaseImage(from);
  const lighter = advice && /`([^`]+)`/.exec(advice.fix)?.[1];
  const fact = lighter ? IMAGE_SIZES[lighter] : undefined;
  if (!lighter || fact?.disk === undefined || baseBytes === 0) return undefined;
  const bytes = baseBytes - fact.disk;
  if (bytes <= 0) return undefined;
  return {
    bytes,
    basis: 'estimated',
    note: `${from.image} here is ${formatBytes(baseBytes)}; ${lighter} is ${formatBytes(fact.disk)} on disk (${fact.asOf})`,
  };
}
