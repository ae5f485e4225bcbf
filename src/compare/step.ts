/**
 * The compare step of the pipeline: find a baseline for one image (a measurement stored in git notes
 * for the base commit, a pushed image in a registry, or the base commit built from a temporary
 * worktree with the same options), measure it like the head when needed, and fill in the deltas and
 * the per-instruction comparison. Without a usable baseline it says why.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { BuildFailedError } from '../docker/build-error.js';
import { baseBuildCache } from '../docker/build-options.js';
import type { BuildOutcome, BuildRequest, DockerClient } from '../docker/client.js';
import { finalStage, parseDockerfile } from '../dockerfile/model.js';
import { rootStage } from '../dockerfile/stages.js';
import { DietError } from '../errors.js';
import { ensureCommit, existsAtCommit, repositoryRoot, withWorktree } from '../git/worktree.js';
import type { Logger } from '../logger.js';
import type { MeasureRequest, MeasureResult } from '../measure/step.js';
import { readRegistryImage, type RegistryImage } from '../registry/client.js';
import {
  computeDelta,
  type Baseline,
  type ImageReport,
  type Layer,
  type Measurement,
} from '../report/model.js';
import type { Settings } from '../config/settings.js';
import { diffLayers } from './layer-diff.js';
import { fileAtCommit } from '../git/notes.js';
import type { StoredReads } from './stored-reads.js';
import { readImageHistoryEarly, type HistoryStart } from './history.js';
import { changedBuildInput } from './unchanged-inputs.js';
import {
  findStoredBaseline,
  readStoredBaseline,
  storedMeasurement,
  type FoundBaseline,
  type StoredEntry,
} from './stored.js';

/** The parts of the pipeline the compare step drives. */
export interface CompareDeps {
  docker: DockerClient;
  log: Logger;
  workspace: string;
  /** Builds like the head build (same options, progress shown the same way). */
  build: (request: BuildRequest) => Promise<BuildOutcome>;
  measure: (request: MeasureRequest) => Promise<MeasureResult>;
  /** Reads an image from a registry; the real client by default. */
  readRegistry?: typeof readRegistryImage;
  /** Told every registry credential and token used, to keep them out of what is reported. */
  onSecret?: (value: string) => void;
  /** The run's reads of the stored reports (git notes), shared with the size history. */
  reads?: StoredReads;
}

/** Where to look for the base: the input, else the pull request's base commit. */
export interface CompareTarget {
  baseRef?: string;
}

/** A full 40-hex commit SHA. */
const FULL_SHA = /^[0-9a-f]{40}$/i;

/** What the compare step adds to an image report. */
export type Comparison = Pick<
  ImageReport,
  'base' | 'baseline' | 'delta' | 'layerChanges' | 'baseImageChange'
>;

/**
 * For a Dockerfile missing from the head: the base commit's SHA when the Dockerfile exists there (it
 * was removed in this change), else undefined (it never existed: a usage error for the caller).
 */
export async function dockerfileRemovedSince(
  settings: Settings,
  baseRef: string | undefined,
  log: Logger,
): Promise<string | undefined> {
  if (!baseRef || settings.compare === 'none') return undefined;
  const repo = await repositoryRoot(path.dirname(settings.dockerfile)).catch(() => undefined);
  if (!repo) return undefined;
  const sha = await ensureCommit(repo, baseRef, (m) => log.info(m));
  if (!sha) return undefined;
  return (await existsAtCommit(repo, sha, path.relative(repo, settings.dockerfile))) ? sha : undefined;
}

/**
 * Starts the reads of the stored reports that this image's compare step and size history will make
 * and that need nothing of the head: the stored baseline of a base commit named by its full SHA (a
 * shorter ref may need fetching first, which the compare step does itself) with the Dockerfile at that
 * commit, and the size history when the commit it starts from is in the checkout. They run beside
 * the head's build and measure; the compare step and the history take the results.
 */
export async function readAhead(reads: StoredReads, settings: Settings, start: HistoryStart): Promise<void> {
  const repo = await reads.root(settings.context);
  if (!repo) return;
  const ref = start.baseRef;
  if ((settings.compare === 'stored' || settings.compare === 'auto') && ref && FULL_SHA.test(ref)) {
    const sha = ref.toLowerCase();
    void readStoredBaseline(reads, repo, sha, settings.name);
    void dockerfileAt(reads, repo, sha, settings.dockerfile);
  }
  await readImageHistoryEarly(reads, repo, start, settings.name);
}

/**
 * The text of `dockerfile` at commit `sha`, read once per run when `reads` is given. A file found
 * absent is read again: a shallow checkout may have fetched the commit since.
 */
async function dockerfileAt(
  reads: StoredReads | undefined,
  repo: string,
  sha: string,
  dockerfile: string,
): Promise<string | undefined> {
  const file = path.relative(repo, dockerfile);
  const once = reads?.once(repo, `file ${sha}:${file}`, () => fileAtCommit(repo, sha, file));
  return (await once) ?? (await fileAtCommit(repo, sha, file));
}

/** Finds and measures the baseline for `head`, and compares. Never throws for a missing baseline. */
export async function compareWithBaseline(
  head: MeasureResult,
  settings: Settings,
  target: CompareTarget,
  deps: CompareDeps,
): Promise<Comparison> {
  const none = (reason: string): Comparison => ({
    base: null,
    baseline: { source: 'none', reason },
    delta: null,
    layerChanges: [],
    baseImageChange: null,
  });
  if (settings.compare === 'none') return none('comparison is turned off (compare: none)');

  if (settings.compare === 'stored' || settings.compare === 'auto') {
    const stored = await storedComparison(head, settings, target, deps);
    if ('comparison' in stored) return stored.comparison;
    if (settings.compare === 'stored') return none(stored.reason);
  }

  const tryRegistry = settings.compare === 'registry' || (settings.compare === 'auto' && settings.baseImage);
  if (tryRegistry) {
    if (!settings.baseImage) return none('compare: registry needs the base-image input');
    try {
      const image = await (deps.readRegistry ?? readRegistryImage)(settings.baseImage, {
        platform: settings.platform,
        knownDiffIds: new Set(head.measurement.layers.flatMap((l) => (l.diffId ? [l.diffId] : []))),
        onSecret: deps.onSecret,
      });
      return finish(head.measurement, registryMeasurement(image, head.measurement), {
        source: 'registry',
        ref: settings.baseImage,
      });
    } catch (error) {
      if (settings.compare === 'registry' || !(error instanceof DietError)) throw error;
      deps.log.warning(`Registry baseline unavailable (${error.message}); building the base commit instead.`);
    }
  }

  const ref = target.baseRef;
  if (!ref) return none('no base to compare with: not a pull request and no base-ref given');
  const repo = await repositoryRoot(settings.context);
  if (!repo) return none(`no base to compare with: ${settings.context} is not in a git repository`);
  const sha = await ensureCommit(repo, ref, (m) => deps.log.info(m));
  if (!sha) return none(`the base commit ${ref} cannot be fetched`);

  const relDockerfile = path.relative(repo, settings.dockerfile);
  if (!(await existsAtCommit(repo, sha, relDockerfile))) return none('new image');
  if (settings.compare === 'auto') {
    // Nothing the build reads changed: the base image would be the head image, so it is not built.
    const changed = await changedBuildInput(repo, sha, settings);
    if (changed === undefined) {
      deps.log.info(
        `No file the build reads changed since the base commit ${sha.slice(0, 12)}: the base image is the head image, so it is not built.`,
      );
      return finish(head.measurement, head.measurement, { source: 'unchanged', ref: sha });
    }
    deps.log.info(`Building the base commit ${sha.slice(0, 12)} (${changed} since).`);
  }
  const displayPath = path.relative(deps.workspace, settings.dockerfile).split(path.sep).join('/');
  return withWorktree(repo, sha, async (checkout) => {
    const inBase = (p: string): string => path.join(checkout.dir, path.relative(repo, p));
    let outcome: BuildOutcome;
    try {
      outcome = await deps.build({
        context: inBase(settings.context),
        dockerfile: inBase(settings.dockerfile),
        displayPath,
        target: settings.target,
        buildArgs: settings.buildArgs,
        platform: settings.platform,
        noCache: settings.noCache,
        labels: { ...settings.labels, 'org.opencontainers.image.revision': sha },
        // The same builder (the client) and session options as the head; the cache the head exported
        // is read, and nothing is exported (see baseBuildCache).
        secrets: settings.secrets,
        ssh: settings.ssh,
        ...baseBuildCache(settings),
        buildContexts: Object.fromEntries(
          Object.entries(settings.buildContexts).map(([name, source]) => [
            name,
            path.isAbsolute(source) && !path.relative(repo, source).startsWith('..')
              ? inBase(source)
              : source,
          ]),
        ),
      });
    } catch (error) {
      // The base branch's breakage is not this change's fault: report without a baseline, do not fail.
      if (!(error instanceof BuildFailedError)) throw error;
      const firstLine = error.message.split('\n')[0] ?? error.message;
      deps.log.warning(
        `The base commit ${sha.slice(0, 12)} does not build, so there is no baseline. ${firstLine}`,
      );
      return none(`the base commit ${sha.slice(0, 12)} does not build: ${firstLine}`);
    }
    const base = await deps.measure({
      reference: outcome.imageId,
      dockerfile: { path: inBase(settings.dockerfile), displayPath },
      target: settings.target,
      buildArgs: settings.buildArgs,
    });
    const comparison = finish(head.measurement, base.measurement, {
      source: 'build',
      ref: sha,
      cache: {
        cachedSteps: outcome.steps.filter((step) => step.cached).length,
        totalSteps: outcome.steps.length,
      },
    });
    const headFrom = await fromOf(settings.dockerfile, settings.target);
    const baseFrom = await fromOf(inBase(settings.dockerfile), settings.target);
    if (headFrom && baseFrom && headFrom !== baseFrom) {
      const baseRow = comparison.layerChanges.find((row) => row.fromBase);
      comparison.baseImageChange = { from: baseFrom, to: headFrom, delta: baseRow?.delta ?? 0 };
    }
    return comparison;
  });
}

/**
 * The comparison with a stored measurement of the base commit (or an ancestor), or why there is none.
 * Builds nothing; reads the Dockerfile at the stored commit only to tell a changed base image.
 */
async function storedComparison(
  head: MeasureResult,
  settings: Settings,
  target: CompareTarget,
  deps: CompareDeps,
): Promise<{ comparison: Comparison } | { reason: string }> {
  const ref = target.baseRef;
  if (!ref) return { reason: 'no base to compare with: not a pull request and no base-ref given' };
  const repo = await (deps.reads?.root(settings.context) ?? repositoryRoot(settings.context));
  if (!repo) return { reason: `no base to compare with: ${settings.context} is not in a git repository` };
  // A full SHA (what a pull request event gives) needs no fetch to find its note: the commit itself is
  // fetched only when its ancestors must be walked.
  const sha = FULL_SHA.test(ref) ? ref.toLowerCase() : await ensureCommit(repo, ref, (m) => deps.log.info(m));
  if (!sha) return { reason: `the base commit ${ref} cannot be fetched` };
  const lookup = await findStoredBaseline(repo, sha, settings.name, deps.log, deps.reads);
  if ('refused' in lookup) {
    deps.log.warning(`Stored baseline refused: ${lookup.refused}; using the next source instead.`);
    return { reason: `stored baseline refused: ${lookup.refused}` };
  }
  if ('missing' in lookup) {
    deps.log.info(`No stored baseline: ${lookup.missing}.`);
    return { reason: lookup.missing };
  }
  const found = lookup.found;
  if ((found.entry.target ?? null) !== (settings.target ?? null)) {
    const stage = (t: string | null | undefined): string => (t ? `target ${t}` : 'the last stage');
    const reason = `the stored report of ${found.commit.slice(0, 12)} measured ${stage(found.entry.target)}, not ${stage(settings.target)}`;
    deps.log.info(`No stored baseline: ${reason}.`);
    return { reason };
  }
  const unlike = unlikeMeasurement(found.entry, head.measurement);
  if (unlike) {
    const reason = `the stored report of ${found.commit.slice(0, 12)} was measured ${unlike}`;
    deps.log.info(`No stored baseline: ${reason}.`);
    return { reason };
  }
  const note = ancestorNote(sha, found);
  deps.log.info(
    `Comparing with the stored report of ${found.commit.slice(0, 12)}${note ? `, ${note}` : ''}; the base is not built.`,
  );
  const comparison = finish(head.measurement, storedMeasurement(found.entry), {
    source: 'stored',
    ref: found.commit,
    ...(note ? { note } : {}),
  });
  const headFrom = await fromOf(settings.dockerfile, settings.target);
  const storedText = await dockerfileAt(deps.reads, repo, found.commit, settings.dockerfile);
  const baseFrom =
    storedText === undefined ? undefined : fromOfText(settings.dockerfile, storedText, settings.target);
  if (headFrom && baseFrom && headFrom !== baseFrom) {
    const baseRow = comparison.layerChanges.find((row) => row.fromBase);
    comparison.baseImageChange = { from: baseFrom, to: headFrom, delta: baseRow?.delta ?? 0 };
  }
  return { comparison };
}

/**
 * Why a stored entry cannot be compared with the head: measured on another image store (`size` counts
 * other bytes there) or for another platform. Undefined when alike, or when the entry predates these
 * fields (it is used as before).
 */
function unlikeMeasurement(entry: StoredEntry, head: Measurement): string | undefined {
  if (entry.imageStore && head.imageStore && entry.imageStore !== head.imageStore)
    return `on the ${entry.imageStore} image store, this run on ${head.imageStore}: their sizes count different bytes`;
  if (entry.platform && head.platform && entry.platform !== head.platform)
    return `for ${entry.platform}, this run for ${head.platform}`;
  return undefined;
}

/** Says that the stored report is an ancestor's, not the base commit's own; undefined when it is its own. */
function ancestorNote(baseSha: string, found: FoundBaseline): string | undefined {
  if (found.distance === 0) return undefined;
  const steps = found.distance === 1 ? '1 commit' : `${found.distance} commits`;
  return `${steps} before the base commit ${baseSha.slice(0, 12)}, which has no stored report`;
}

function finish(head: Measurement, base: Measurement, baseline: Baseline): Comparison {
  return {
    base,
    baseline,
    delta: computeDelta(head, base),
    layerChanges: diffLayers(base.layers, head.layers),
    baseImageChange: null,
  };
}

async function fromOf(dockerfile: string, target?: string): Promise<string | undefined> {
  try {
    return fromOfText(dockerfile, await fs.readFile(dockerfile, 'utf8'), target);
  } catch {
    return undefined;
  }
}

/** The final stage's root FROM image of a Dockerfile's text; undefined when it cannot be told. */
function fromOfText(dockerfile: string, text: string, target?: string): string | undefined {
  try {
    const model = parseDockerfile(dockerfile, text);
    const final = finalStage(model, target);
    return final && rootStage(model, final).from.image;
  } catch {
    return undefined;
  }
}

/**
 * A baseline from registry data. Compressed sizes are the registry's own; layers shared with the head
 * (same diff_id) take the head's uncompressed size and instruction, and where the head's compressed
 * size is a gzip estimate and the registry's blob is gzip, the estimate is replaced by the registry's
 * exact size so that shared layers cancel out exactly. An exact head size stays, and so does an
 * estimate against a zstd blob: the same tar compressed otherwise is not the head's pull size.
 * A layer only the base has counts its tar size (from the gzip trailer: a little over the files'
 * bytes), or, when that cannot be read (zstd, eStargz without its size annotation, a registry that
 * ignores ranges), its compressed size times the head's compression ratio, which the notes say.
 */
export function registryMeasurement(image: RegistryImage, head: Measurement): Measurement {
  const headByDiff = new Map(head.layers.filter((l) => l.diffId).map((l) => [l.diffId as string, l]));
  // The layers' sum, not head.size: on the containerd store `Size` counts compressed blobs.
  const unpacked = head.layers.reduce((sum, l) => sum + l.size, 0);
  const ratio = head.compressedSize ? unpacked / head.compressedSize : 1;
  let next = 0;
  let estimated = false;
  const guessed: RegistryImage['layers'] = [];
  const layers: Layer[] = image.config.history.map((entry, index) => {
    const registryLayer = entry.empty_layer ? undefined : image.layers[next++];
    const shared = registryLayer?.diffId ? headByDiff.get(registryLayer.diffId) : undefined;
    if (shared && registryLayer && !shared.compressedSizeExact && /gzip/i.test(registryLayer.mediaType)) {
      shared.compressedSize = registryLayer.size;
      shared.compressedSizeExact = true;
    }
    if (registryLayer && !shared) {
      estimated = true;
      if (registryLayer.tarSize === null) guessed.push(registryLayer);
    }
    return {
      index,
      diffId: registryLayer?.diffId ?? null,
      size: shared
        ? shared.size
        : registryLayer
          ? (registryLayer.tarSize ?? Math.round(registryLayer.size * ratio))
          : 0,
      compressedSize: registryLayer ? registryLayer.size : null,
      compressedSizeExact: registryLayer !== undefined,
      createdBy: entry.created_by ?? '',
      instruction: shared?.instruction ?? null,
      fromBase: shared?.fromBase ?? false,
      wastedBytes: null,
    };
  });
  head.compressedSize = head.layers.reduce((sum, l) => sum + (l.compressedSize ?? 0), 0);
  head.compressedSizeEstimated = head.layers.some((l) => l.diffId !== null && !l.compressedSizeExact);
  // Size in the head's terms: on the containerd store the engine's Size counts the blobs it holds,
  // which for a registry image are its compressed layers, exactly.
  const storedSize = head.imageStore === 'containerd';
  const notes: string[] = [];
  if (estimated && !storedSize)
    notes.push(
      "The base's uncompressed size is estimated: the registry stores only compressed layers, so " +
        'layers the head does not share are counted by their tar size.',
    );
  if (guessed.length > 0) notes.push(unmeasuredNote(guessed));
  return {
    imageId: image.manifestDigest ?? image.reference.original,
    size: storedSize ? image.compressedSize : layers.reduce((sum, l) => sum + l.size, 0),
    imageStore: head.imageStore,
    compressedSize: image.compressedSize,
    compressedSizeEstimated: false,
    layers,
    wastedBytes: null,
    wastedPaths: [],
    leftoverCaches: [],
    notes,
  };
}

/** Says which base layers' tar sizes were not measured, why, and what stands in for them. */
function unmeasuredNote(layers: RegistryImage['layers']): string {
  const zstd = layers.filter((l) => /zstd/i.test(l.mediaType)).length;
  const count = (n: number, kind = ''): string => `${n} ${kind}base layer${n === 1 ? '' : 's'}`;
  const reasons = [
    zstd > 0
      ? `${count(zstd, 'zstd-compressed ')} (a zstd blob does not tell its tar size without being downloaded, which docker-diet does not do)`
      : '',
    layers.length > zstd
      ? `${count(layers.length - zstd)} whose gzip trailer could not be read (an eStargz layer without its size annotation, or a registry that ignores range requests)`
      : '',
  ].filter(Boolean);
  return (
    `Uncompressed size not measured for ${reasons.join('; ')}: each counts its compressed size times ` +
    "the head's compression ratio, an estimate. Their compressed (pull) sizes are exact."
  );
}
