/**
 * Lint speed: docker-diet (every registered rule, through the real engine) against dockerfile-utils'
 * validate() on the same generated corpus, in the same process, so the ratio is fair.
 *   npx tsx bench/lint.ts [count]
 * The corpus is deterministic (seeded), realistic (multi-stage builds for node, python, go, java,
 * debian/alpine/fedora package installs, continuations, heredocs, cache mounts, comments).
 * docker-diet runs as tsc compiles it (what ncc bundles into dist/), not through tsx, whose
 * transform wraps every function in a naming helper that the shipped code does not have.
 * The two linters take turns, round after round, so a slow spell of the machine hits both. Beside the
 * best wall time it prints the median CPU time of each side: on a loaded machine wall time measures
 * the other processes as much as the linters, CPU time of the linting thread does not.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { validate } from 'dockerfile-utils';
import type { ConfigFile } from '../src/config/config-file.js';
import type { lintDockerfile as LintDockerfile } from '../src/lint/engine.js';
import type * as ShellCheck from '../src/lint/shellcheck.js';
import type { RULES as Rules } from '../src/lint/rules/index.js';

/** What one lint bench run measured. */
export interface LintBenchResult {
  dockerfiles: number;
  /** Total lines in the corpus. */
  lines: number;
  rules: number;
  findings: number;
  dockerDiet: { perSecond: number; msPerDockerfile: number };
  dockerfileUtils: { perSecond: number; msPerDockerfile: number };
  /** docker-diet rate / dockerfile-utils rate by best wall time (> 1: docker-diet is faster). */
  ratio: number;
  /**
   * The same ratio by median CPU time: of the linting thread (Linux only), which other processes on
   * the machine barely move, and of the whole process (V8's compiler and GC threads included).
   */
  cpuRatio: { thread?: number; process: number };
  /** ShellCheck over the RUN scripts of a sample, timed apart (a process per file); absent without it. */
  shellcheck?: { dockerfiles: number; msPerDockerfile: number; findings: number };
}

/** A small seeded PRNG (mulberry32), so every run lints the same corpus. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` realistic Dockerfiles, the same for the same seed. */
export function generateCorpus(count: number, seed = 1234): string[] {
  const rnd = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)] as T;
  const some = <T>(items: readonly T[], max: number): T[] =>
    items.filter(() => rnd() < max / items.length).slice(0, max);
  const APT = [
    'curl',
    'ca-certificates',
    'git',
    'build-essential',
    'libpq-dev',
    'gnupg',
    'unzip',
    'jq',
    'tzdata',
  ];
  const APK = ['curl', 'git', 'bash', 'tini', 'ca-certificates', 'python3', 'make', 'g++', 'openssl'];
  const clean = (): string => (rnd() < 0.6 ? ' \\\n    && rm -rf /var/lib/apt/lists/*' : '');
  const aptRun = (): string =>
    `RUN apt-get update \\\n    && apt-get install -y ${rnd() < 0.5 ? '--no-install-recommends ' : ''}${some(APT, 4).join(' ') || 'curl'}${clean()}`;
  const apkRun = (): string =>
    `RUN apk add ${rnd() < 0.6 ? '--no-cache ' : ''}${some(APK, 4).join(' ') || 'curl'}`;

  const node = (): string[] => [
    `FROM node:${pick(['18', '20', '22'])}${pick(['', '-slim', '-alpine'])} AS deps`,
    'WORKDIR /app',
    rnd() < 0.5 ? 'COPY package.json package-lock.json ./' : 'COPY . .',
    rnd() < 0.5
      ? 'RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev'
      : 'RUN npm install && npm run build',
    `FROM node:${pick(['20', '22'])}-${pick(['slim', 'alpine'])}`,
    'ENV NODE_ENV=production',
    'WORKDIR /app',
    `COPY --from=${rnd() < 0.8 ? 'deps' : '0'} /app /app`,
    'USER node',
    'EXPOSE 3000',
    'CMD ["node", "server.js"]',
  ];
  const python = (): string[] => [
    `FROM python:3.${pick([10, 11, 12])}-${pick(['slim', 'bookworm', 'alpine'])}`,
    'ENV PYTHONDONTWRITEBYTECODE=1 \\\n    PYTHONUNBUFFERED=1',
    aptRun(),
    'WORKDIR /srv',
    'COPY requirements.txt .',
    `RUN pip install ${rnd() < 0.5 ? '--no-cache-dir ' : ''}-r requirements.txt`,
    'COPY . .',
    rnd() < 0.3
      ? 'RUN <<EOF\nset -eux\npython -m compileall /srv\nuseradd -m app\nEOF'
      : 'RUN useradd -m app',
    'USER app',
    `CMD ["gunicorn", "-b", "0.0.0.0:${pick([8000, 8080])}", "app:app"]`,
  ];
  const go = (): string[] => [
    `FROM golang:1.${pick([21, 22, 23])} AS build`,
    'WORKDIR /src',
    'COPY go.mod go.sum ./',
    'RUN --mount=type=cache,target=/go/pkg/mod go mod download',
    'COPY . .',
    `RUN ${rnd() < 0.7 ? 'CGO_ENABLED=0 ' : ''}go build -trimpath -ldflags="-s -w" -o /out/app ./cmd/app`,
    `FROM ${pick(['scratch', 'gcr.io/distroless/static-debian12:nonroot', 'alpine:3.20'])}`,
    'COPY --from=build /out/app /app',
    'ENTRYPOINT ["/app"]',
  ];
  const java = (): string[] => [
    'FROM maven:3.9-eclipse-temurin-21 AS build',
    'WORKDIR /build',
    'COPY pom.xml .',
    'RUN mvn -B -q dependency:go-offline',
    'COPY src ./src',
    'RUN mvn -B -q package -DskipTests',
    `FROM eclipse-temurin:21-${pick(['jre', 'jre-alpine', 'jdk'])}`,
    'COPY --from=build /build/target/app.jar /app.jar',
    'HEALTHCHECK --interval=30s CMD wget -qO- http://localhost:8080/health || exit 1',
    'ENTRYPOINT ["java", "-jar", "/app.jar"]',
  ];
  const system = (): string[] => [
    `FROM ${pick(['debian:12', 'ubuntu:24.04', 'alpine:3.20', 'fedora:40', 'rockylinux:9'])}`,
    'LABEL org.opencontainers.image.source="https://github.com/example/app" \\\n      maintainer="ops@example.com"',
    pick([aptRun(), apkRun(), 'RUN dnf install -y httpd && dnf clean all', 'RUN yum install -y nginx']),
    rnd() < 0.5 ? 'RUN mkdir -p /data' : 'RUN chown -R 1000:1000 /data',
    'ADD https://example.com/tool.tar.gz /tmp/',
    'RUN tar -xzf /tmp/tool.tar.gz -C /usr/local && rm /tmp/tool.tar.gz',
    'VOLUME ["/data"]',
    'STOPSIGNAL SIGTERM',
    'CMD ["/usr/local/bin/tool"]',
  ];
  const stacks = [node, python, go, java, system];
  return Array.from({ length: count }, (_, i) => {
    const lines = [
      `# generated Dockerfile #${i}`,
      ...(rnd() < 0.3 ? ['ARG VERSION=1.0.0'] : []),
      ...pick(stacks)(),
    ];
    if (rnd() < 0.2) lines.splice(2, 0, '# hadolint ignore=DL3008');
    return `${lines.join('\n')}\n`;
  });
}

/** What one side of the bench took, in ms over the whole corpus. */
interface SideTimes {
  /** Best wall time of the passes (what the machine gives when it is least busy). */
  wall: number;
  /** Median CPU time of this thread (Linux; undefined elsewhere): JIT and GC helper threads excluded. */
  thread?: number;
  /** Median CPU time of the whole process: this thread plus V8's compiler and GC helper threads. */
  process: number;
}

/**
 * CPU time of the calling thread in ms, from Linux's scheduler statistics (nanoseconds); undefined
 * where /proc does not have them.
 */
function threadCpuMs(): number | undefined {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return undefined;
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Times each function over the corpus: one warm-up pass each, then `rounds` turns. Wall time is the
 * best pass; CPU times are medians, which a busy machine moves far less than wall time (the other
 * processes take turns on the cores, not CPU time of this one).
 */
function timeSides(
  corpus: readonly string[],
  rounds: number,
  fns: Record<string, (text: string, i: number) => void>,
): Record<string, SideTimes> {
  const samples: Record<string, { wall: number[]; thread: number[]; process: number[] }> = {};
  for (const [name, fn] of Object.entries(fns)) {
    corpus.forEach(fn); // warm-up: JIT, lazy module state
    samples[name] = { wall: [], thread: [], process: [] };
  }
  for (let round = 0; round < rounds; round += 1) {
    for (const [name, fn] of Object.entries(fns)) {
      const sample = samples[name] as { wall: number[]; thread: number[]; process: number[] };
      const cpu = process.cpuUsage();
      const thread = threadCpuMs();
      const start = performance.now();
      corpus.forEach(fn);
      sample.wall.push(performance.now() - start);
      const threadEnd = threadCpuMs();
      if (thread !== undefined && threadEnd !== undefined) sample.thread.push(threadEnd - thread);
      const used = process.cpuUsage(cpu);
      sample.process.push((used.user + used.system) / 1000);
    }
  }
  return Object.fromEntries(
    Object.entries(samples).map(([name, s]) => [
      name,
      {
        wall: Math.min(...s.wall),
        thread: s.thread.length === rounds ? median(s.thread) : undefined,
        process: median(s.process),
      },
    ]),
  );
}

/**
 * Compiles the lint engine with tsc into a fresh temporary folder and loads it from there (a folder
 * of its own, so benches of several checkouts at once do not overwrite each other's build).
 */
async function compiledLinter(): Promise<{
  lint: typeof LintDockerfile;
  rules: typeof Rules;
  shellcheck: typeof ShellCheck;
  cleanup: () => void;
}> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const out = mkdtempSync(path.join(os.tmpdir(), 'docker-diet-bench-'));
  const cleanup = (): void => rmSync(out, { recursive: true, force: true });
  try {
    const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
    // Only the engine and what it imports, with tsconfig.json's options, emitting. The output finds
    // its packages through a link to the checkout's node_modules, and is ESM like the checkout.
    const config = path.join(out, 'tsconfig.json');
    writeFileSync(
      config,
      JSON.stringify({
        extends: path.join(root, 'tsconfig.json'),
        compilerOptions: {
          noEmit: false,
          incremental: false,
          outDir: path.join(out, 'lib'),
          rootDir: path.join(root, 'src'),
          typeRoots: [path.join(root, 'node_modules/@types')],
        },
        include: [],
        files: [path.join(root, 'src/lint/engine.ts'), path.join(root, 'src/lint/shellcheck.ts')],
      }),
    );
    writeFileSync(path.join(out, 'package.json'), '{"type":"module"}\n');
    symlinkSync(path.join(root, 'node_modules'), path.join(out, 'node_modules'), 'dir');
    execFileSync(process.execPath, [tsc, '-p', config], { stdio: 'inherit' });
    const load = (file: string): Promise<Record<string, unknown>> =>
      import(pathToFileURL(path.join(out, 'lib', file)).href) as Promise<Record<string, unknown>>;
    const engine = await load('lint/engine.js');
    const rules = await load('lint/rules/index.js');
    return {
      lint: engine.lintDockerfile as typeof LintDockerfile,
      rules: rules.RULES as typeof Rules,
      shellcheck: (await load('lint/shellcheck.js')) as unknown as typeof ShellCheck,
      cleanup,
    };
  } catch (error) {
    cleanup();
    throw error;
  }
}

/**
 * Every rule on, off-by-default ones included, with the options they need to have something to
 * check (trusted registries, a label schema, strict labels).
 */
function everyRuleOn(rules: typeof Rules): ConfigFile {
  return {
    rules: Object.fromEntries(rules.map((r) => [r.meta.id, r.meta.severity])),
    ignorePaths: [],
    trustedRegistries: ['docker.io/library', 'ghcr.io'],
    budgets: {},
    images: [],
    labelSchema: { maintainer: 'email', 'org.opencontainers.image.version': 'semver' },
    strictLabels: true,
  };
}

/** ShellCheck over the first `sample` files, one process each as the lint step runs it. */
async function timeShellCheck(
  shellcheck: typeof ShellCheck,
  corpus: readonly string[],
  sample: number,
  config: ConfigFile,
): Promise<LintBenchResult['shellcheck']> {
  const binary = await shellcheck.findShellCheck();
  if (!binary) return undefined;
  const files = corpus.slice(0, sample);
  let findings = 0;
  const start = performance.now();
  for (const [i, text] of files.entries()) {
    findings += (await shellcheck.shellCheckDockerfile(binary, `corpus/${i}/Dockerfile`, text, config))
      .length;
  }
  return { dockerfiles: files.length, msPerDockerfile: (performance.now() - start) / files.length, findings };
}

/** Runs the lint bench and prints its lines through `print`. */
export async function runLintBench(
  options: { count?: number; rounds?: number; print?: (line: string) => void } = {},
): Promise<LintBenchResult> {
  const { count = 1000, rounds = 10, print = (line: string) => console.log(line) } = options;
  const corpus = generateCorpus(count);
  const lines = corpus.reduce((n, text) => n + text.split('\n').length - 1, 0);
  const { lint: lintDockerfile, rules: RULES, shellcheck, cleanup } = await compiledLinter();
  try {
    const config = everyRuleOn(RULES);
    const lint = (text: string, i: number) =>
      lintDockerfile(`corpus/${i}/Dockerfile`, text, { rules: RULES, config, fixes: false });
    const findings = corpus.reduce((n, text, i) => n + lint(text, i).length, 0);
    const times = timeSides(corpus, rounds, { diet: lint, utils: (text) => void validate(text) });
    const diet = times.diet as SideTimes;
    const utils = times.utils as SideTimes;
    const dietRate = corpus.length / (diet.wall / 1000);
    const utilsRate = corpus.length / (utils.wall / 1000);
    const result: LintBenchResult = {
      dockerfiles: corpus.length,
      lines,
      rules: RULES.length,
      findings,
      dockerDiet: { perSecond: dietRate, msPerDockerfile: 1000 / dietRate },
      dockerfileUtils: { perSecond: utilsRate, msPerDockerfile: 1000 / utilsRate },
      ratio: dietRate / utilsRate,
      cpuRatio: {
        thread:
          diet.thread !== undefined && utils.thread !== undefined ? utils.thread / diet.thread : undefined,
        process: utils.process / diet.process,
      },
    };
    const timed = await timeShellCheck(shellcheck, corpus, Math.min(corpus.length, 100), config);
    if (timed) result.shellcheck = timed;
    const fmt = (r: { perSecond: number; msPerDockerfile: number }): string =>
      `${Math.round(r.perSecond).toLocaleString('en-US')} Dockerfiles/s (${r.msPerDockerfile.toFixed(3)} ms each)`;
    const cpu = (t: SideTimes): string =>
      `CPU ${t.thread === undefined ? '' : `${t.thread.toFixed(0)} ms this thread, `}${t.process.toFixed(0)} ms process`;
    print(
      `lint: ${result.dockerfiles} generated Dockerfiles, ${lines} lines, ${rounds} alternating passes (wall: best; CPU: median)`,
    );
    print(
      `  docker-diet (${result.rules} rules, all on): ${fmt(result.dockerDiet)}, ${findings} findings; ${cpu(diet)}`,
    );
    print(`  dockerfile-utils validate():  ${fmt(result.dockerfileUtils)}; ${cpu(utils)}`);
    print(`  ratio docker-diet / dockerfile-utils: ${result.ratio.toFixed(2)}× (wall)`);
    if (result.cpuRatio.thread !== undefined) {
      print(
        `  ratio by CPU time of the linting thread: ${result.cpuRatio.thread.toFixed(2)}× (load-independent)`,
      );
    }
    print(
      `  ratio by CPU time of the process: ${result.cpuRatio.process.toFixed(2)}× (adds V8's compiler and GC threads)`,
    );
    print(
      timed
        ? `  ShellCheck, timed apart (a process per Dockerfile, first ${timed.dockerfiles} files): ${timed.msPerDockerfile.toFixed(1)} ms each, ${timed.findings} findings`
        : '  ShellCheck: not installed (no `shellcheck` on PATH), not timed',
    );
    return result;
  } finally {
    cleanup();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const count = Number(process.argv[2] ?? 1000);
  await runLintBench({ count: Number.isFinite(count) && count > 0 ? count : 1000 });
}
