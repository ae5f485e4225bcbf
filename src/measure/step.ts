/**
 * The measure step of the pipeline: one image in, a `Measurement` out. Joins what the engine says (`inspect`), one
 * pass over `docker save` (layer sizes, compressed sizes, wasted bytes, leftover caches), or the
 * layer-analysis cache when it holds the image, and the history mapping (each layer → the Dockerfile line that made it).
 */
import { promises as fs } from 'node:fs';
import type { DockerClient, ImageInspection } from '../docker/client.js';
import { finalStage, parseDockerfile, type DockerfileModel } from '../dockerfile/model.js';
import { rootStage } from '../dockerfile/stages.js';
import type { InstructionRef, Layer, Measurement } from '../report/model.js';
import { analyzeCachedImage, analyzeImageArchive } from './archive.js';
import { pushGzipLevel } from './compress-estimate.js';
import { mapHistory } from './history.js';
import type { LayerCache } from './layer-cache.js';
import type { ArchiveAnalysis, MappedHistoryEntry } from './types.js';

/** The Dockerfile an image was built from, for mapping layers to lines. */
export interface DockerfileSource {
  /** Absolute path, read when `model` is not given. */
  path: string;
  /** Path to show in the report (relative to the workspace). */
  displayPath: string;
  model?: DockerfileModel;
}

/** What to measure. */
export interface MeasureRequest {
  /** Image id or reference in the engine. */
  reference: string;
  /** Undefined when the Dockerfile is unknown (e.g. `image` input without a Dockerfile). */
  dockerfile?: DockerfileSource;
  target?: string;
  buildArgs?: Record<string, string>;
  /** Image paths (globs) whose bytes per layer are wanted, for pricing findings. */
  pathGlobs?: string[];
  /**
   * The run's layer-analysis cache: layers it holds are read past instead of analysed, and layers
   * analysed are added to it. Without it every layer is analysed.
   */
  layerCache?: LayerCache;
}

/** The measurement plus the raw pieces later steps use (pricing, comparison). */
export interface MeasureResult {
  measurement: Measurement;
  analysis: ArchiveAnalysis;
  history: MappedHistoryEntry[];
  /** The Dockerfile the layers were mapped to, as parsed for that; undefined without one. */
  model?: DockerfileModel;
}

/** Measures one image in the engine. */
export async function measureImage(docker: DockerClient, request: MeasureRequest): Promise<MeasureResult> {
  const inspection = await docker.inspectImage(request.reference);
  const engine = await docker.engine();
  const options = {
    pathGlobs: request.pathGlobs ?? [],
    imageStore: engine.imageStore,
    estimate: { level: pushGzipLevel(engine.version) },
  };
  const cache = request.layerCache;
  const analysis =
    (cache && (await analyzeCachedImage(cache, inspection.id, options))) ??
    (await analyzeImageArchive(await docker.saveImage(inspection.id), {
      ...options,
      layerCache: cache && { store: cache, imageId: inspection.id, diffIds: inspection.diffIds },
    }));
  // Written before the next image is measured: a concurrent run then finds them too.
  await request.layerCache?.settle();
  const model = request.dockerfile ? await loadModel(request.dockerfile) : undefined;
  const history = model
    ? mapHistory(
        analysis.config,
        { model, displayPath: request.dockerfile!.displayPath },
        {
          target: request.target,
          baseDiffIds: await baseDiffIds(docker, model, request.target),
          buildArgs: request.buildArgs,
        },
      )
    : unmappedHistory(analysis);

  const layers = toLayers(history, analysis);
  const compressed = analysis.layers.reduce((sum, l) => sum + l.compressedSize, 0);
  const instructionOfLayer = (layerIndex: number): InstructionRef | null =>
    layers.filter((l) => l.diffId !== null)[layerIndex]?.instruction ?? null;
  return {
    model,
    measurement: {
      imageId: inspection.id,
      size: inspection.size,
      imageStore: engine.imageStore,
      ...platformOf(inspection),
      compressedSize: compressed,
      compressedSizeEstimated: analysis.layers.some((l) => l.compressedSizeEstimated),
      layers,
      wastedBytes: analysis.wastedBytes,
      wastedPaths: analysis.wastedPaths,
      leftoverCaches: analysis.leftoverCaches.map((cache) => ({
        kind: cache.kind,
        path: cache.path,
        bytes: cache.bytes,
        instruction: instructionOfLayer(cache.layerIndex),
      })),
      notes: analysis.notes,
    },
    analysis,
    history,
  };
}

/** `{ platform: 'linux/amd64' }` from what the engine says of the image; empty when it says nothing. */
function platformOf(inspection: ImageInspection): { platform?: string } {
  if (!inspection.os || !inspection.architecture) return {};
  return { platform: [inspection.os, inspection.architecture, inspection.variant].filter(Boolean).join('/') };
}

async function loadModel(source: DockerfileSource): Promise<DockerfileModel> {
  return source.model ?? parseDockerfile(source.displayPath, await fs.readFile(source.path, 'utf8'));
}

/**
 * The diff ids of the final stage's base image (following `FROM <stage>` chains), from the engine;
 * [] for scratch; null when the base image is not in the engine (then mapping aligns from the end).
 */
async function baseDiffIds(
  docker: DockerClient,
  model: DockerfileModel,
  target?: string,
): Promise<string[] | null> {
  const final = finalStage(model, target);
  const stage = final && rootStage(model, final);
  if (!stage || stage.from.hasVariable) return null;
  if (stage.from.name === 'scratch') return [];
  try {
    return (await docker.inspectImage(stage.from.image)).diffIds;
  } catch {
    return null;
  }
}

/** Without a Dockerfile: every entry keeps its created_by, none is mapped to a line. */
function unmappedHistory(analysis: ArchiveAnalysis): MappedHistoryEntry[] {
  let next = 0;
  return analysis.config.history.map((entry, index) => ({
    index,
    createdBy: entry.created_by ?? '',
    diffId: entry.empty_layer ? null : (analysis.config.diffIds[next++] ?? null),
    fromBase: false,
    instruction: null,
  }));
}

function toLayers(history: MappedHistoryEntry[], analysis: ArchiveAnalysis): Layer[] {
  let layerIndex = 0;
  return history.map((entry) => {
    const layer = entry.diffId === null ? undefined : analysis.layers[layerIndex++];
    return {
      index: entry.index,
      diffId: entry.diffId,
      size: layer?.size ?? 0,
      compressedSize: layer ? layer.compressedSize : null,
      compressedSizeExact: layer ? !layer.compressedSizeEstimated : false,
      createdBy: entry.createdBy,
      instruction: entry.instruction,
      fromBase: entry.fromBase,
      wastedBytes: layer ? layer.wastedBytes : null,
    };
  });
}
