import { invalidDefaultArgInFrom } from '../../../src/lint/rules/invalid-default-arg-in-from.js';
import { testRule } from '../rule-tester.js';

testRule(invalidDefaultArgInFrom, {
  valid: [
    'ARG TAG=3.20\nFROM alpine:${TAG}',
    {
      name: 'no default, but the whole reference is the variable with a tag default',
      code: 'ARG TAG\nFROM alpine:${TAG:-3.20}',
    },
    { name: 'a default naming an earlier stage', code: 'ARG BASE=build\nFROM alpine AS build\nFROM ${BASE}' },
    { name: 'a registry with a port', code: 'ARG REGISTRY=localhost:5000\nFROM ${REGISTRY}/app:1' },
    { name: 'undeclared is undefined-arg-in-from', code: 'FROM alpine:${TAG}' },
    { name: 'platform ARGs are known only at build time', code: 'FROM alpine:${TARGETARCH}' },
    {
      name: 'a digest',
      code: 'ARG D=sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\nFROM alpine@${D}',
    },
    { name: 'an empty optional prefix', code: 'ARG PREFIX\nFROM ${PREFIX}alpine:3.20' },
    {
      name: 'a nested expansion is not judged',
      code: 'ARG DIGEST\nFROM alpine:3.20${DIGEST:+@${DIGEST}}',
    },
  ],
  invalid: [
    {
      code: 'ARG TAG\nFROM busybox:${TAG}',
      errors: [{ line: 2, messageId: 'invalid', data: { resolved: 'busybox:', first: 'TAG' } }],
    },
    {
      name: 'an empty base image',
      code: 'ARG BASE\nFROM $BASE AS build',
      errors: [{ line: 2, messageId: 'invalid', data: { resolved: '' } }],
    },
    {
      name: 'an empty path component',
      code: 'ARG REGISTRY\nFROM ${REGISTRY}/library/alpine:3.20',
      errors: [{ line: 2, messageId: 'invalid', data: { resolved: '/library/alpine:3.20' } }],
    },
  ],
});
