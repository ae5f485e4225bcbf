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
  ],
  invalid: [
    {
      name: 'python:3.6.5 is the full image',
      code: 'FROM python:3.6.5\nCOPY . /app',
      errors: [
        { line: 1, messageId: 'heavyBase', data: { fix: expect.stringContaining('`python:3.6.5-slim`') } },
      ],
    },
    {
      name: 'golang:onbuild',
      code: 'FROM golang:onbuild\nEXPOSE 8080',
      errors: [{ line: 1, messageId: 'heavyBase', data: { fix: expect.stringContaining('scratch') } }],
    },
    {
      name: 'golang:alpine is still a toolchain',
      code: 'FROM golang:alpine\nWORKDIR /app\nADD . /app\nRUN cd /app && go build -o goapp',
      errors: [
        {
          line: 1,
          messageId: 'heavyBase',
          data: { image: 'golang:alpine', problem: expect.stringContaining('a compiler toolchain') },
        },
      ],
    },
    {
      name: 'maven as the final image',
      code: 'FROM maven:3.6.1-jdk-8-alpine\nWORKDIR /app\nCOPY pom.xml /app/\nRUN mvn -e -B package',
      errors: [
        {
          line: 1,
          messageId: 'heavyBase',
          data: { fix: expect.stringContaining('eclipse-temurin:21-jre-alpine') },
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
            caveat: expect.stringContaining('deprecated'),
          },
        },
      ],
    },
    {
      name: 'temurin JDK alpine → JRE alpine',
      code: 'FROM eclipse-temurin:21-jdk-alpine',
      errors: [
        {
          line: 1,
          messageId: 'heavyBase',
          data: { fix: expect.stringContaining('`eclipse-temurin:21-jre-alpine`') },
        },
      ],
    },
    {
      name: 'untagged node is the full image',
      code: 'FROM node',
      errors: [{ line: 1, messageId: 'heavyBase', data: { fix: expect.stringContaining('`node:slim`') } }],
    },
    {
      name: 'rust never suggests alpine',
      code: 'FROM rust:1.80-alpine',
      errors: [
        {
          line: 1,
          messageId: 'heavyBase',
          data: {
            fix: expect.stringContaining('distroless/cc'),
            caveat: expect.stringContaining('Do not switch to rust:*-alpine'),
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
      code: 'FROM debian:12',
      errors: [
        { line: 1, messageId: 'heavyBase', data: { fix: expect.stringContaining('`debian:12-slim`') } },
      ],
    },
    {
      code: 'FROM centos:7',
      errors: [
        { line: 1, messageId: 'heavyBase', data: { problem: expect.stringContaining('end-of-life') } },
      ],
    },
    {
      code: 'FROM mcr.microsoft.com/dotnet/sdk:9.0',
      errors: [{ line: 1, messageId: 'heavyBase', data: { fix: expect.stringContaining('dotnet/aspnet') } }],
    },
  ],
});
