import { describe, expect, it } from '@jest/globals';
import type { Logger } from '../../src/logger.js';
import { RULES } from '../../src/lint/rules/index.js';
import { runLint } from '../../src/lint/step.js';
import type { BuildContextFacts, Rule } from '../../src/lint/types.js';
import { parseSettings } from '../../src/config/settings.js';
import { workspace } from './cli-harness.js';

/** A logger that keeps lines, prefixed `info:` / `warning:`. */
function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => void lines.push(`info: ${m}`),
    warning: (m) => void lines.push(`warning: ${m}`),
    group: (_title, fn) => fn(),
  };
}

/** Reports each file once, with the build context facts it was given. */
function contextProbe(seen: Map<string, BuildContextFacts>): Rule<'seen'> {
  return {
    meta: {
      id: 'probe',
      severity: 'warning',
      category: 'cache',
      aliases: [],
      description: 'probe',
      messages: { seen: 'seen' },
    },
    check({ model, buildContext, report }) {
      seen.set(model.file, buildContext);
      if (model.instructions[0]) report(model.instructions[0], 'seen');
    },
  };
}

describe('runLint', () => {
  it('gives only the Dockerfile being built a known context (.dockerignore or not)', async () => {
    const root = workspace({
      'api/Dockerfile': 'FROM a',
      'api/.dockerignore': 'node_modules\n',
      'web/Dockerfile': 'FROM a',
      'tools/Dockerfile': 'FROM a',
    });
    const seen = new Map<string, BuildContextFacts>();
    const log = recordingLogger();
    const findings = await runLint(parseSettings({ context: 'api' }, root), root, log, {
      rules: [contextProbe(seen)],
    });
    expect(Object.fromEntries(seen)).toEqual({
      'api/Dockerfile': { hasDockerignore: true },
      'tools/Dockerfile': {},
      'web/Dockerfile': {},
    });
    expect(findings.map((f) => f.file)).toEqual(['api/Dockerfile', 'tools/Dockerfile', 'web/Dockerfile']);
    expect(log.lines).toContain('info: Linted 3 Dockerfiles: 3 findings');

    seen.clear();
    await runLint(parseSettings({ context: 'web' }, root), root, log, { rules: [contextProbe(seen)] });
    expect(seen.get('web/Dockerfile')).toEqual({ hasDockerignore: false });
  });

  it('counts <Dockerfile>.dockerignore next to the Dockerfile, as BuildKit does', async () => {
    const root = workspace({
      'build/app.Dockerfile': 'FROM a',
      'build/app.Dockerfile.dockerignore': '*.log\n',
    });
    const seen = new Map<string, BuildContextFacts>();
    await runLint(parseSettings({ dockerfile: 'build/app.Dockerfile' }, root), root, recordingLogger(), {
      rules: [contextProbe(seen)],
    });
    expect(seen.get('build/app.Dockerfile')).toEqual({ hasDockerignore: true });
  });

  it('can leave the built Dockerfile out, lints what the lint input names, and reads the config', async () => {
    const root = workspace({
      Dockerfile: 'FROM a',
      'ci/Dockerfile': 'FROM a',
      'ci/diet.yml': 'rules:\n  probe: error\n',
    });
    const log = recordingLogger();
    const settings = parseSettings({ lint: 'ci/Dockerfile', config: 'ci/diet.yml' }, root);
    const findings = await runLint(settings, root, log, {
      rules: [contextProbe(new Map())],
      includeBuiltDockerfile: false,
    });
    expect(findings.map((f) => `${f.file} ${f.severity}`)).toEqual(['ci/Dockerfile error']);
    expect(log.lines).toEqual(['info: Config: ci/diet.yml', 'info: Linted 1 Dockerfile: 1 finding']);
  });

  it('keeps message ids and data for the report but leaves fix edits out of it', async () => {
    const root = workspace({ Dockerfile: 'FROM alpine:3.20\nRUN apk add curl' });
    const [finding] = await runLint(parseSettings({}, root), root, recordingLogger(), {
      rules: RULES.filter((r) => r.meta.id === 'apk-no-cache'),
    });
    expect(finding).toMatchObject({ rule: 'apk-no-cache', line: 2, messageId: 'noCache' });
    expect(finding).not.toHaveProperty('fix');
  });

  it('without adding the built Dockerfile, still knows its context when a glob finds it', async () => {
    const root = workspace({ Dockerfile: 'FROM a', '.dockerignore': '.git\n', 'sub/Dockerfile': 'FROM a' });
    const seen = new Map<string, BuildContextFacts>();
    await runLint(parseSettings({}, root), root, recordingLogger(), {
      rules: [contextProbe(seen)],
      includeBuiltDockerfile: false,
    });
    expect(Object.fromEntries(seen)).toEqual({ Dockerfile: { hasDockerignore: true }, 'sub/Dockerfile': {} });
  });

  it('with nothing to lint, says so and returns no findings', async () => {
    const log = recordingLogger();
    const root = workspace({ 'README.md': '# no Dockerfile here\n' });
    expect(await runLint(parseSettings({}, root), root, log)).toEqual([]);
    expect(log.lines).toEqual(['info: Linted 0 Dockerfiles: 0 findings']);
  });

  it('reads .hadolint.yaml when there is no docker-diet config, and says so once, with what it did not use', async () => {
    const root = workspace({
      Dockerfile: 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n',
      '.hadolint.yaml': 'ignored: [DL3009]\nfailure-threshold: error\n',
    });
    const log = recordingLogger();
    const findings = await runLint(parseSettings({}, root), root, log, { rules: RULES });
    // DL3009 (apt lists) is ignored; DL3008 (pinning), on in hadolint, is on here too.
    expect(findings.map((f) => f.rule)).toContain('apt-version-not-pinned');
    expect(findings.map((f) => f.rule)).not.toContain('apt-lists-not-removed');
    expect(log.lines.filter((l) => l.includes('.hadolint.yaml'))).toEqual([
      "info: Config: .hadolint.yaml (hadolint's config; there is no .docker-diet.yml)",
      'info: .hadolint.yaml: not used by docker-diet: failure-threshold (use the fail-on input (action) or --fail-on (CLI))',
    ]);
  });
});
