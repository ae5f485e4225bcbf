/**
 * `npm run bench`: every benchmark, printing figures (targets are checked by reading them, not by
 * timed tests). Pick parts by name: `npm run bench -- lint measure`.
 */
const parts: Record<string, () => Promise<unknown>> = {
  lint: async () => (await import('./lint.js')).runLintBench(),
  measure: async () => (await import('./measure.js')).runMeasureBench(),
  compare: async () => (await import('./compare.js')).runCompareBench(),
  whatif: async () => (await import('./whatif.js')).runWhatIfBench(),
  buildx: async () => (await import('./buildx-cache.js')).runBuildxCacheBench(),
};

const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const unknown = wanted.filter((name) => !(name in parts));
if (unknown.length > 0) {
  console.error(`bench: unknown part(s) ${unknown.join(', ')}; choose from ${Object.keys(parts).join(', ')}`);
  process.exit(2);
}
for (const name of wanted.length > 0 ? wanted : Object.keys(parts)) {
  console.log(`\n=== bench: ${name} ===`);
  const started = Date.now();
  await parts[name]!();
  console.log(`(${name} took ${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
