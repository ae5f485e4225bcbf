import { finalStage } from '../../dockerfile/model.js';
import { programName, type ShellCommand } from '../../dockerfile/shell.js';
import { rootStage, runs, shippedStages } from '../../dockerfile/stages.js';
import type { Rule } from '../types.js';
import { operands } from './support/argv.js';
import { isOsImage, type Runtime, RUNTIME_IMAGES } from './support/base-images.js';

/** Package names per runtime (apt, yum/dnf, zypper), in the order a mixed install is attributed. */
const RUNTIME_PACKAGES: [Runtime, RegExp][] = [
  [
    'java',
    /^(openjdk-\d+-(jdk|jre)(-headless)?|default-(jdk|jre)(-headless)?|java-([\d.]+|latest)-openjdk(-devel|-headless)?|temurin-\d+-(jdk|jre)|java-\d+-amazon-corretto(-devel)?)$/,
  ],
  ['node', /^(nodejs|npm)$/],
  ['ruby', /^(ruby|ruby-full|ruby[\d.]+)$/],
  ['php', /^(php[\d.]*|php[\d.]*-(cli|fpm))$/],
  ['go', /^(golang|golang-go|golang-[\d.]+(-go)?)$/],
  ['python', /^(python[23]?|python[23]\.\d+|python3?-pip|python3-minimal)$/],
];
const INSTALL: Record<string, string[]> = {
  'apt-get': ['install'],
  apt: ['install'],
  aptitude: ['install'],
  yum: ['install'],
  dnf: ['install'],
  microdnf: ['install'],
  zypper: ['install', 'in'],
};

/** The final image is an OS image that installs a language runtime with the package manager. */
export const osImageWithRuntimeInstall: Rule<'runtimeInstall' | 'goInstall'> = {
  meta: {
    id: 'os-image-with-runtime-install',
    severity: 'warning',
    category: 'base-image',
    aliases: [],
    description:
      'The final stage installs a language runtime (JDK, Python, Node…) on an OS image instead of using its official image.',
    messages: {
      runtimeInstall:
        'This RUN installs the {{runtime}} runtime (`{{package}}`) on the OS image {{image}}{{cost}}. The official image ships a current runtime already tuned for containers, with slim/JRE variants. Fix: base the final stage on {{use}}, and drop this install.',
      goInstall:
        'This RUN installs the Go toolchain (`{{package}}`) on the OS image {{image}}{{cost}}. A Go binary needs no runtime at all. Fix: {{use}}, and drop this install.',
    },
  },
  check({ model, report }) {
    const final = finalStage(model);
    const root = final && rootStage(model, final);
    if (!root || !isOsImage(root.from)) return;
    const shipped = shippedStages(model);
    for (const { instruction, commands } of runs(model)) {
      if (!shipped.has(instruction.stage)) continue;
      const packages = commands.flatMap(installed);
      const found = RUNTIME_PACKAGES.map(([runtime, pattern]) => ({
        runtime,
        name: packages.find((p) => pattern.test(p)),
      })).find((r) => r.name);
      if (!found?.name) continue;
      const image = RUNTIME_IMAGES[found.runtime];
      const cost = image.installed ? ` (${image.installed})` : '';
      const data = { package: found.name, image: root.from.image, cost, use: image.use };
      if (found.runtime === 'go') report(instruction, 'goInstall', data);
      else report(instruction, 'runtimeInstall', { ...data, runtime: found.runtime });
    }
  },
};

/** The packages an OS package-manager install command names, versions and architectures stripped. */
function installed(command: ShellCommand): string[] {
  const verbs = INSTALL[programName(command)];
  const [verb, ...names] = operands(command.argv, {
    long: ['--option', '--setopt', '--repo', '--enablerepo'],
    short: 'oct',
  });
  if (!verbs || !verb || !verbs.includes(verb)) return [];
  return names.map((n) => n.replace(/[:=<>].*$/, '').toLowerCase());
}
