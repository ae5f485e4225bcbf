import { expect } from '@jest/globals';
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
  ],
  invalid: [
    {
      name: 'debian + apt openjdk-8-jdk',
      code: 'FROM debian\n\nRUN apt update && apt install -y --no-install-recommends openjdk-8-jdk \\\n        && rm -rf /var/lib/apt/lists/*\n\nCOPY target/gs-spring-boot-0.1.0.jar /app/',
      errors: [
        {
          line: 3,
          messageId: 'runtimeInstall',
          data: {
            package: 'openjdk-8-jdk',
            runtime: 'java',
            use: expect.stringContaining('eclipse-temurin:21-jre-alpine'),
          },
        },
      ],
    },
    {
      name: 'centos + yum JDK, reported once per RUN',
      code: 'FROM centos:7\nRUN yum install -y java-11-openjdk-devel python3 && yum clean all',
      errors: [
        { line: 2, messageId: 'runtimeInstall', data: { package: 'java-11-openjdk-devel', runtime: 'java' } },
      ],
    },
    {
      name: 'ubuntu + nodejs with an apt option, in the stage the final stage is built FROM',
      code: 'FROM ubuntu:24.04 AS base\nRUN apt-get -o Dpkg::Use-Pty=0 install -y nodejs=18.19.1-1 npm\nFROM base\nCOPY . /app',
      errors: [
        { line: 2, messageId: 'runtimeInstall', data: { use: expect.stringContaining('node:22-slim') } },
      ],
    },
    {
      name: 'python on a UBI image',
      code: 'FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4\nRUN microdnf install -y python3.11',
      errors: [
        { line: 2, messageId: 'runtimeInstall', data: { use: expect.stringContaining('python:3.12-slim') } },
      ],
    },
    {
      name: 'Go toolchain on an OS image',
      code: 'FROM fedora:40\nRUN dnf install -y golang\nRUN go build -o /app .',
      errors: [{ line: 2, messageId: 'goInstall', data: { use: expect.stringContaining('scratch') } }],
    },
  ],
});
