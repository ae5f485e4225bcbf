import { describe, expect, it } from '@jest/globals';
import { parseConfigFile } from '../../../src/config/config-file.js';
import { lintDockerfile } from '../../../src/lint/engine.js';
import { healthcheckMissing } from '../../../src/lint/rules/healthcheck-missing.js';
import { testRule } from '../rule-tester.js';

testRule(healthcheckMissing, {
  valid: [
    'FROM node:20-slim\nCOPY . /app\nEXPOSE 3000\nHEALTHCHECK CMD curl -f http://localhost:3000/ || exit 1\nCMD ["node", "/app/server.js"]',
    {
      name: 'a command alone does not make a service: shells, REPLs and tools set one too',
      code: 'FROM hashicorp/terraform:1.9\nCOPY modules/ /modules/\nENTRYPOINT ["terraform"]\nCMD ["bash"]',
    },
    {
      name: 'HEALTHCHECK NONE records a decision',
      code: 'FROM nginx:1.27\nHEALTHCHECK NONE\nEXPOSE 80',
    },
    {
      name: 'inherited from the stage it is built FROM',
      code: 'FROM python:3.12-slim AS base\nHEALTHCHECK CMD ["python", "-c", "print(1)"]\nFROM base AS app\nCMD ["python", "app.py"]',
    },
    {
      name: 'no port: a base or carrier image',
      code: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends ca-certificates',
    },
    {
      name: 'only the built image counts, not a build stage copied from',
      code: 'FROM golang:1.23 AS build\nEXPOSE 6060\nFROM scratch\nCOPY --from=build /out/app /app',
    },
  ],
  invalid: [
    {
      name: 'a HEALTHCHECK in a stage only copied from does not count',
      code: 'FROM alpine:3.20 AS tools\nHEALTHCHECK CMD true\nFROM alpine:3.20\nCOPY --from=tools /bin/busybox /bin/\nEXPOSE 8080\nCMD ["busybox", "httpd", "-f", "-p", "8080"]',
      errors: [{ line: 3, messageId: 'missing', data: { expose: 'EXPOSE 8080' } }],
    },
    {
      code: 'FROM node:20-slim\nCOPY . /app\nEXPOSE 3000\nCMD ["node", "/app/server.js"]',
      errors: [{ line: 1, messageId: 'missing', data: { expose: 'EXPOSE 3000' } }],
    },
    {
      name: 'EXPOSE marks a service, with or without a command of its own',
      code: 'FROM nginx:1.27\nCOPY site/ /usr/share/nginx/html/\nEXPOSE 80',
      errors: [{ line: 1, messageId: 'missing', data: { expose: 'EXPOSE 80' } }],
    },
    {
      name: 'a HEALTHCHECK in another branch does not reach the built stage',
      code: 'FROM alpine:3.20 AS base\nFROM base AS checked\nHEALTHCHECK CMD true\nFROM base AS app\nEXPOSE 8080\nENTRYPOINT ["/app"]',
      errors: [{ line: 4, messageId: 'missing', data: { expose: 'EXPOSE 8080' } }],
    },
    {
      name: 'the port may come from the stage it is built FROM, not from a sibling',
      code: 'FROM python:3.12-slim AS base\nEXPOSE 8000\nFROM base\nEXPOSE 8001\nCOPY app.py /\nFROM base AS other',
      errors: [{ line: 6, messageId: 'missing', data: { expose: 'EXPOSE 8000' } }],
    },
    {
      name: "the built stage's own EXPOSE is quoted before its parent's",
      code: 'FROM python:3.12-slim AS base\nEXPOSE 8000\nFROM base\nEXPOSE 8001\nEXPOSE 8002',
      errors: [{ line: 3, messageId: 'missing', data: { expose: 'EXPOSE 8002' } }],
    },
  ],
});

describe('healthcheck-missing in the engine', () => {
  const text = 'FROM node:20-slim\nEXPOSE 3000\nCMD ["node", "server.js"]';
  // The config as `.docker-diet.yml` would give it, `on` resolved to the rule's default severity.
  const ids = (yaml: string, body = text) =>
    lintDockerfile('Dockerfile', body, { config: parseConfigFile(yaml, '.docker-diet.yml') })
      .filter((f) => f.rule === 'healthcheck-missing')
      .map((f) => `${f.line}:${f.severity}`);

  it('runs only once the config names it', () => {
    expect(ids('rules: {}')).toEqual([]);
    expect(ids('rules: { healthcheck-missing: on }')).toEqual(['1:info']);
    expect(ids('rules: { DL3057: warning }')).toEqual(['1:warning']);
  });

  it('is silenced by `# hadolint ignore=DL3057` above the FROM', () => {
    expect(ids('rules: { healthcheck-missing: on }', `# hadolint ignore=DL3057\n${text}`)).toEqual([]);
  });
});
