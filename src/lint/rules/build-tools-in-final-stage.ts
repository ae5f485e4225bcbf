import {
  type DockerfileModel,
  finalStage,
  type FromInfo,
  type InstructionInfo,
} from '../../dockerfile/model.js';
import { programName, type ShellCommand } from '../../dockerfile/shell.js';
import { stageChain } from '../../dockerfile/stages.js';
import type { Rule } from '../types.js';
import { buildCommand, type BuildCommand } from './support/build-commands.js';

type Family = BuildCommand['family'];

/** Toolchain images that have no place in a shipped image, by family. */
const BUILD_IMAGES: { match: (from: FromInfo) => boolean; family: Family }[] = [
  { match: (f) => f.name === 'golang', family: 'go' },
  { match: (f) => f.name === 'maven' || f.name === 'gradle', family: 'java' },
  { match: (f) => f.name === 'rust', family: 'rust' },
  { match: (f) => f.name === 'gcc', family: 'c' },
  { match: (f) => f.name === 'dotnet/sdk' || f.name === 'dotnet/core/sdk', family: 'dotnet' },
];

/** What to do instead, per family, with the sizes at stake (linux/amd64, dated where they drift). */
const ADVICE: Record<Family, string> = {
  go: 'build in `FROM golang:… AS build` with CGO_ENABLED=0, then `COPY --from=build` only the binary into scratch or gcr.io/distroless/static (golang:1.27 is ~885 MB on disk, 2026-09)',
  java: 'build the jar in `FROM maven:… AS build` (or gradle), then copy only the jar into a JRE image such as eclipse-temurin:21-jre-alpine (~208 MB) or tomcat (maven:3-eclipse-temurin-21 alone is ~243 MB to pull, 2026-09)',
  rust: 'build in `FROM rust:… AS build`, then copy only the binary into gcr.io/distroless/cc (~21 MB; rust:1 is ~1.65 GB)',
  c: 'compile in a build stage, then copy only the binary into debian:*-slim or gcr.io/distroless/cc (~21 MB; gcc:latest is ~561 MB to pull)',
  node: 'build in a `FROM node:… AS build` stage, then copy only the build output and production dependencies (`npm ci --omit=dev`) into node:22-slim or -alpine (~168–227 MB vs ~1.22 GB for node:22)',
  dotnet:
    '`dotnet publish` in the SDK image, then copy the output into mcr.microsoft.com/dotnet/aspnet or runtime (~218 MB, ~110 MB chiseled, vs ~896 MB for the SDK)',
};

/** The final image is the build environment: compilers, SDKs, sources and caches ship with the app. */
export const buildToolsInFinalStage: Rule<'buildImage' | 'builds' | 'buildsOnImage'> = {
  meta: {
    id: 'build-tools-in-final-stage',
    severity: 'warning',
    category: 'size',
    aliases: [],
    paths: [
      '/usr/local/go/**',
      '/go/pkg/**',
      '/root/.cache/go-build/**',
      '/root/.m2/**',
      '/root/.gradle/**',
      '/usr/local/cargo/**',
      '/usr/local/rustup/**',
      '/usr/share/dotnet/sdk/**',
      '/root/.nuget/**',
    ],
    description:
      'The final stage compiles or runs on a build image (golang, maven, rust, gcc, dotnet/sdk) instead of copying artifacts from a build stage.',
    messages: {
      builds:
        'The final stage runs `{{command}}`: the toolchain, sources and build caches all ship in the image. Fix: use a multi-stage build — {{advice}}.',
      buildsOnImage:
        'The final stage runs `{{command}}` on {{image}}: the toolchain, sources and build caches all ship in the image. Fix: use a multi-stage build — {{advice}}.',
      buildImage:
        'The final stage is based on the build image {{image}}: the toolchain, sources and build caches all ship in the image. Fix: use a multi-stage build — {{advice}}.',
    },
  },
  check({ model, report }) {
    const final = finalStage(model);
    if (!final) return;
    const chain = [...stageChain(model, final)].reverse(); // base-most first: everything here ships
    const root = chain[0] ?? final;
    const image = root.from.hasVariable ? undefined : BUILD_IMAGES.find((b) => b.match(root.from));
    const build = firstBuild(
      model,
      chain.flatMap((s) => s.instructions),
    );
    if (!image && !build) return;

    const family = image?.family ?? build?.command.family ?? 'c';
    const advice = ADVICE[family];
    if (!build) report(root.fromInstruction, 'buildImage', { image: root.from.image, advice });
    else if (!image) report(build.run, 'builds', { command: build.command.label, advice });
    else report(build.run, 'buildsOnImage', { command: build.command.label, image: root.from.image, advice });
  },
};

/** The first RUN that builds, skipping RUNs that uninstall their toolchain in the same layer. */
function firstBuild(
  model: DockerfileModel,
  instructions: InstructionInfo[],
): { run: InstructionInfo; command: BuildCommand } | undefined {
  for (const run of instructions) {
    for (const candidate of run.commands) {
      const command = buildCommand(candidate);
      if (!command) continue;
      if (!run.commands.some(removesPackages)) return { run, command };
      break;
    }
  }
  return undefined;
}

/** `apk del`, `apt-get purge/remove`, `yum/dnf remove`: the pre-multi-stage "build and clean in one RUN". */
function removesPackages(command: ShellCommand): boolean {
  const name = programName(command);
  const verb = command.argv.slice(1).find((a) => !a.startsWith('-'));
  return (
    (name === 'apk' && verb === 'del') ||
    (['apt-get', 'apt', 'yum', 'dnf', 'microdnf'].includes(name) &&
      ['purge', 'remove', 'autoremove'].includes(verb ?? ''))
  );
}
