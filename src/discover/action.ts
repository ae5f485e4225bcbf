/**
 * The action's `discover: true` mode: list the images and set the `matrix` output, nothing else. It
 * needs no Docker engine and no token, so a first job can run it in seconds and fan out a matrix of
 * jobs that each run docker-diet for one image.
 */
import path from 'node:path';
import { loadConfigFile } from '../config/config-file.js';
import type { Settings } from '../config/settings.js';
import { Outputs } from '../constants.js';
import { discoverImages, renderImagesText, toMatrix, type Matrix } from './images.js';

/** The bits of `@actions/core` this mode uses; tests pass a recorder. */
export interface DiscoverCore {
  setOutput(name: string, value: string): void;
  info(message: string): void;
  warning(message: string): void;
}

/** Discovers the images (the config file's `images:`, less its `ignore-paths`) and sets the `matrix` output. */
export async function runDiscover(
  settings: Settings,
  workspace: string,
  core: DiscoverCore,
): Promise<Matrix> {
  const label = path.relative(workspace, settings.config) || settings.config;
  const config = await loadConfigFile(settings.config, settings.configRequired, label, undefined, workspace);
  const images = await discoverImages({
    workspace,
    ignorePaths: config.ignorePaths,
    configured: config.images,
    configLabel: label,
  });
  const matrix = toMatrix(images);
  core.info(
    `Found ${images.length} image${images.length === 1 ? '' : 's'}:\n${renderImagesText(images).trimEnd()}`,
  );
  if (images.length === 0) {
    // GitHub rejects a matrix with an empty include; say so here rather than in the next job.
    core.warning(
      'discover: no Dockerfiles found; guard the matrix job with `if: fromJSON(needs.<job>.outputs.matrix).include[0]`.',
    );
  }
  core.setOutput(Outputs.Matrix, JSON.stringify(matrix));
  return matrix;
}
