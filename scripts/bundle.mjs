// Bundles the action (src/index.ts → dist/index.js) and the CLI (src/cli-bin.ts → dist/cli.js) with ncc.
// ncc's ESM output crashes at start with "__dirname is not defined" (ssh2, through dockerode): a banner
// defines __filename/__dirname from import.meta.url. Rebuilds are byte-identical (check-dist relies on it).
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
  mkdirSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
// DIST_DIR lets check-dist bundle into a scratch folder and compare.
const dist = path.resolve(process.env.DIST_DIR || path.join(root, 'dist'));
const ncc = path.join(root, 'node_modules', '.bin', 'ncc');

const banner = [
  "import { fileURLToPath as __dietFileURLToPath } from 'node:url';",
  "import { dirname as __dietDirname } from 'node:path';",
  'const __filename = __dietFileURLToPath(import.meta.url);',
  'const __dirname = __dietDirname(__filename);',
].join('\n');

const entries = [
  { source: 'src/index.ts', output: 'index.js', shebang: false },
  { source: 'src/cli-bin.ts', output: 'cli.js', shebang: true },
];

const licenses = [];
// Bundle into a staging folder and swap it in only when every entry built: a failed bundle (a type
// error mid-edit) leaves the previous dist/ in place.
const staging = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-dist-'));
for (const entry of entries) {
  const out = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-ncc-'));
  execFileSync(
    ncc,
    ['build', entry.source, '-o', out, '--target', 'es2022', '--license', 'licenses.txt', '--quiet'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  for (const file of readdirSync(out)) {
    const from = path.join(out, file);
    if (file === 'index.js') {
      const code = readFileSync(from, 'utf8');
      const head = entry.shebang ? '#!/usr/bin/env node\n' : '';
      writeFileSync(path.join(staging, entry.output), `${head}${banner}\n${code}`);
    } else if (file === 'licenses.txt') {
      // One licenses file covering both bundles.
      const previous = licenses.length > 0 ? '\n' : '';
      licenses.push(`${previous}==== ${entry.output} ====\n${readFileSync(from, 'utf8')}`);
    } else {
      // Assets ncc copied (dockerode's .proto files, licenses): the same for both entries.
      cpSync(from, path.join(staging, file), { recursive: true });
    }
  }
  rmSync(out, { recursive: true, force: true });
}
writeFileSync(path.join(staging, 'licenses.txt'), licenses.join(''));
chmodSync(path.join(staging, 'cli.js'), 0o755);
rmSync(dist, { recursive: true, force: true });
mkdirSync(path.dirname(dist), { recursive: true });
cpSync(staging, dist, { recursive: true });
rmSync(staging, { recursive: true, force: true });
console.log(`bundled: ${readdirSync(dist).join(', ')}`);
