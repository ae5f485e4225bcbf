/**
 * What the base-image rules know about popular images: a small size table and, per image family,
 * which tags are heavy and what to use instead. Figures are linux/amd64, decimal units, from the
 * images' published metadata (docker-library repo-info, registry manifests); they drift a few percent
 * per rebuild, so every figure says whether it is on disk or pulled (compressed) and when it was true.
 */
import { isDockerHub } from '../../../dockerfile/image-reference.js';
import type { FromInfo } from '../../../dockerfile/model.js';
import { formatBytes } from '../../../units/size.js';

/** One published size of one image. */
export interface SizeFact {
  /** Uncompressed bytes, as `docker images` shows. */
  disk?: number;
  /** Compressed transfer bytes, as registries show. */
  pull?: number;
  /** When (year-month) and where the figure comes from. */
  asOf: string;
}

/** Sizes of reference images, keyed by `image:tag`. */
export const IMAGE_SIZES: Readonly<Record<string, SizeFact>> = {
  'python:3.12': { disk: 1.11e9, pull: 410.9e6, asOf: '2026-08' },
  'python:3.12-slim': { disk: 119.2e6, pull: 43.2e6, asOf: '2026-08' },
  'python:3.12-alpine': { disk: 48.8e6, pull: 18.0e6, asOf: '2026-08' },
  'node:22': { disk: 1.22e9, pull: 408.5e6, asOf: '2026-09' },
  'node:22-slim': { disk: 227.3e6, pull: 79.9e6, asOf: '2026-09' },
  'node:22-alpine': { disk: 167.6e6, pull: 60.7e6, asOf: '2026-09' },
  'ruby:3.4': { disk: 1.1e9, asOf: '2026' },
  'ruby:3.4-slim': { pull: 85.2e6, asOf: '2026' },
  'ruby:3.4-alpine': { pull: 43.1e6, asOf: '2026' },
  'golang:1.27': { disk: 885.2e6, pull: 316.2e6, asOf: '2026-09' },
  'golang:1.27-alpine': { disk: 252.7e6, pull: 75.2e6, asOf: '2026-09' },
  'eclipse-temurin:21-jdk': { disk: 448.6e6, asOf: '2026-07' },
  'eclipse-temurin:21-jdk-alpine': { disk: 363.4e6, asOf: '2026-09' },
  'eclipse-temurin:21-jre': { disk: 287.5e6, pull: 121.1e6, asOf: '2026-09' },
  'eclipse-temurin:21-jre-alpine': { disk: 207.7e6, pull: 74.1e6, asOf: '2026-09' },
  'maven:3-eclipse-temurin-21': { pull: 242.7e6, asOf: '2026-09' },
  'gradle:jdk21': { pull: 444.0e6, asOf: '2026-08' },
  'rust:1': { disk: 1.65e9, asOf: '2026-09' },
  'gcc:latest': { pull: 561.2e6, asOf: '2026-08' },
  'mcr.microsoft.com/dotnet/sdk:9.0': { disk: 896.4e6, asOf: '2025-05' },
  'mcr.microsoft.com/dotnet/aspnet:9.0-alpine': { disk: 108.0e6, asOf: '2025-05' },
  'mcr.microsoft.com/dotnet/runtime-deps:9.0-noble-chiseled': { disk: 12.9e6, asOf: '2025-05' },
  'php:8.4-cli': { pull: 197.5e6, asOf: '2026-09' },
  'debian:trixie': { disk: 119.9e6, pull: 49.3e6, asOf: '2026-08' },
  'debian:trixie-slim': { disk: 78.6e6, pull: 29.8e6, asOf: '2026-08' },
  'centos:7': { disk: 203.9e6, asOf: 'frozen 2021' },
  'almalinux:9-minimal': { disk: 94.3e6, asOf: '2026-09' },
  'gcr.io/distroless/static': { disk: 2.4e6, asOf: '2023' },
  'gcr.io/distroless/cc': { disk: 21e6, asOf: '2021-25' },
};

/** `python:3.12-slim: 119.2 MB on disk (2026-08)`: the image with its disk (else pull) size and date. */
export function sized(image: string): string {
  const fact = IMAGE_SIZES[image];
  if (!fact) return image;
  const size =
    fact.disk !== undefined ? `${formatBytes(fact.disk)} on disk` : `${formatBytes(fact.pull ?? 0)} to pull`;
  return `${image}: ${size}, ${fact.asOf}`;
}

/** What an image family is for: running an app, building one, or being a bare OS. */
export type ImageKind = 'runtime' | 'toolchain' | 'os';

/** Why a base image is heavy and what to use instead. */
export interface BaseImageAdvice {
  family: string;
  kind: ImageKind;
  /** What is heavy, as a phrase following the image name (`python:3.12, the full image …`), with sizes. */
  problem: string;
  /** What to use instead, with reference sizes. */
  fix: string;
  /** A caveat to show with the fix (musl, missing compilers, no shell). */
  caveat?: string;
  /** The size of the family's reference full image, with its date: `python:3.12: 1.1 GB on disk, 2026-08`. */
  size: string;
}

/** The parts of a tag: `3.12-slim-bookworm` → version `3.12`, words ['slim', 'bookworm']. */
function tagParts(tag: string): { version: string; words: string[] } {
  const words = tag.toLowerCase().split('-');
  const version = /^\d/.test(words[0] ?? '') ? (words.shift() as string) : '';
  return { version, words };
}

const LIGHT_WORD = /^(slim|alpine[\d.]*|chiseled|distroless|minimal)$/;
const MUSL =
  'Alpine uses musl, not glibc: software with glibc assumptions can break, and there is no bash by default.';

/** Per family: whether a tag is heavy (undefined: not this rule's business) and the advice. */
interface Family {
  names: string[];
  kind: ImageKind;
  /** The IMAGE_SIZES key of the family's full image. */
  reference: string;
  advise(tag: string, parts: { version: string; words: string[] }): Advice | undefined;
}

const v = (version: string, suffix: string): string => (version ? `${version}-${suffix}` : suffix);

/** A JDK family: tags without `jre` are JDKs (temurin's default) → the JRE of the same version. */
function jdk(name: string, deprecation: string): Family {
  return {
    names: [name],
    kind: 'runtime',
    reference: 'eclipse-temurin:21-jdk',
    advise(tag, { version, words }) {
      if (words.includes('jre')) return undefined;
      const alpine = words.some((w) => w.startsWith('alpine')) ? '-alpine' : '';
      return {
        problem: `a JDK, with a compiler and tools an app does not run with (${sized(`eclipse-temurin:21-jdk${alpine}`)})`,
        fix: `a JRE: \`eclipse-temurin:${v(version, `jre${alpine}`)}\` (${sized(`eclipse-temurin:21-jre${alpine}`)})`,
        caveat: `${deprecation}Alpine saves only 15–20 % on a JDK; the JRE is the win.`,
      };
    },
  };
}

type Advice = Omit<BaseImageAdvice, 'family' | 'kind' | 'size'>;

/** A runtime family whose -slim/-alpine tags are light and every other tag is the full image. */
function fullOrLight(
  name: string,
  reference: string,
  advice: (tag: string, version: string) => Advice,
): Family {
  return {
    names: [name],
    kind: 'runtime',
    reference,
    advise: (tag, { version, words }) =>
      words.some((w) => LIGHT_WORD.test(w)) ? undefined : advice(tag, version),
  };
}

/** A build-toolchain family: every tag, -alpine included, ships the compiler. */
function toolchain(names: string[], reference: string, advice: (tag: string) => Advice): Family {
  return { names, kind: 'toolchain', reference, advise: (tag) => advice(tag) };
}

const FAMILIES: Family[] = [
  fullOrLight('python', 'python:3.12', (tag, version) => ({
    problem: `the full image with compilers and headers (${sized('python:3.12')}; python:3.6.5 912 MB vs 87.4 MB for 3.6.5-alpine, Docker Hub, 2018)`,
    fix: `\`python:${v(version, 'slim')}\` (${sized('python:3.12-slim')})`,
    caveat:
      'Prefer -slim over -alpine for Python: manylinux wheels do not install on musl, so packages compile from source. -slim has no compilers: build wheels in a build stage if pip must compile.',
  })),
  fullOrLight('node', 'node:22', (tag, version) => ({
    problem: `the full image with build tools (${sized('node:22')})`,
    fix: `\`node:${v(version, 'slim')}\` (${sized('node:22-slim')}) or \`node:${v(version, 'alpine')}\` (${sized('node:22-alpine')})`,
    caveat: `${MUSL} Native addons need rebuilding for -alpine.`,
  })),
  fullOrLight('ruby', 'ruby:3.4', (tag, version) => ({
    problem: `the full image with compilers and headers (${sized('ruby:3.4')})`,
    fix: `\`ruby:${v(version, 'slim')}\` (${sized('ruby:3.4-slim')}) or \`ruby:${v(version, 'alpine')}\` (${sized('ruby:3.4-alpine')})`,
    caveat: `-slim has no compilers: build native gems in a build stage. ${MUSL}`,
  })),
  jdk('eclipse-temurin', ''),
  jdk(
    'openjdk',
    'The openjdk image is deprecated and no longer updated: move to eclipse-temurin (or amazoncorretto). ',
  ),
  toolchain(['golang'], 'golang:1.27', (tag) => ({
    problem: `a compiler toolchain (${sized('golang:1.27')}; ${sized('golang:1.27-alpine')})`,
    fix: `a multi-stage build: compile with CGO_ENABLED=0 in \`FROM golang:${tag} AS build\`, then \`COPY --from=build\` the binary onto \`scratch\` or \`gcr.io/distroless/static\` (~2.4 MB)`,
  })),
  toolchain(['maven', 'gradle'], 'maven:3-eclipse-temurin-21', () => ({
    problem: `a JDK plus a build tool (${sized('maven:3-eclipse-temurin-21')}; ${sized('gradle:jdk21')})`,
    fix: `a JRE runtime stage: build the jar in this image \`AS build\`, then \`FROM eclipse-temurin:21-jre-alpine\` (${sized('eclipse-temurin:21-jre-alpine')}) and \`COPY --from=build\` the jar`,
    caveat: 'An -alpine build image saves only 15–20 %; the JRE runtime stage is the win.',
  })),
  toolchain(['rust'], 'rust:1', (tag) => ({
    problem: `a compiler toolchain (${sized('rust:1')}; -slim 912.9 MB and -alpine 1.02 GB on disk, 2026-09)`,
    fix: `a multi-stage build: compile in \`FROM rust:${tag} AS build\`, then copy the binary onto \`gcr.io/distroless/cc\` (~21 MB), or onto \`scratch\` / \`gcr.io/distroless/static\` for a static musl binary`,
    caveat: 'Do not switch to rust:*-alpine to save space: it is bigger than -slim.',
  })),
  toolchain(['gcc'], 'gcc:latest', (tag) => ({
    problem: `a compiler toolchain (${sized('gcc:latest')})`,
    fix: `a multi-stage build: compile in \`FROM gcc:${tag} AS build\`, then copy the binary onto \`gcr.io/distroless/cc\` (~21 MB), or \`scratch\` for a static binary`,
  })),
  toolchain(['mcr.microsoft.com/dotnet/sdk'], 'mcr.microsoft.com/dotnet/sdk:9.0', (tag) => ({
    problem: `the .NET SDK (${sized('mcr.microsoft.com/dotnet/sdk:9.0')})`,
    fix: `a multi-stage build: \`dotnet publish\` in \`FROM mcr.microsoft.com/dotnet/sdk:${tag} AS build\`, then run on \`mcr.microsoft.com/dotnet/aspnet\` or \`runtime\` (${sized('mcr.microsoft.com/dotnet/aspnet:9.0-alpine')}; chiseled 110.6 MB), or \`runtime-deps\` chiseled for self-contained/AOT apps (${sized('mcr.microsoft.com/dotnet/runtime-deps:9.0-noble-chiseled')})`,
  })),
  {
    names: ['debian'],
    kind: 'os',
    reference: 'debian:trixie',
    advise: (tag, { words }) =>
      words.includes('slim')
        ? undefined
        : {
            problem: `the full Debian image (${sized('debian:trixie')})`,
            fix: `\`debian:${tag === 'latest' ? 'stable' : tag}-slim\` (${sized('debian:trixie-slim')})`,
            caveat: '-slim drops documentation, man pages and locales.',
          },
  },
  {
    names: ['centos'],
    kind: 'os',
    reference: 'centos:7',
    advise: () => ({
      problem: `an end-of-life distribution (no security updates) and large (${sized('centos:7')})`,
      fix: `\`almalinux:9-minimal\` (${sized('almalinux:9-minimal')}), \`registry.access.redhat.com/ubi9/ubi-minimal\` (~92 MB on disk), or a -slim language image`,
    }),
  },
];

/** The family of an external image (`python`, `mcr.microsoft.com/dotnet/sdk`), or undefined. */
function familyOf(from: FromInfo): Family | undefined {
  const name = isDockerHub(from.registry) ? from.name : `${from.registry}/${from.name}`;
  return FAMILIES.find((f) => f.names.includes(name));
}

/**
 * Advice for a heavy base image; undefined for light tags, unknown images, stage references,
 * variables, digest-only references and Windows tags (nothing lighter to suggest).
 */
export function adviseBaseImage(from: FromInfo): BaseImageAdvice | undefined {
  if (from.hasVariable || from.stageRef !== undefined) return undefined;
  if (from.tag === undefined && from.digest !== undefined) return undefined;
  const tag = from.tag ?? 'latest';
  if (/windowsservercore|nanoserver/i.test(tag)) return undefined;
  const family = familyOf(from);
  const advice = family?.advise(tag, tagParts(tag));
  return family && advice
    ? { family: family.names[0] as string, kind: family.kind, size: sized(family.reference), ...advice }
    : undefined;
}

/** Language runtimes that have official images. */
export type Runtime = 'java' | 'python' | 'node' | 'ruby' | 'php' | 'go';

/** The official image for a runtime, and what installing the runtime on an OS image costs. */
export interface RuntimeImage {
  /** What to use instead, with sizes. */
  use: string;
  /** The measured cost of the package-manager install, when known. */
  installed?: string;
}

/** Per runtime, the official image to use instead of installing it on an OS image. */
export const RUNTIME_IMAGES: Readonly<Record<Runtime, RuntimeImage>> = {
  java: {
    use: `\`eclipse-temurin:21-jre-alpine\` (${sized('eclipse-temurin:21-jre-alpine')}) or \`eclipse-temurin:21-jre\` (${sized('eclipse-temurin:21-jre')})`,
    // Measured here: docker-diet-base/debian:12 (117 MB), apt-get --no-install-recommends, caches removed.
    installed:
      'on debian:12 openjdk-17-jdk adds 592 MB and openjdk-17-jre-headless 230 MB (measured 2026-11)',
  },
  python: {
    use: `\`python:3.12-slim\` (${sized('python:3.12-slim')})`,
    installed:
      "on debian:12 python3 adds 45.5 MB, and you get the distribution's Python version (measured 2026-11)",
  },
  node: {
    use: `\`node:22-slim\` (${sized('node:22-slim')}) or \`node:22-alpine\` (${sized('node:22-alpine')})`,
    installed: "on debian:12 nodejs adds 99.6 MB for the distribution's Node 18 (measured 2026-11)",
  },
  ruby: { use: `\`ruby:3.4-slim\` (${sized('ruby:3.4-slim')})` },
  php: { use: `\`php:8.4-cli\` (${sized('php:8.4-cli')}), or php:8.4-fpm / -apache for a web server` },
  go: {
    use: 'a multi-stage build: compile in `FROM golang:… AS build` and copy the binary onto `scratch` or `gcr.io/distroless/static` (~2.4 MB)',
  },
};

const OS_IMAGES = new Set(
  'ubuntu debian centos fedora almalinux rockylinux amazonlinux oraclelinux opensuse/leap opensuse/tumbleweed archlinux redhat/ubi8 redhat/ubi9 redhat/ubi8-minimal redhat/ubi9-minimal'.split(
    ' ',
  ),
);

/**
 * True for general-purpose glibc distribution images (ubuntu, debian, centos, fedora, UBI…). Alpine
 * and busybox are left out: a runtime from apk on Alpine is about as small as the official image.
 */
export function isOsImage(from: FromInfo): boolean {
  if (from.hasVariable || from.stageRef !== undefined) return false;
  if (from.registry === 'registry.access.redhat.com') return /^ubi\d+(\/|$)/.test(from.name);
  return isDockerHub(from.registry) && OS_IMAGES.has(from.name);
}
