import { expect } from '@jest/globals';
import { copyAllBeforeInstall } from '../../../src/lint/rules/copy-all-before-install.js';
import { testRule } from '../rule-tester.js';

const lines = (...l: string[]): string => l.join('\n');

testRule(copyAllBeforeInstall, {
  valid: [
    {
      name: 'cargo-chef: `cargo chef cook` built the dependencies before the source was copied',
      code: lines(
        'FROM lukemathwalker/cargo-chef:latest-rust-1',
        'WORKDIR /app',
        'COPY recipe.json recipe.json',
        'RUN cargo chef cook --release --recipe-path recipe.json',
        'COPY . .',
        'RUN cargo build --release --bin app',
      ),
    },
    {
      name: 'yarn running a script after COPY . is no install',
      code: 'FROM node:22\nCOPY package.json yarn.lock ./\nRUN yarn\nCOPY . .\nRUN yarn --cwd /app build',
    },
    {
      name: 'package install first, COPY . last',
      code: lines(
        'FROM debian',
        'RUN apt update',
        'RUN apt install -y openjdk-8-jdk',
        'COPY . /app',
        'CMD [ "java", "-jar", "/app/target/gs-spring-boot-0.1.0.jar" ]',
      ),
    },
    {
      name: 'pom.xml first, go-offline, then the source, then package',
      code: lines(
        'FROM maven:3.6.1-jdk-8-alpine AS builder',
        'WORKDIR /app',
        'COPY pom.xml /app/',
        'RUN mvn dependency:go-offline',
        'COPY src /app/src',
        'RUN mvn -e -B package',
      ),
    },
    {
      name: 'COPY . then go build (no separate dependency step)',
      code: 'FROM golang:alpine AS build-env\nWORKDIR /app\nADD . /app\nRUN cd /app && go build -o goapp',
    },
    'FROM node:22\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build',
    'FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nRUN pip install --no-deps .',
    'FROM maven:3-eclipse-temurin-21\nCOPY pom.xml .\nRUN mvn -B dependency:go-offline\nCOPY . .\nRUN mvn -B package',
    'FROM golang:1.22\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /app',
    {
      name: 'installing tools or named packages after COPY . does not read the manifests',
      code: 'FROM node:22\nCOPY . .\nRUN npm install -g typescript\nRUN yarn add left-pad\nRUN pip install --upgrade pip',
    },
    {
      name: 'a local .deb from the context has to come after the COPY',
      code: 'FROM debian:12\nCOPY . /pkg\nRUN apt-get install -y /pkg/tool.deb',
    },
    {
      name: 'COPY . in another stage does not touch this one',
      code: 'FROM alpine AS src\nCOPY . /src\nFROM node:22\nCOPY --from=src /src/package.json .\nRUN npm ci',
    },
    'FROM node:22\nCOPY src/ ./src/\nRUN npm ci',
    'FROM node:22\nCOPY ./package.json .\nRUN npm ci\nCOPY ./ .',
  ],
  invalid: [
    {
      name: 'COPY . /app before installing Java',
      code: lines(
        'FROM debian',
        '',
        'COPY . /app',
        '',
        'RUN apt update',
        'RUN apt install -y openjdk-8-jdk',
        '',
        'CMD [ "java", "-jar", "/app/target/gs-spring-boot-0.1.0.jar" ]',
      ),
      errors: [
        {
          line: 6,
          messageId: 'packagesAfterCopy',
          data: { install: 'apt install', copy: 'COPY . /app', line: 3 },
        },
      ],
    },
    {
      name: 'flask app copied before pip install -r requirements.txt',
      code: lines(
        'FROM python:3.6-alpine',
        '',
        'LABEL maintainer="XYZ <xxx@xxx.com>"',
        '',
        'RUN apk add --no-cache gcc musl-dev',
        '',
        'COPY . /app',
        '',
        'WORKDIR /app',
        '',
        'RUN pip install -r requirements.txt',
        '',
        'EXPOSE 8000',
      ),
      errors: [
        {
          line: 11,
          messageId: 'dependenciesAfterCopy',
          data: { install: 'pip install -r', manifests: 'requirements.txt' },
        },
      ],
    },
    {
      code: 'FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npm run build',
      errors: [
        {
          line: 4,
          messageId: 'dependenciesAfterCopy',
          data: { manifests: 'package.json and package-lock.json' },
        },
      ],
    },
    {
      name: 'a manifest COPY that comes too late does not help',
      code: 'FROM node:22\nCOPY package.json .\nCOPY . .\nRUN yarn --frozen-lockfile',
      errors: [
        {
          line: 4,
          messageId: 'dependenciesAfterCopy',
          data: { manifests: expect.stringContaining('yarn.lock') },
        },
      ],
    },
    {
      name: 'a bare yarn with an option value (`--network-timeout 600000`) is an install',
      code: 'FROM node:22\nWORKDIR /app\nCOPY . .\nRUN yarn --network-timeout 600000',
      errors: [
        {
          line: 4,
          messageId: 'dependenciesAfterCopy',
          data: { install: 'yarn install', manifests: expect.stringContaining('yarn.lock') },
        },
      ],
    },
    {
      code: 'FROM golang:1.22\nADD ./ /src\nRUN ["go", "mod", "download"]\nRUN go build ./...',
      errors: [{ line: 3, messageId: 'dependenciesAfterCopy', data: { manifests: 'go.mod and go.sum' } }],
    },
    {
      code: 'FROM rust:1\nCOPY ["./", "/src/"]\nRUN <<EOF\ncd /src\ncargo build --release\nEOF',
      errors: [
        { line: 3, messageId: 'dependenciesAfterCopy', data: { manifests: 'Cargo.toml and Cargo.lock' } },
      ],
    },
    {
      name: 'one finding per install RUN, several ecosystems',
      code: lines(
        'FROM ruby:3.4',
        'COPY --chown=app:app . .',
        'RUN bundle install',
        'RUN python3 -m pip install -r requirements-dev.txt && poetry install',
        'RUN composer install --no-dev',
      ),
      errors: [
        {
          line: 3,
          messageId: 'dependenciesAfterCopy',
          data: { manifests: expect.stringContaining('Gemfile') },
        },
        { line: 4, messageId: 'dependenciesAfterCopy', data: { manifests: 'requirements-dev.txt' } },
        {
          line: 5,
          messageId: 'dependenciesAfterCopy',
          data: { manifests: expect.stringContaining('composer.json') },
        },
      ],
    },
    {
      code: 'FROM eclipse-temurin:21-jdk\nCOPY . .\nRUN ./gradlew build -x test\nRUN ./mvnw -B package',
      errors: [
        {
          line: 3,
          messageId: 'dependenciesAfterCopy',
          data: { manifests: expect.stringContaining('build.gradle') },
        },
        { line: 4, messageId: 'dependenciesAfterCopy', data: { manifests: 'pom.xml' } },
      ],
    },
  ],
});
