// Keeps action.yml equal to the code and the README's inputs/outputs tables equal to action.yml.
//   node scripts/check-readme.mjs          fail (exit 1) when action.yml disagrees with the inputs
//                                          table or the outputs list (src/config/action-yml.ts), or
//                                          the README tables differ from action.yml
//   node scripts/check-readme.mjs --write  regenerate the README tables in place
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as prettier from 'prettier';
import { register } from 'tsx/esm/api';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const action = parse(readFileSync(path.join(root, 'action.yml'), 'utf8'));

// action.yml is hand-written (GitHub reads it); the inputs table in the source is what it must agree
// with: names, order, descriptions, defaults and allowed values.
const unregister = register();
const { actionYmlProblems } = await import('../src/config/action-yml.ts');
await unregister();
const problems = actionYmlProblems(action);
if (problems.length > 0) {
  console.error(`action.yml disagrees with the code:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
const readmePath = path.join(root, 'README.md');
const readme = readFileSync(readmePath, 'utf8');

const cell = (text) =>
  String(text ?? '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\|/g, '\\|');
const code = (text) => (text === '' || text === undefined ? '' : `\`${cell(text)}\``);

export function inputsTable() {
  const rows = Object.entries(action.inputs).map(
    ([name, spec]) => `| \`${name}\` | ${code(spec.default)} | ${cell(spec.description)} |`,
  );
  return ['| Input | Default | Description |', '|---|---|---|', ...rows].join('\n');
}

export function outputsTable() {
  const rows = Object.entries(action.outputs).map(
    ([name, spec]) => `| \`${name}\` | ${cell(spec.description)} |`,
  );
  return ['| Output | Description |', '|---|---|', ...rows].join('\n');
}

function replaceBlock(text, name, body) {
  const start = `<!-- ${name}:start (generated from action.yml by scripts/check-readme.mjs --write) -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from === -1 || to === -1) throw new Error(`README.md lacks the ${name} markers: ${start} … ${end}`);
  return `${text.slice(0, from + start.length)}\n${body}\n${text.slice(to)}`;
}

// Formatted as Prettier would, so `prettier --check` and this check agree on the README.
const options = { ...(await prettier.resolveConfig(readmePath)), filepath: readmePath };
const expected = await prettier.format(
  replaceBlock(replaceBlock(readme, 'inputs', inputsTable()), 'outputs', outputsTable()),
  options,
);
if (process.argv.includes('--write')) {
  writeFileSync(readmePath, expected);
  console.log('README.md tables regenerated from action.yml');
} else if (expected !== readme) {
  console.error(
    'README.md inputs/outputs tables differ from action.yml; run: node scripts/check-readme.mjs --write',
  );
  process.exit(1);
} else {
  console.log('README.md tables match action.yml');
}
