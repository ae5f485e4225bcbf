/**
 * What a build through a buildx builder can be given beyond the Engine API's options (secrets, SSH,
 * cache import and export, named contexts), turned into `docker buildx build` arguments, and how the
 * base build of a comparison reads the cache the head build exported.
 */

/**
 * A build secret. `env`: from an environment variable of the run; `file`: from a file; `value`: given
 * inline (build-push-action's `secrets: ID=value`), handed to buildx through an environment variable
 * of its own process, never a file or an argument.
 */
export type BuildSecret =
  | { id: string; from: 'env'; name: string }
  | { id: string; from: 'file'; path: string }
  | { id: string; from: 'value'; value: string };

/** Which builder builds: the Engine API, buildx's current builder, buildx's builder of that name. */
export type BuilderChoice = 'auto' | 'engine' | 'buildx' | { name: string };

/** Options only a BuildKit session (buildx) can serve. */
export interface SessionOptions {
  secrets?: BuildSecret[];
  /** `docker buildx build --ssh` values: `default`, `default=$SSH_AUTH_SOCK`, `id=path/to/key`. */
  ssh?: string[];
  /** `--cache-from` values: `type=local,src=DIR`, `type=gha`, `type=registry,ref=…`. */
  cacheFrom?: string[];
  /** `--cache-to` values: `type=local,dest=DIR`, `type=gha,mode=max`, `type=inline`, … */
  cacheTo?: string[];
  /** `--build-context` values by name: a folder, `docker-image://…`, `https://…`, `target:…`. */
  buildContexts?: Record<string, string>;
}

/** The inputs that ask for a BuildKit session, by the names the user gave them; empty when none. */
export function sessionOptionsUsed(options: SessionOptions): string[] {
  const used: string[] = [];
  if (options.secrets?.length) used.push('secrets');
  if (options.ssh?.length) used.push('ssh');
  if (options.cacheFrom?.length) used.push('cache-from');
  if (options.cacheTo?.length) used.push('cache-to');
  if (options.buildContexts && Object.keys(options.buildContexts).length > 0) used.push('build-contexts');
  return used;
}

/** The environment variable an inline secret reaches buildx through (its process only). */
export function inlineSecretVariable(index: number): string {
  return `DOCKER_DIET_SECRET_${index}`;
}

/**
 * `--secret`, `--ssh`, `--cache-from`, `--cache-to` and `--build-context` arguments, and the variables
 * buildx's process needs for inline secrets.
 */
export function sessionArguments(options: SessionOptions): { args: string[]; env: Record<string, string> } {
  const args: string[] = [];
  const env: Record<string, string> = {};
  (options.secrets ?? []).forEach((secret, index) => {
    if (secret.from === 'file') args.push('--secret', `id=${secret.id},src=${secret.path}`);
    else if (secret.from === 'env') args.push('--secret', `id=${secret.id},env=${secret.name}`);
    else {
      const variable = inlineSecretVariable(index);
      env[variable] = secret.value;
      args.push('--secret', `id=${secret.id},env=${variable}`);
    }
  });
  for (const ssh of options.ssh ?? []) args.push('--ssh', ssh);
  for (const from of options.cacheFrom ?? []) args.push('--cache-from', from);
  for (const to of options.cacheTo ?? []) args.push('--cache-to', to);
  for (const [name, source] of Object.entries(options.buildContexts ?? {})) {
    args.push('--build-context', `${name}=${source}`);
  }
  return { args, env };
}

/** Splits a cache spec (`type=local,dest=DIR`) into its attributes; a bare ref is `type=registry,ref=…`. */
export function cacheAttributes(spec: string): Map<string, string> {
  const fields = spec.split(',').map((field) => field.trim());
  const attributes = new Map<string, string>();
  if (fields.length === 1 && !fields[0]?.includes('=')) {
    attributes.set('type', 'registry');
    attributes.set('ref', fields[0] ?? '');
    return attributes;
  }
  for (const field of fields) {
    const eq = field.indexOf('=');
    if (eq > 0) attributes.set(field.slice(0, eq), field.slice(eq + 1));
  }
  if (!attributes.has('type')) attributes.set('type', 'registry');
  return attributes;
}

/** Export-only attributes, which a `--cache-from` of the same backend does not take. */
const EXPORT_ONLY = new Set([
  'mode',
  'dest',
  'compression',
  'compression-level',
  'force-compression',
  'oci-mediatypes',
  'image-manifest',
  'ignore-error',
  'ghtoken',
  'repository',
]);

/**
 * The `--cache-from` that reads what a `--cache-to` wrote: `type=local,dest=D` → `type=local,src=D`;
 * `gha`, `registry`, `s3`, `azblob` with their location attributes; undefined for `inline` (the cache
 * is inside the image, which the base build does not have) and unknown types.
 */
export function cacheFromFor(cacheTo: string): string | undefined {
  const attributes = cacheAttributes(cacheTo);
  const type = attributes.get('type');
  if (type === 'local') {
    const dest = attributes.get('dest');
    return dest ? `type=local,src=${dest}` : undefined;
  }
  if (!['gha', 'registry', 's3', 'azblob'].includes(type ?? '')) return undefined;
  const kept = [...attributes].filter(([key]) => !EXPORT_ONLY.has(key));
  return kept.map(([key, value]) => `${key}=${value}`).join(',');
}

/**
 * The cache settings of a comparison's base build: what the head read, plus what the head exported
 * (the base usually shares most layers with the head), and no export of its own, so the base's older
 * layers never replace the head's in the cache the next run reads.
 */
export function baseBuildCache(options: Pick<SessionOptions, 'cacheFrom' | 'cacheTo'>): {
  cacheFrom: string[];
  cacheTo: string[];
} {
  const from = [...(options.cacheFrom ?? [])];
  for (const to of options.cacheTo ?? []) {
    const read = cacheFromFor(to);
    if (read && !from.includes(read)) from.push(read);
  }
  return { cacheFrom: from, cacheTo: [] };
}
