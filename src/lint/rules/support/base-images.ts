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

/** The size of one image from the table, as a phrase: `1.1 GB on disk, 2026-08`. */
function sizeOf(image: string): string | undefined {
  const fact = IMAGE_SIZES[image];
  if (!fact) return undefined;
  const size =
    fact.disk !== undefined ? `${formatBytes(fact.disk)} on disk` : `${formatBytes(fact.pull ?? 0)} to pull`;
  return `${size}, ${fact.asOf}`;
}

/** What an image family is for: running an app, building one, or being a bare OS. */
export type ImageKind = 'runtime' | 'toolchain' | 'os';

/** The language an image family or a build is about, for advice that fits the stage. */
export type Language = 'go' | 'java' | 'rust' | 'c' | 'node' | 'dotnet' | 'python' | 'ruby';

/** Why a base image is heavy and what to use instead. */
export interface BaseImageAdvice {
  family: string;
  kind: ImageKind;
  language?: Language;
  /** What is heavy, as a phrase following the image name (`python:3.12, the full image …`); no figures. */
  problem: string;
  /** What to use instead, as a phrase (`` `python:3.12-slim` ``), with its size only when it fits. */
  fix: string;
  /**
   * The size of this image, only when the table has a figure that fits it: the same version
   * (`python:3.12 is 1.1 GB on disk, 2026-08`), or, when the tag names no version, the family's
   * (`python images are ~1.1 GB on disk (python:3.12, 2026-08)`). Undefined otherwise.
   */
  size?: string;
}

/** The parts of a tag: `3.12-slim-bookworm` → version `3.12`, words ['slim', 'bookworm']. */
function tagParts(tag: string): { version: string; words: string[] } {
  const words = tag.toLowerCase().split('-');
  const version = /^\d/.test(words[0] ?? '') ? (words.shift() as string) : '';
  return { version, words };
}

const LIGHT_WORD = /^(slim|alpine[\d.]*|chiseled|distroless|minimal)$/;

/** Per family: whether a tag is heavy (undefined: not this rule's business) and the advice. */
interface Family {
  names: string[];
  kind: ImageKind;
  language?: Language;
  /** The IMAGE_SIZES key of the family's full image, if the table has one. */
  reference?: string;
  /** Other ways to write the reference's version (`13` for `trixie`). */
  referenceVersions?: string[];
  advise(tag: string, parts: { version: string; words: string[] }): Advice | undefined;
}

type Advice = Pick<BaseImageAdvice, 'problem' | 'fix'>;

const v = (version: string, suffix: string): string => (version ? `${version}-${suffix}` : suffix);

/** True when a tag's version is the reference's (`3.12`, `3.12.4` for `3.12`; `1.80` is not `1`). */
function sameVersion(version: string, reference: string): boolean {
  return version === reference || (reference.includes('.') && version.startsWith(`${reference}.`));
}

/**
 * The key of the table entry that describes `name:<tag>` with `suffix` (`''` for the full image), when
 * the tag is the reference's version; undefined when the table says nothing about that version.
 */
function fittingEntry(family: Family, tag: string, suffix: string): string | undefined {
  if (!family.reference) return undefined;
  const refTag = family.reference.slice(family.reference.lastIndexOf(':') + 1);
  const ref = tagParts(refTag);
  const own = tagParts(tag);
  const refVersion = ref.version || (ref.words[0] ?? '');
  const versions = [refVersion, ...(family.referenceVersions ?? [])];
  const version = own.version || (ref.version ? '' : (own.words[0] ?? ''));
  if (!version || !versions.some((r) => sameVersion(version, r))) return undefined;
  const extra = own.words.filter((w) => !ref.words.includes(w) && w !== version);
  if (extra.length > 0) return undefined;
  const key = suffix ? `${family.reference.replace(/-jdk$/, '')}-${suffix}` : family.reference;
  return IMAGE_SIZES[key] ? key : undefined;
}

/** The size phrase of a heavy tag: its own version's figure, the family's when the tag has no version, or none. */
function heavySize(family: Family, tag: string): string | undefined {
  if (!family.reference) return undefined;
  const exact = fittingEntry(family, tag, '');
  if (exact) return `${exact} is ${sizeOf(exact)}`;
  const { version, words } = tagParts(tag);
  const unversioned = !version && (words.length === 0 || words[0] === 'latest' || words[0] === 'stable');
  if (!unversioned) return undefined;
  const fact = IMAGE_SIZES[family.reference];
  if (!fact) return undefined;
  const size =
    fact.disk !== undefined ? `${formatBytes(fact.disk)} on disk` : `${formatBytes(fact.pull ?? 0)} to pull`;
  return `${family.names[0]} images are ~${size}: ${family.reference}, ${fact.asOf}`;
}

/** `` `python:3.12-slim` (119.2 MB on disk, 2026-08)`` when the table has that version, else just the image. */
function lightImage(family: Family, tag: string, image: string, suffix: string): string {
  const key = fittingEntry(family, tag, suffix);
  const size = key ? sizeOf(key) : undefined;
  return size ? `\`${image}\` (${size})` : `\`${image}\``;
}

/** A JDK family: tags without `jre` are JDKs (temurin's default) → the JRE of the same version. */
function jdk(name: string, reference: string | undefined, deprecated: boolean): Family {
  const family: Family = {
    names: [name],
    kind: 'runtime',
    language: 'java',
    reference,
    advise(tag, { version, words }) {
      if (words.includes('jre')) return undefined;
      const alpine = words.some((w) => w.startsWith('alpine')) ? '-alpine' : '';
      const jre = lightImage(family, tag, `eclipse-temurin:${v(version, `jre${alpine}`)}`, `jre${alpine}`);
      return {
        problem: deprecated
          ? 'a JDK from the deprecated openjdk image, with a compiler and tools an app does not run with'
          : 'a JDK, with a compiler and tools an app does not run with',
        fix: `run on a JRE: ${jre}`,
      };
    },
  };
  return family;
}

/** A runtime family whose -slim/-alpine tags are light and every other tag is the full image. */
function fullOrLight(
  name: string,
  language: Language,
  reference: string,
  advice: (tag: string, version: string, family: Family) => Advice,
): Family {
  const family: Family = {
    names: [name],
    kind: 'runtime',
    language,
    reference,
    advise: (tag, { version, words }) =>
      words.some((w) => LIGHT_WORD.test(w)) ? undefined : advice(tag, version, family),
  };
  return family;
}

/** A build-toolchain family: every tag, -alpine included, ships the compiler. */
function toolchain(
  names: string[],
  language: Language,
  reference: string,
  advice: (tag: string) => Advice,
): Family {
  return { names, kind: 'toolchain', language, reference, advise: (tag) => advice(tag) };
}

const FAMILIES: Family[] = [
  fullOrLight('python', 'python', 'python:3.12', (tag, version, family) => ({
    problem: 'the full image, with compilers and headers an app does not run with',
    fix: `use ${lightImage(family, tag, `python:${v(version, 'slim')}`, 'slim')}`,
  })),
  fullOrLight('node', 'node', 'node:22', (tag, version, family) => ({
    problem: 'the full image, with build tools an app does not run with',
    fix: `use ${lightImage(family, tag, `node:${v(version, 'slim')}`, 'slim')} or ${lightImage(family, tag, `node:${v(version, 'alpine')}`, 'alpine')}`,
  })),
  fullOrLight('ruby', 'ruby', 'ruby:3.4', (tag, version, family) => ({
    problem: 'the full image, with compilers and headers an app does not run with',
    fix: `use ${lightImage(family, tag, `ruby:${v(version, 'slim')}`, 'slim')} (build native gems in a build stage)`,
  })),
  jdk('eclipse-temurin', 'eclipse-temurin:21-jdk', false),
  jdk('openjdk', undefined, true),
  toolchain(['golang'], 'go', 'golang:1.27', (tag) => ({
    problem: 'a compiler toolchain',
    fix: `compile with CGO_ENABLED=0 in a \`FROM golang:${tag} AS build\` stage and copy only the binary onto \`scratch\` or \`gcr.io/distroless/static\``,
  })),
  toolchain(['maven'], 'java', 'maven:3-eclipse-temurin-21', () => ({
    problem: 'a JDK plus a build tool',
    fix: 'build the jar in this image `AS build`, then copy only the jar onto a JRE image (`eclipse-temurin:<version>-jre`)',
  })),
  toolchain(['gradle'], 'java', 'gradle:jdk21', () => ({
    problem: 'a JDK plus a build tool',
    fix: 'build the jar in this image `AS build`, then copy only the jar onto a JRE image (`eclipse-temurin:<version>-jre`)',
  })),
  toolchain(['rust'], 'rust', 'rust:1', (tag) => ({
    problem: 'a compiler toolchain',
    fix: `compile in a \`FROM rust:${tag} AS build\` stage and copy only the binary onto \`gcr.io/distroless/cc\` (or \`scratch\` for a static musl build)`,
  })),
  toolchain(['gcc'], 'c', 'gcc:latest', (tag) => ({
    problem: 'a compiler toolchain',
    fix: `compile in a \`FROM gcc:${tag} AS build\` stage and copy only the binary onto \`gcr.io/distroless/cc\` (or \`scratch\` for a static binary)`,
  })),
  toolchain(['mcr.microsoft.com/dotnet/sdk'], 'dotnet', 'mcr.microsoft.com/dotnet/sdk:9.0', (tag) => ({
    problem: 'the .NET SDK',
    fix: `\`dotnet publish\` in a \`FROM mcr.microsoft.com/dotnet/sdk:${tag} AS build\` stage and run the output on \`mcr.microsoft.com/dotnet/aspnet\` or \`runtime\``,
  })),
  {
    names: ['debian'],
    kind: 'os',
    reference: 'debian:trixie',
    referenceVersions: ['13'],
    advise(tag, { words }) {
      if (words.includes('slim')) return undefined;
      const slim = `debian:${tag === 'latest' ? 'stable' : tag}-slim`;
      return {
        problem: 'the full Debian image',
        fix: `use ${lightImage(this, tag, slim, 'slim')}`,
      };
    },
  },
  {
    names: ['centos'],
    kind: 'os',
    reference: 'centos:7',
    advise: () => ({
      problem: 'an end-of-life distribution with no security updates',
      fix: 'move to `almalinux:9-minimal`, `registry.access.redhat.com/ubi9/ubi-minimal` or a -slim language image',
    }),
  },
];

/** The family of an external image (`python`, `mcr.microsoft.com/dotnet/sdk`), or undefined. */
function familyOf(from: FromInfo): Family | undefined {
  const name = isDockerHub(from.registry) ? from.name : `${from.registry}/${from.name}`;
  return FAMILIES.find((f) => f.names.includes(name));
}

/** What kind of image a FROM names (a language runtime, a toolchain, an OS), when it is a known family. */
export function imageKind(from: FromInfo): { kind: ImageKind; language?: Language } | undefined {
  if (from.hasVariable || from.stageRef !== undefined) return undefined;
  const family = familyOf(from);
  return family ? { kind: family.kind, language: family.language } : undefined;
}

/** The size phrase of `from` when the table has a figure that fits its version (see BaseImageAdvice.size). */
export function fittingSize(from: FromInfo): string | undefined {
  if (from.hasVariable || from.stageRef !== undefined) return undefined;
  const family = familyOf(from);
  return family ? heavySize(family, from.tag ?? 'latest') : undefined;
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
  if (!family || !advice) return undefined;
  return {
    family: family.names[0] as string,
    kind: family.kind,
    language: family.language,
    size: heavySize(family, tag),
    ...advice,
  };
}

/** Language runtimes that have official images. */
export type Runtime = 'java' | 'python' | 'node' | 'ruby' | 'php' | 'go';

/** The official image for a runtime, and what installing the runtime on an OS image costs. */
export interface RuntimeImage {
  /** The official image to use instead, for a runtime version if known (`17`, `3.11`). */
  use(version?: string): string;
  /** A measured cost of the package-manager install, and the base image it was measured on. */
  measured?: { on: RegExp; text: string };
}

const DEBIAN_12 = /^debian:(12|bookworm)([.-]|$)/;

/** Per runtime, the official image to use instead of installing it on an OS image. */
export const RUNTIME_IMAGES: Readonly<Record<Runtime, RuntimeImage>> = {
  java: {
    use: (version) => `\`eclipse-temurin:${version ?? '<version>'}-jre\``,
    // Measured here: docker-diet-base/debian:12 (117 MB), apt-get --no-install-recommends, caches removed.
    measured: {
      on: DEBIAN_12,
      text: 'on debian:12, openjdk-17-jdk adds 592 MB and openjdk-17-jre-headless 230 MB, measured 2026-11',
    },
  },
  python: {
    use: (version) => `\`python:${version ?? '<version>'}-slim\``,
    measured: { on: DEBIAN_12, text: 'on debian:12, python3 adds 45.5 MB, measured 2026-11' },
  },
  node: {
    use: (version) => `\`node:${version ?? '<version>'}-slim\``,
    measured: { on: DEBIAN_12, text: 'on debian:12, nodejs adds 99.6 MB for Node 18, measured 2026-11' },
  },
  ruby: { use: (version) => `\`ruby:${version ?? '<version>'}-slim\`` },
  php: { use: (version) => `\`php:${version ?? '<version>'}-cli\`, -fpm or -apache` },
  go: { use: () => 'a `FROM golang:<version> AS build` stage' },
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

/** Images known to hold a whole OS userland besides the families above. */
const OTHER_OS_IMAGES = new Set(['alpine', 'busybox', 'php', 'httpd', 'nginx', 'amazoncorretto']);

/**
 * True when an image is known to hold an OS userland: a distribution image, or a language or
 * toolchain image of the table. Unknown images (which may be scratch-based carriers of a few
 * binaries) are not.
 */
export function holdsOs(from: FromInfo): boolean {
  if (from.hasVariable || from.stageRef !== undefined) return false;
  if (isOsImage(from) || familyOf(from) !== undefined) return true;
  if (isDockerHub(from.registry) && OTHER_OS_IMAGES.has(from.name)) return true;
  return from.registry === 'mcr.microsoft.com' && /^dotnet\/(aspnet|runtime|sdk)$/.test(from.name);
}
