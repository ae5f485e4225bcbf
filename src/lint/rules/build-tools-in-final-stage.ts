import { finalStage } from '../../dockerfile/model.js';
import { rootStage } from '../../dockerfile/stages.js';
import type { Rule } from '../types.js';
import { adviseBaseImage, fittingSize, imageKind, type Language } from './support/base-images.js';
import { finalStageBuild, stageLanguage } from './support/build-commands.js';
import { toolchainPurpose } from './support/image-purpose.js';

/** What to do instead, per language of the stage; `{{image}}` is the toolchain image to build in. */
const FIX: Record<Language, (image: string) => string> = {
  go: (image) =>
    `compile with CGO_ENABLED=0 in a \`FROM ${image} AS build\` stage and copy only the binary onto \`scratch\` or \`gcr.io/distroless/static\``,
  java: (image) =>
    `build the jar in a \`FROM ${image} AS build\` stage and copy only the jar onto a JRE image (\`eclipse-temurin:<version>-jre\`)`,
  rust: (image) =>
    `compile in a \`FROM ${image} AS build\` stage and copy only the binary onto \`gcr.io/distroless/cc\``,
  c: () =>
    'compile in a build stage and copy only the binary (and the libraries it links) into the final stage',
  node: () =>
    'build in a `FROM node:<version> AS build` stage and copy only the build output (plus production dependencies, if the app runs on Node) into the final stage',
  dotnet: (image) =>
    `\`dotnet publish\` in a \`FROM ${image} AS build\` stage and copy the output onto \`mcr.microsoft.com/dotnet/aspnet\` or \`runtime\``,
  python: (image) =>
    `build in a \`FROM ${image} AS build\` stage and copy only the result (a virtualenv or wheels) into a -slim image`,
  ruby: (image) =>
    `build in a \`FROM ${image} AS build\` stage and copy only the installed gems and the app into a -slim image`,
};

/** The image a language's build stage would use when the Dockerfile does not name one. */
const BUILD_IMAGE: Record<Language, string> = {
  go: 'golang:<version>',
  java: 'maven:<version>',
  rust: 'rust:<version>',
  c: 'gcc:<version>',
  node: 'node:<version>',
  dotnet: 'mcr.microsoft.com/dotnet/sdk:<version>',
  python: 'python:<version>',
  ruby: 'ruby:<version>',
};

/**
 * The final image is the build environment: compilers, SDKs, sources and caches ship with the app.
 * Silent when the image's purpose is the toolchain (see `toolchainPurpose`). It owns toolchain base
 * images (golang, maven, gradle, rust, gcc, dotnet/sdk): heavy-base-image leaves those to it.
 */
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
        'The final stage runs `{{command}}`, so the toolchain, sources and build caches ship in the image. Fix: {{fix}}.',
      buildsOnImage:
        'The final stage runs `{{command}}` on the build image {{image}}{{size}}, so the toolchain, sources and build caches ship in the image. Fix: {{fix}}.',
      buildImage:
        'The final stage is based on the build image {{image}}{{size}}, so the whole toolchain ships with the app. Fix: {{fix}}.',
    },
  },
  check({ model, report }) {
    const final = finalStage(model);
    if (!final || toolchainPurpose(model, final)) return;
    const root = rootStage(model, final);
    const kind = imageKind(root.from);
    const toolchainImage = kind?.kind === 'toolchain';
    const build = finalStageBuild(model, final);
    if (!toolchainImage && !build) return;

    const language = stageLanguage(build?.command, kind?.language);
    const sameImage = toolchainImage || kind?.language === language;
    const buildImage = sameImage ? root.from.image : BUILD_IMAGE[language];
    // On a full runtime image of the same language (node:22, python:3.12), heavy-base-image stays
    // silent and this finding names the light image for the final stage: one finding per image.
    const light = sameImage && !toolchainImage ? adviseBaseImage(root.from) : undefined;
    const fix = `${FIX[language](buildImage)}${light ? ` (the final stage can then ${light.fix})` : ''}`;
    const fitting = fittingSize(root.from);
    const size = fitting ? ` (${fitting})` : '';
    if (!build) report(root.fromInstruction, 'buildImage', { image: root.from.image, size, fix });
    else if (!toolchainImage) report(build.run, 'builds', { command: build.command.label, fix });
    else
      report(build.run, 'buildsOnImage', { command: build.command.label, image: root.from.image, size, fix });
  },
};
