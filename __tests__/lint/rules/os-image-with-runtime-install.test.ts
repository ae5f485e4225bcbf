import { osImageWithRuntimeInstall } from '../../../src/lint/rules/os-image-with-runtime-install.js';
import { testRule } from '../rule-tester.js';

testRule(osImageWithRuntimeInstall, {
  valid: [
    {
      name: 'the official runtime image',
      code: 'FROM openjdk:8-jre-alpine\nCOPY target/gs-spring-boot-0.1.0.jar /app/\nCMD [ "java", "-jar", "/app/gs-spring-boot-0.1.0.jar" ]',
    },
    {
      name: 'OS packages that are not runtimes',
      code: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl python3-dev-tools && rm -rf /var/lib/apt/lists/*',
    },
    {
      name: 'Alpine: apk runtimes are about as small as the official image',
      code: 'FROM alpine:3.20\nRUN apk add --no-cache openjdk17-jre python3 nodejs',
    },
    {
      name: 'the runtime only in a builder stage',
      code: 'FROM ubuntu:24.04 AS build\nRUN apt-get update && apt-get install -y openjdk-17-jdk\nRUN ./gradlew build\nFROM eclipse-temurin:21-jre\nCOPY --from=build /app.jar /app.jar',
    },
    { name: 'not an install', code: 'FROM ubuntu:24.04\nRUN apt-get remove -y python3' },
    { name: 'an unresolved base', code: 'ARG BASE\nFROM ${BASE}\nRUN apt-get install -y nodejs' },
    {
      name: 'Node installed to build assets in a PHP image (the container runs apache)',
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y apache2 nodejs npm\nCOPY . /var/www/html\nRUN npm ci && npm run build\nCMD ["apachectl", "-D", "FOREGROUND"]',
    },
    {
      name: 'a bootstrap Ruby installed and purged in the same RUN (savedAptMark)',
      code: [
        'FROM debian:bookworm-slim',
        'RUN set -eux; savedAptMark="$(apt-mark showmanual)"; apt-get update; \\',
        '  apt-get install -y --no-install-recommends ruby gcc make; ./configure && make install; \\',
        "  apt-mark auto '.*' > /dev/null; apt-mark manual $savedAptMark > /dev/null; \\",
        '  apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false',
        'CMD ["irb"]',
      ].join('\n'),
    },
    {
      name: 'a runtime purged by name in the same RUN',
      code: 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y python3 && ./build.sh && apt-get purge -y python3\nCMD ["/usr/local/bin/app"]',
    },
    {
      name: 'a system Python a C++ build environment needs (no command, nothing run)',
      code: 'FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y --no-install-recommends build-essential cmake python3\nWORKDIR /src',
    },
    {
      name: 'python3 as a utility in a shell image',
      code: 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y --no-install-recommends python3\nCMD ["bash"]',
    },
    {
      name: 'the Go toolchain whose binary is run, not go itself (build-tools-in-final-stage reports the build)',
      code: 'FROM fedora:40\nRUN dnf install -y golang\nRUN go build -o /app .\nCMD ["/app"]',
    },
  ],
  invalid: [
    {
      name: 'debian + apt openjdk-8-jdk, the container runs java',
      code: 'FROM debian\n\nRUN apt update && apt install -y --no-install-recommends openjdk-8-jdk \\\n        && rm -rf /var/lib/apt/lists/*\n\nCOPY target/gs-spring-boot-0.1.0.jar /app/\nCMD ["java", "-jar", "/app/gs-spring-boot-0.1.0.jar"]',
      errors: [
        {
          line: 3,
          messageId: 'runtimeInstall',
          data: { package: 'openjdk-8-jdk', runtime: 'java', use: '`eclipse-temurin:8-jre`', cost: '' },
        },
      ],
    },
    {
      name: 'centos + yum JDK, reported once per RUN',
      code: 'FROM centos:7\nRUN yum install -y java-11-openjdk-devel python3 && yum clean all\nCMD ["java", "-jar", "/app.jar"]',
      errors: [
        { line: 2, messageId: 'runtimeInstall', data: { package: 'java-11-openjdk-devel', runtime: 'java' } },
      ],
    },
    {
      name: 'the runtime the container runs is the one reported, not the first installed',
      code: 'FROM centos:7\nRUN yum install -y java-11-openjdk-devel python3 && yum clean all\nCMD ["python3", "app.py"]',
      errors: [{ line: 2, messageId: 'runtimeInstall', data: { package: 'python3', runtime: 'python' } }],
    },
    {
      name: 'ubuntu + nodejs with an apt option, in the stage the final stage is built FROM',
      code: 'FROM ubuntu:24.04 AS base\nRUN apt-get -o Dpkg::Use-Pty=0 install -y nodejs=18.19.1-1 npm\nFROM base\nCOPY . /app\nCMD ["node", "/app/server.js"]',
      errors: [{ line: 2, messageId: 'runtimeInstall', data: { use: '`node:<version>-slim`', cost: '' } }],
    },
    {
      name: 'the measured figure only on the image it was measured on',
      code: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y python3\nCOPY app.py /app.py\nCMD ["python3", "/app.py"]',
      errors: [
        {
          line: 2,
          messageId: 'runtimeInstall',
          data: { cost: ' (on debian:12, python3 adds 45.5 MB, measured 2026-11)' },
        },
      ],
    },
    {
      name: 'python on a UBI image, run through gunicorn',
      code: 'FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4\nRUN microdnf install -y python3.11\nCMD ["gunicorn", "app:app"]',
      errors: [{ line: 2, messageId: 'runtimeInstall', data: { use: '`python:3.11-slim`' } }],
    },
    {
      name: 'a script the container runs, by extension',
      code: 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y ruby\nCOPY app.rb /app.rb\nCMD ["/app.rb"]',
      errors: [{ line: 2, messageId: 'runtimeInstall', data: { runtime: 'ruby' } }],
    },
    {
      name: 'a script written in the Dockerfile, by its shebang',
      code: 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y python3\nCOPY <<EOF /usr/local/bin/serve\n#!/usr/bin/env python3\nprint("hi")\nEOF\nCMD ["serve"]',
      errors: [{ line: 2, messageId: 'runtimeInstall', data: { runtime: 'python' } }],
    },
    {
      name: 'mod_php under apache',
      code: 'FROM debian:bullseye\nRUN apt-get update && apt-get install -y apache2 php libapache2-mod-php\nCMD ["apachectl", "-D", "FOREGROUND"]',
      errors: [{ line: 2, messageId: 'runtimeInstall', data: { runtime: 'php' } }],
    },
    {
      name: 'Go toolchain on an OS image, and the container runs go',
      code: 'FROM fedora:40\nRUN dnf install -y golang\nCOPY . .\nCMD ["go", "run", "."]',
      errors: [{ line: 2, messageId: 'goInstall', data: { command: 'go run .' } }],
    },
  ],
});
