import { expect } from '@jest/globals';
import { heavyBaseImage } from '../../../src/lint/rules/heavy-base-image.js';
import { testRule } from '../rule-tester.js';

testRule(heavyBaseImage, {
  valid: [
    {
      name: 'python:3.6-alpine flask app',
      code: 'FROM python:3.6-alpine\nRUN apk add --no-cache gcc musl-dev\nCOPY . /app\nWORKDIR /app\nRUN pip install -r requirements.txt',
    },
    'FROM python:3.12-slim-bookworm',
    'FROM node:22-alpine3.20',
    'FROM eclipse-temurin:21-jre-alpine',
    {
      name: 'openjdk:8-jre-alpine runtime',
      code: 'FROM openjdk:8-jre-alpine\nCOPY target/app.jar /app/',
    },
    'FROM debian:bookworm-slim',
    'FROM gcr.io/distroless/python3-debian12',
    'FROM mcr.microsoft.com/dotnet/aspnet:9.0',
    { name: 'ubuntu has no slimmer official variant', code: 'FROM ubuntu:24.04' },
    { name: 'php default is already on slim Debian', code: 'FROM php:8.4-apache' },
    {
      name: 'a heavy image only in a builder stage',
      code: 'FROM maven:3.9-eclipse-temurin-21 AS builder\nRUN mvn -B package\nFROM eclipse-temurin:21-jre-alpine\nCOPY --from=builder /app/target/app.jar /app.jar',
    },
    { name: 'an unresolved variable', code: 'ARG BASE\nFROM ${BASE}' },
    {
      name: 'a digest without tag',
      code: 'FROM python@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    },
    { name: 'a lookalike in another namespace', code: 'FROM myorg/python:3.12' },
    { name: 'Windows tags have no slim variant', code: 'FROM python:3.12-windowsservercore-ltsc2022' },
    {
      name: 'toolchain images are left to build-tools-in-final-stage (one finding per image)',
      code: 'FROM golang:1.22-alpine\nCOPY . .\nRUN go build -o /app\nCMD ["/app"]',
    },
    'FROM maven:3.6.1-jdk-8-alpine\nCOPY pom.xml /app/\nRUN mvn -e -B package\nCMD ["java", "-jar", "/app/app.jar"]',
    'FROM rust:1.80-alpine\nCOPY . .\nCMD ["app"]',
    'FROM mcr.microsoft.com/dotnet/sdk:9.0\nCOPY . .\nENTRYPOINT ["dotnet", "App.dll"]',
    {
      name: 'a JDK image whose container runs Maven is a build image',
      code: 'FROM eclipse-temurin:21-jdk\nCOPY mvn-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["/usr/local/bin/mvn-entrypoint.sh"]\nCMD ["mvn"]',
    },
    {
      name: 'a JDK image with the Android SDK and no app',
      code: 'FROM eclipse-temurin:17-jdk-jammy\nRUN yes | sdkmanager --licenses\nWORKDIR /project',
    },
    {
      name: 'a CI image for end-to-end tests (no app, only tools)',
      code: 'FROM node:20-bookworm\nRUN npx -y playwright@1.48.2 install --with-deps chromium',
    },
  ],
  invalid: [
    {
      name: 'python:3.6.5 is the full image; no figure for a version the table does not have',
      code: 'FROM python:3.6.5\nCOPY . /app',
      errors: [
        {
          line: 1,
          messageId: 'heavyBase',
          data: { fix: 'use `python:3.6.5-slim`', size: '' },
        },
      ],
    },
    {
      name: 'the figure of the same version, with its date',
      code: 'FROM python:3.12\nCOPY . /app\nCMD ["python", "/app/main.py"]',
      errors: [
        {
          line: 1,
          messageId: 'heavyBase',
          data: {
            size: ' (python:3.12 is 1.1 GB on disk, 2026-08)',
            fix: 'use `python:3.12-slim` (119.2 MB on disk, 2026-08)',
          },
        },
      ],
    },
    {
      name: 'node:10 gets no node:22 figure',
      code: 'FROM node:10\nCOPY . .\nCMD ["node", "index.js"]',
      errors: [
        {
          line: 1,
          messageId: 'heavyBase',
          data: { size: '', fix: 'use `node:10-slim` or `node:10-alpine`' },
        },
      ],
    },
    {
      name: 'openjdk:8-jdk-stretch is a deprecated JDK',
      code: 'FROM openjdk:8-jdk-stretch\nCOPY target/app.jar /app/',
      errors: [
        {
          line: 1,
          messageId: 'heavyBase',
          data: {
            fix: expect.stringContaining('`eclipse-temurin:8-jre`'),
            problem: expect.stringContaining('deprecated'),
          },
        },
      ],
    },
    {
      name: 'temurin JDK alpine → JRE alpine',
      code: 'FROM eclipse-temurin:21-jdk-alpine\nCOPY app.jar /app.jar\nCMD ["java", "-jar", "/app.jar"]',
      errors: [
        {
          line: 1,
          messageId: 'heavyBase',
          data: { fix: expect.stringContaining('`eclipse-temurin:21-jre-alpine`') },
        },
      ],
    },
    {
      name: "untagged node: the version is unknown, so the figure is the family's",
      code: 'FROM node\nCOPY . .',
      errors: [
        {
          line: 1,
          messageId: 'heavyBase',
          data: {
            fix: 'use `node:slim` or `node:alpine`',
            size: ' (node images are ~1.2 GB on disk: node:22, 2026-09)',
          },
        },
      ],
    },
    {
      name: 'reported at the stage the final stage rests on',
      code: 'FROM docker.io/library/ruby:3.3 AS base\nRUN bundle install\nFROM base\nCMD ["ruby", "app.rb"]',
      errors: [{ line: 1, messageId: 'heavyBaseThrough', data: { stage: 'base' } }],
    },
    {
      name: 'a slimmer OS still builds: full debian is reported on a toolchain image too',
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y gcc',
      errors: [{ line: 1, messageId: 'heavyBase', data: { fix: 'use `debian:12-slim`', size: '' } }],
    },
    {
      code: 'FROM debian:trixie\nCOPY . .',
      errors: [
        {
          line: 1,
          messageId: 'heavyBase',
          data: {
            size: ' (debian:trixie is 119.9 MB on disk, 2026-08)',
            fix: 'use `debian:trixie-slim` (78.6 MB on disk, 2026-08)',
          },
        },
      ],
    },
    {
      code: 'FROM centos:7',
      errors: [
        { line: 1, messageId: 'heavyBase', data: { problem: expect.stringContaining('end-of-life') } },
      ],
    },
  ],
});
