import { isDockerHub } from '../../dockerfile/image-reference.js';
import type { FromInfo } from '../../dockerfile/model.js';
import type { Rule } from '../types.js';

/**
 * `FROM` an image outside the config's `trusted-registries`. Silent without that list; `scratch`,
 * earlier stages and references still holding a variable are never reported.
 */
export const untrustedRegistry: Rule<'untrusted'> = {
  meta: {
    id: 'untrusted-registry',
    severity: 'error',
    category: 'correctness',
    aliases: ['DL3026'],
    description: 'A FROM image comes from a registry that `trusted-registries` in the config does not list.',
    messages: {
      untrusted:
        '`FROM {{image}}` pulls from {{registry}}, which is not among the trusted registries ({{trusted}}). Fix: use an image from a trusted registry, or add the registry to `trusted-registries` in the config file.',
    },
    enabledByDefault: false,
  },
  check({ model, options, report }) {
    const trusted = options.trustedRegistries;
    if (trusted.length === 0) return;
    for (const stage of model.stages) {
      const { from } = stage;
      if (from.stageRef !== undefined || from.hasVariable || from.image.toLowerCase() === 'scratch') continue;
      if (isTrusted(from, trusted)) continue;
      report(stage.fromInstruction, 'untrusted', {
        image: from.image,
        registry: from.registry ?? 'Docker Hub (docker.io)',
        trusted: trusted.join(', '),
      });
    }
  },
};

/**
 * True when the image's `registry/repository` starts with a trusted prefix, path part by path part.
 * Docker Hub images count as `docker.io/library/<name>` or `docker.io/<org>/<name>`; `docker.io`,
 * `index.docker.io`, `registry-1.docker.io` and `hub.docker.com` all name Docker Hub.
 */
function isTrusted(from: FromInfo, trusted: readonly string[]): boolean {
  const hub = isDockerHub(from.registry?.toLowerCase());
  const repository = hub && !from.name.includes('/') ? `library/${from.name}` : from.name;
  const full = `${hub ? 'docker.io' : (from.registry ?? '').toLowerCase()}/${repository}`;
  return trusted.some((entry) => {
    const prefix = entry.replace(
      /^(index\.docker\.io|registry-1\.docker\.io|hub\.docker\.com)(?=\/|$)/,
      'docker.io',
    );
    return full === prefix || full.startsWith(`${prefix}/`);
  });
}
