import { type DockerfileModel, finalStage } from '../../dockerfile/model.js';
import { programName, type ShellCommand } from '../../dockerfile/shell.js';
import { rootStage, runs, shippedStages } from '../../dockerfile/stages.js';
import type { Rule } from '../types.js';
import { operands } from './support/argv.js';
import { isOsImage, type Runtime, RUNTIME_IMAGES } from './support/base-images.js';
import { type ContainerCommand, containerCommand } from './support/image-purpose.js';

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

/** Programs that run each runtime (basename, lower-case), and script extensions it runs. */
const RUNTIME_PROGRAMS: Record<Runtime, { programs: RegExp; script?: RegExp; shebang: RegExp }> = {
  java: { programs: /^java$/, script: /\.jar$/, shebang: /java/ },
  python: {
    programs: /^(python[\d.]*|gunicorn|uvicorn|hypercorn|daphne|celery|flask)$/,
    script: /\.py$/,
    shebang: /python/,
  },
  node: {
    programs: /^(node|nodejs|npm|npx|yarn|pnpm|pm2|pm2-runtime)$/,
    script: /\.(js|mjs|cjs)$/,
    shebang: /node/,
  },
  ruby: {
    programs: /^(ruby[\d.]*|bundle|bundler|rails|rackup|puma|unicorn|irb)$/,
    script: /\.rb$/,
    shebang: /ruby/,
  },
  php: { programs: /^(php[\d.]*|php-fpm[\d.]*)$/, script: /\.php$/, shebang: /php/ },
  go: { programs: /^go$/, shebang: /^$/ },
};
const APACHE = /^(apache2|apache2ctl|apachectl|httpd|apache2-foreground)$/;

/**
 * The final image is an OS image that installs a language runtime with the package manager, and its
 * container runs that runtime. Silent when the container runs something else (the runtime is then a
 * helper: a build tool's Python, Node for asset builds), when the runtime is purged in the same RUN
 * (a bootstrap for compiling from source), and when the container command is not in the Dockerfile.
 */
export const osImageWithRuntimeInstall: Rule<'runtimeInstall' | 'goInstall'> = {
  meta: {
    id: 'os-image-with-runtime-install',
    severity: 'warning',
    category: 'base-image',
    aliases: [],
    description:
      'The final stage installs a language runtime (JDK, Python, Node…) on an OS image and runs it, instead of using its official image.',
    messages: {
      runtimeInstall:
        'This RUN installs the {{runtime}} runtime (`{{package}}`) on the OS image {{image}}, and the container runs it (`{{command}}`){{cost}}. Fix: base the final stage on {{use}} and drop this install.',
      goInstall:
        'This RUN installs the Go toolchain (`{{package}}`) on the OS image {{image}}, and the container runs `{{command}}`. Fix: compile in {{use}} and run the binary on `scratch` or `gcr.io/distroless/static`.',
    },
  },
  check({ model, report }) {
    const final = finalStage(model);
    const root = final && rootStage(model, final);
    if (!final || !root || !isOsImage(root.from)) return;
    const command = containerCommand(model, final);
    if (!command) return;
    const shipped = shippedStages(model);
    for (const { instruction, commands } of runs(model)) {
      if (!shipped.has(instruction.stage)) continue;
      const packages = commands.flatMap(installed);
      const found = RUNTIME_PACKAGES.map(([runtime, pattern]) => ({
        runtime,
        name: packages.find((p) => pattern.test(p)),
      })).find((r) => r.name && runsRuntime(model, command, r.runtime, packages));
      if (!found?.name || purged(commands, found.name)) continue;
      const image = RUNTIME_IMAGES[found.runtime];
      const cost = image.measured?.on.test(root.from.image) ? ` (${image.measured.text})` : '';
      const shown = [command.program, ...command.args].join(' ');
      const data = {
        package: found.name,
        image: root.from.image,
        command: shown.length > 40 ? `${shown.slice(0, 39)}…` : shown,
        cost,
        use: image.use(runtimeVersion(found.name)),
      };
      if (found.runtime === 'go') report(instruction, 'goInstall', data);
      else report(instruction, 'runtimeInstall', { ...data, runtime: found.runtime });
    }
  },
};

/** True when the container command runs `runtime`: its program, a script for it, or a visible shebang. */
function runsRuntime(
  model: DockerfileModel,
  command: ContainerCommand,
  runtime: Runtime,
  packages: string[],
): boolean {
  const { programs, script, shebang } = RUNTIME_PROGRAMS[runtime];
  if (programs.test(command.program)) return true;
  if (
    runtime === 'php' &&
    APACHE.test(command.program) &&
    packages.some((p) => /^libapache2-mod-php/.test(p))
  )
    return true;
  if (script?.test(command.program)) return true;
  // A script written in the Dockerfile (`COPY <<EOF /usr/local/bin/run`) whose shebang names the runtime.
  return model.instructions.some((i) => {
    if (i.keyword !== 'COPY' || i.heredocs.length === 0) return false;
    const dest = (i.args.split('\n')[0] ?? '').trim().split(/\s+/).pop() ?? '';
    const name = dest.split('/').pop()?.toLowerCase();
    const first = i.heredocs[0]?.split('\n')[0] ?? '';
    return name === command.program && first.startsWith('#!') && shebang.test(first);
  });
}

/**
 * True when the RUN that installs `name` also removes it: `apt-get purge/remove name`, or the official
 * images' `apt-mark auto '.*'` … `apt-get purge --auto-remove` (savedAptMark) that drops every package
 * not marked manual again. The runtime was a bootstrap (a BASERUBY to compile Ruby), not what ships.
 */
function purged(commands: ShellCommand[], name: string): boolean {
  let autoMarked = false;
  for (const command of commands) {
    const program = programName(command);
    const [verb, ...operandsOf] = operands(command.argv);
    if (program === 'apt-mark' && verb === 'auto') autoMarked = true;
    const removes =
      (['apt-get', 'apt', 'aptitude'].includes(program) &&
        ['purge', 'remove', 'autoremove'].includes(verb ?? '')) ||
      (['yum', 'dnf', 'microdnf'].includes(program) &&
        ['remove', 'erase', 'autoremove'].includes(verb ?? '')) ||
      (program === 'zypper' && ['remove', 'rm'].includes(verb ?? ''));
    if (!removes) continue;
    if (operandsOf.some((o) => o.replace(/[:=].*$/, '').toLowerCase() === name)) return true;
    const autoRemove = verb === 'autoremove' || command.argv.includes('--auto-remove');
    if (autoMarked && autoRemove) return true;
  }
  return false;
}

/** The runtime version a package names (`openjdk-17-jre` → 17, `python3.11` → 3.11), if any. */
function runtimeVersion(name: string): string | undefined {
  return (
    /(?:openjdk-|java-|temurin-)(\d+)/.exec(name)?.[1] ?? /^(?:python|ruby|php)(\d+\.\d+)/.exec(name)?.[1]
  );
}

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
