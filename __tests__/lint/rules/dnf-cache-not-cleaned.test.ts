import { dnfCacheNotCleaned } from '../../../src/lint/rules/dnf-cache-not-cleaned.js';
import { testRule } from '../rule-tester.js';

testRule(dnfCacheNotCleaned, {
  valid: [
    'FROM fedora:40\nRUN dnf install -y jq && dnf clean all',
    'FROM registry.access.redhat.com/ubi9/ubi-minimal\nRUN microdnf install -y jq && microdnf clean all',
    'FROM fedora:40\nRUN dnf -y --setopt=tsflags=nodocs install jq && rm -rf /var/cache/dnf',
    'FROM fedora:42\nRUN --mount=type=cache,target=/var/cache/libdnf5 dnf5 install -y jq',
    'FROM fedora:40\nRUN dnf repolist && dnf clean all',
    {
      name: 'a builder stage that is not shipped',
      code: 'FROM fedora:40 AS build\nRUN dnf install -y gcc\nFROM scratch\nCOPY --from=build /app /app',
    },
  ],
  invalid: [
    {
      code: 'FROM fedora:40\nRUN dnf install -y jq',
      errors: [{ line: 2, messageId: 'cacheKept', data: { program: 'dnf', cache: '/var/cache/dnf' } }],
    },
    {
      name: 'dnf is dnf5 on Fedora 41 and caches in /var/cache/libdnf5',
      code: 'FROM fedora:41\nRUN dnf install -y jq',
      errors: [{ line: 2, messageId: 'cacheKept', data: { cache: '/var/cache/libdnf5' } }],
    },
    {
      name: 'no cache path named when the base image does not tell',
      code: 'FROM fedora:latest\nRUN dnf install -y jq',
      errors: [{ line: 2, messageId: 'cacheKept', data: { cache: "dnf's cache" } }],
    },
    {
      code: 'FROM registry.access.redhat.com/ubi9/ubi-minimal\nRUN microdnf install -y jq',
      errors: [{ line: 2, messageId: 'cacheKept', data: { program: 'microdnf', cache: '/var/cache/yum' } }],
    },
    {
      code: 'FROM fedora:40\nRUN dnf -y --setopt=tsflags=nodocs install jq && dnf clean packages',
      errors: [{ line: 2, messageId: 'cacheKept' }],
    },
    {
      code: 'FROM fedora:40\nRUN dnf clean all && dnf -y upgrade',
      errors: [{ line: 2, messageId: 'cacheKept', data: { program: 'dnf', sub: 'upgrade' } }],
    },
    {
      code: 'FROM fedora:40\nRUN ["dnf", "install", "-y", "jq"]',
      errors: [{ line: 2, messageId: 'cacheKept' }],
    },
    {
      name: "the fix appends the program's clean all",
      code: 'FROM fedora:40\nRUN dnf install -y git\nRUN microdnf install -y tar',
      errors: [
        { line: 2, messageId: 'cacheKept' },
        { line: 3, messageId: 'cacheKept' },
      ],
      output:
        'FROM fedora:40\nRUN dnf install -y git && dnf clean all\nRUN microdnf install -y tar && microdnf clean all',
    },
  ],
});

// hadolint DL3040 parity: every subcommand that fills the cache, short forms included, and microdnf.
testRule(dnfCacheNotCleaned, {
  valid: [
    'FROM fedora:40\nRUN dnf up -y && dnf clean all',
    'FROM registry.access.redhat.com/ubi9/ubi-minimal\nRUN microdnf reinstall -y tzdata && microdnf clean all',
    {
      name: 'a cache mount over the cache',
      code: 'FROM fedora:40\nRUN --mount=type=cache,target=/var/cache/dnf dnf upgrade-minimal -y',
    },
  ],
  invalid: ['upgrade', 'up', 'upgrade-minimal', 'reinstall', 'rei', 'distro-sync']
    .map((sub) => ({
      code: `FROM fedora:40\nRUN dnf ${sub} -y`,
      errors: [{ line: 2, messageId: 'cacheKept' as const, data: { program: 'dnf', sub } }],
      output: `FROM fedora:40\nRUN dnf ${sub} -y && dnf clean all`,
    }))
    .concat([
      {
        code: 'FROM registry.access.redhat.com/ubi9/ubi-minimal\nRUN --mount=type=cache,target=/root/.cache/pip microdnf update -y',
        errors: [{ line: 2, messageId: 'cacheKept' as const, data: { program: 'microdnf', sub: 'update' } }],
        output:
          'FROM registry.access.redhat.com/ubi9/ubi-minimal\nRUN --mount=type=cache,target=/root/.cache/pip microdnf update -y && microdnf clean all',
      },
    ]),
});
