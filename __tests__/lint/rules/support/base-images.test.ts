import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { type FromInfo, parseDockerfile } from '../../../../src/dockerfile/model.js';
import {
  adviseBaseImage,
  holdsOs,
  IMAGE_SIZES,
  isOsImage,
  RUNTIME_IMAGES,
  sized,
} from '../../../../src/lint/rules/support/base-images.js';

/** The FromInfo of the last FROM in `text`. */
function from(text: string): FromInfo {
  const model = parseDockerfile('Dockerfile', text.includes('FROM') ? text : `FROM ${text}`);
  return (model.stages[model.stages.length - 1] as { from: FromInfo }).from;
}

describe('IMAGE_SIZES', () => {
  it('gives every image a disk or pull size and a date', () => {
    for (const [image, fact] of Object.entries(IMAGE_SIZES)) {
      expect([image, fact.disk ?? fact.pull]).toEqual([image, expect.any(Number)]);
      expect(fact.asOf).toMatch(/\d{4}/);
    }
  });
  it('keeps the published ordering: full > slim > alpine, JDK > JRE, rust slim < rust', () => {
    const disk = (image: string) => IMAGE_SIZES[image]?.disk ?? NaN;
    expect(disk('python:3.12')).toBeGreaterThan(disk('python:3.12-slim'));
    expect(disk('python:3.12-slim')).toBeGreaterThan(disk('python:3.12-alpine'));
    expect(disk('node:22-slim')).toBeGreaterThan(disk('node:22-alpine'));
    expect(disk('eclipse-temurin:21-jdk')).toBeGreaterThan(disk('eclipse-temurin:21-jre'));
    expect(disk('debian:trixie')).toBeGreaterThan(disk('debian:trixie-slim'));
  });
  it('prints sizes with formatBytes, saying disk or pull and the date', () => {
    expect(sized('python:3.12-slim')).toBe('python:3.12-slim: 119.2 MB on disk, 2026-08');
    expect(sized('gcc:latest')).toBe('gcc:latest: 561.2 MB to pull, 2026-08');
    expect(sized('unknown:1')).toBe('unknown:1');
  });
});

describe('adviseBaseImage', () => {
  it.each([
    ['python:3.6.5', 'runtime', '`python:3.6.5-slim`'],
    ['python', 'runtime', '`python:slim`'],
    ['docker.io/library/python:3.12-bookworm', 'runtime', '`python:3.12-slim`'],
    ['node:22-bookworm', 'runtime', '`node:22-slim`'],
    ['ruby:3.3', 'runtime', '`ruby:3.3-slim`'],
    ['eclipse-temurin:21', 'runtime', '`eclipse-temurin:21-jre`'],
    ['openjdk:17-jdk-alpine', 'runtime', '`eclipse-temurin:17-jre-alpine`'],
    ['golang:1.22-alpine', 'toolchain', 'distroless/static'],
    ['gradle:jdk21', 'toolchain', '`eclipse-temurin:<version>-jre`'],
    ['rust:1-slim', 'toolchain', 'distroless/cc'],
    ['gcc:14', 'toolchain', 'distroless/cc'],
    ['mcr.microsoft.com/dotnet/sdk:8.0', 'toolchain', 'dotnet/aspnet'],
    ['debian:latest', 'os', '`debian:stable-slim`'],
    ['centos:8', 'os', 'almalinux:9-minimal'],
  ])('%s is heavy (%s) → %s', (image, kind, fix) => {
    const advice = adviseBaseImage(from(image));
    expect(advice?.kind).toBe(kind);
    expect(advice?.fix).toContain(fix);
  });

  it.each([
    ['python:3.12', 'python:3.12 is 1.1 GB on disk, 2026-08'],
    ['python:3.12.4', 'python:3.12 is 1.1 GB on disk, 2026-08'],
    ['eclipse-temurin:21', 'eclipse-temurin:21-jdk is 448.6 MB on disk, 2026-07'],
    ['debian:13', 'debian:trixie is 119.9 MB on disk, 2026-08'],
    ['python', 'python images are ~1.1 GB on disk: python:3.12, 2026-08'],
    ['node:latest', 'node images are ~1.2 GB on disk: node:22, 2026-09'],
    ['golang:1.27', 'golang:1.27 is 885.2 MB on disk, 2026-09'],
    ['golang', 'golang images are ~885.2 MB on disk: golang:1.27, 2026-09'],
  ])('%s is quoted with the figure that fits it: %s', (image, size) => {
    expect(adviseBaseImage(from(image))?.size).toBe(size);
  });

  it.each([
    'python:3.6.5',
    'python:3.12-bookworm',
    'node:10',
    'node:22-bookworm',
    'golang:1-buster',
    'golang:1.21',
    'rust:1.80',
    'eclipse-temurin:21-jdk-jammy',
    'openjdk:17',
    'debian:bookworm',
    'centos:8',
  ])('%s gets no figure: the table has none for that version', (image) => {
    const advice = adviseBaseImage(from(image));
    expect(advice).toBeDefined();
    expect(advice?.size).toBeUndefined();
    expect(advice?.fix).not.toMatch(/MB|GB/);
  });

  it.each([
    'python:3.12-slim',
    'python:3.12-alpine3.20',
    'node:22-slim',
    'ruby:3.4-alpine',
    'eclipse-temurin:21-jre-jammy',
    'openjdk:8-jre-alpine',
    'debian:bookworm-slim',
    'ubuntu:24.04',
    'php:8.4-cli',
    'alpine:3.20',
    'gcr.io/distroless/static',
    'myorg/python:3.12',
    'ghcr.io/library/python:3.12',
    'python:3.12-windowsservercore-ltsc2022',
    'python@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
  ])('%s gets no advice', (image) => {
    expect(adviseBaseImage(from(image))).toBeUndefined();
  });

  it('skips stage references and unresolved variables', () => {
    expect(adviseBaseImage(from('FROM python:3.12 AS base\nFROM base'))).toBeUndefined();
    expect(adviseBaseImage(from('ARG V\nFROM python:${V}'))).toBeUndefined();
  });

  it('never suggests rust:*-alpine, and Python gets -slim, not -alpine', () => {
    expect(adviseBaseImage(from('rust:1.80'))?.fix).not.toMatch(/rust:[^ ]*alpine/);
    expect(adviseBaseImage(from('python:3.12'))?.fix).not.toMatch(/alpine/);
  });

  it('never throws, whatever the FROM line says', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const model = parseDockerfile('Dockerfile', `FROM ${text}`);
        for (const stage of model.stages) adviseBaseImage(stage.from);
        return true;
      }),
    );
  });
});

describe('isOsImage', () => {
  it.each([
    ['ubuntu:24.04', true],
    ['debian:12-slim', true],
    ['docker.io/library/centos:7', true],
    ['redhat/ubi9-minimal', true],
    ['registry.access.redhat.com/ubi9/ubi-minimal:9.4', true],
    ['alpine:3.20', false],
    ['python:3.12', false],
    ['myorg/ubuntu:24.04', false],
  ])('%s → %s', (image, expected) => {
    expect(isOsImage(from(image))).toBe(expected);
  });
});

describe('RUNTIME_IMAGES', () => {
  it('names the official image for the runtime version, and the measured cost only on debian:12', () => {
    expect(RUNTIME_IMAGES.java.use('17')).toBe('`eclipse-temurin:17-jre`');
    expect(RUNTIME_IMAGES.python.use()).toBe('`python:<version>-slim`');
    expect(RUNTIME_IMAGES.java.measured?.text).toContain('592 MB');
    expect(RUNTIME_IMAGES.python.measured?.on.test('debian:bookworm-slim')).toBe(true);
    expect(RUNTIME_IMAGES.python.measured?.on.test('ubuntu:22.04')).toBe(false);
    for (const image of Object.values(RUNTIME_IMAGES)) expect(image.use()).toMatch(/`/);
  });
});

describe('holdsOs', () => {
  it.each([
    ['debian:12', true],
    ['nginx:1.27', true],
    ['python:3.12-slim', true],
    ['golang:1.23', true],
    ['ghcr.io/example/s6-overlay-rootfs:3.2.0.2', false],
    ['tonistiigi/xx:1.5.0', false],
  ])('%s → %s', (image, expected) => {
    expect(holdsOs(from(image))).toBe(expected);
  });
});
