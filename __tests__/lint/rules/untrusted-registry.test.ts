import { untrustedRegistry } from '../../../src/lint/rules/untrusted-registry.js';
import { testRule } from '../rule-tester.js';

const trusted = { trustedRegistries: ['ghcr.io/my-org', 'docker.io/library'] };

testRule(untrustedRegistry, {
  valid: [
    { name: 'no trusted registries: nothing to check', code: 'FROM evil.example/x:1' },
    {
      name: 'a trusted prefix and Docker Hub official images',
      code: 'FROM ghcr.io/my-org/base:1\nFROM python:3.12',
      options: trusted,
    },
    {
      name: 'scratch and earlier stages',
      code: 'FROM python:3.12 AS build\nFROM build AS test\nFROM scratch',
      options: trusted,
    },
    { name: 'a variable cannot be judged', code: 'ARG BASE\nFROM ${BASE}', options: trusted },
    {
      name: 'docker.io trusts all of Docker Hub',
      code: 'FROM bitnami/nginx:1.27',
      options: { trustedRegistries: ['hub.docker.com'] },
    },
  ],
  invalid: [
    {
      code: 'FROM quay.io/prometheus/node-exporter:v1.8.2',
      options: trusted,
      errors: [{ line: 1, messageId: 'untrusted', data: { registry: 'quay.io' } }],
    },
    {
      name: 'a prefix matches whole path parts only',
      code: 'FROM ghcr.io/my-org-fork/base:1',
      options: trusted,
      errors: [{ line: 1, messageId: 'untrusted' }],
    },
    {
      name: 'a Docker Hub user image when only official images are trusted',
      code: 'FROM bitnami/nginx:1.27',
      options: trusted,
      errors: [{ line: 1, messageId: 'untrusted', data: { registry: 'Docker Hub (docker.io)' } }],
    },
    {
      name: 'a global ARG default is resolved',
      code: 'ARG REGISTRY=registry.example.com\nFROM ${REGISTRY}/app:1',
      options: { trustedRegistries: ['ghcr.io'] },
      errors: [{ line: 2, messageId: 'untrusted', data: { registry: 'registry.example.com' } }],
    },
  ],
});
