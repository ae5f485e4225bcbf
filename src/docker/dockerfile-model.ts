/** The Dockerfile a build request names, parsed, for mapping a failed step to its line. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseDockerfile, type DockerfileModel } from '../dockerfile/model.js';
import type { BuildRequest } from './client.js';

/**
 * The Dockerfile, parsed, to map a failure to its line; undefined when it cannot be read (the failure
 * is still reported, without a line).
 */
export async function readDockerfileModel(request: BuildRequest): Promise<DockerfileModel | undefined> {
  try {
    const text = request.dockerfileText ?? (await fs.readFile(request.dockerfile, 'utf8'));
    const shown = request.displayPath ?? path.relative(process.cwd(), request.dockerfile);
    return parseDockerfile(shown.split(path.sep).join('/'), text);
  } catch {
    return undefined;
  }
}
