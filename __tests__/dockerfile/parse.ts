/**
 * Parsing helpers the model's and the rules' support tests share: a Dockerfile from lines, and its
 * last RUN.
 */
import { parseDockerfile, type DockerfileModel, type InstructionInfo } from '../../src/dockerfile/model.js';

/** Parses `text` (or lines joined with newlines) as `Dockerfile`. */
export const parse = (text: string | string[]): DockerfileModel =>
  parseDockerfile('Dockerfile', Array.isArray(text) ? text.join('\n') : text);

/** The model of `lines` and its last RUN instruction. */
export function lastRun(lines: string[]): { model: DockerfileModel; run: InstructionInfo } {
  const model = parse(lines);
  const run = [...model.instructions].reverse().find((i) => i.keyword === 'RUN') as InstructionInfo;
  return { model, run };
}
