/**
 * The redactor on its own: which values it hides, where, and what it leaves alone (ids, paths, short
 * values outside assignments).
 */
import { describe, expect, it } from '@jest/globals';
import { BuildFailedError } from '../../src/docker/build-error.js';
import { DietError } from '../../src/errors.js';
import { createReport, type ImageReport } from '../../src/report/model.js';
import { redactBuildError, redactReport } from '../../src/secrets/redact-report.js';
import { looksSecret, MASK, Redactor } from '../../src/secrets/redactor.js';
import { learnDockerfile, redactorFor } from '../../src/secrets/run-secrets.js';

describe('looksSecret', () => {
  it.each([
    'NPM_TOKEN',
    'DB_PASSWORD',
    'api_key',
    'AWS_SECRET_ACCESS_KEY',
    'GH_AUTH',
    'SESSION_COOKIE',
    'AUTHORIZATION',
    'OAUTH_CLIENT',
  ])('%s is a secret name', (name) => expect(looksSecret(name)).toBe(true));
  it.each(['NODE_VERSION', 'TARGETARCH', 'APP_HOME', 'DEBIAN_FRONTEND', 'authors', 'AUTHOR'])(
    '%s is not',
    (name) => expect(looksSecret(name)).toBe(false),
  );
});

describe('Redactor.text', () => {
  it('hides every value of the engine build-arg prefix, however short, and keeps the keys', () => {
    const redactor = new Redactor();
    redactor.add('1', 'DEBUG');
    expect(redactor.text('RUN |3 A=1 NPM_TOKEN=abc B=x y /bin/sh -c make')).toBe(
      `RUN |3 A=${MASK} NPM_TOKEN=${MASK} B=${MASK} y /bin/sh -c make`,
    );
    expect(redactor.text('|1 DEBUG=1 /bin/sh -c echo 1')).toBe(`|1 DEBUG=${MASK} /bin/sh -c echo 1`);
  });

  it('reads a known value with spaces whole in the prefix', () => {
    const redactor = new Redactor();
    redactor.know('GREETING', 'hi there');
    expect(redactor.text('RUN |1 GREETING=hi there /bin/sh -c echo')).toBe(
      `RUN |1 GREETING=${MASK} /bin/sh -c echo`,
    );
  });

  it('hides given values wherever they appear, longest first', () => {
    const redactor = new Redactor();
    redactor.add('s3cr3t-value', 'FOO');
    redactor.add('s3cr3t', 'BAR');
    expect(redactor.text('#5 [2/2] RUN echo "s3cr3t-value and s3cr3t"')).toBe(
      `#5 [2/2] RUN echo "${MASK} and ${MASK}"`,
    );
  });

  it('hides the value of any secret-looking assignment, quoted or bare, in ENV/ARG and commands', () => {
    const redactor = new Redactor();
    expect(redactor.text('ENV DB_PASSWORD=hunter2 MODE=prod')).toBe(`ENV DB_PASSWORD=${MASK} MODE=prod`);
    expect(redactor.text('ENV API_KEY abcdef')).toBe(`ENV API_KEY ${MASK}`);
    expect(redactor.text(`RUN NPM_TOKEN='x y' npm ci`)).toBe(`RUN NPM_TOKEN=${MASK} npm ci`);
    expect(redactor.text('ARG NODE_VERSION=20')).toBe('ARG NODE_VERSION=20');
  });

  it('does not search free text for short or ordinary values (they would mask ordinary words)', () => {
    const redactor = new Redactor();
    redactor.add('1', 'DEBUG');
    redactor.add('true', 'VERBOSE');
    redactor.add('abc', 'MODE');
    expect(redactor.hiddenValues).toEqual([]);
    expect(redactor.text('RUN make -j1 || true # abc')).toBe('RUN make -j1 || true # abc');
  });

  it('searches short values of secret names', () => {
    const redactor = new Redactor();
    redactor.add('xyz', 'NPM_TOKEN');
    expect(redactor.text('echo xyz')).toBe(`echo ${MASK}`);
  });

  it('tells listeners about values known before and after they subscribe', () => {
    const redactor = new Redactor();
    redactor.add('before-value');
    const seen: string[] = [];
    redactor.onValue((value) => seen.push(value));
    redactor.add('after-value');
    redactor.add('after-value');
    expect(seen).toEqual(['before-value', 'after-value']);
  });
});

describe('Redactor.deep and the report', () => {
  const SECRET = 'tok-123456';

  function image(): ImageReport {
    return {
      name: 'app',
      dockerfile: 'Dockerfile',
      context: '.',
      target: null,
      head: {
        imageId: 'sha256:abc',
        size: 1,
        compressedSize: null,
        compressedSizeEstimated: false,
        layers: [
          {
            index: 0,
            diffId: 'sha256:def',
            size: 1,
            compressedSize: null,
            compressedSizeExact: false,
            createdBy: `RUN |1 NPM_TOKEN=${SECRET} /bin/sh -c npm ci`,
            instruction: { file: 'Dockerfile', line: 3, text: `ARG NPM_TOKEN=${SECRET}` },
            fromBase: false,
            wastedBytes: null,
          },
        ],
        wastedBytes: null,
        wastedPaths: [],
        leftoverCaches: [],
        notes: [`note with ${SECRET}`],
      },
      base: null,
      baseline: { source: 'none', reason: `base build failed: ${SECRET}` },
      delta: null,
      layerChanges: [],
      baseImageChange: null,
      budget: { status: 'pass', violations: [] },
      buildSteps: [{ name: `[2/2] RUN echo ${SECRET}`, cached: false, seconds: 1 }],
      buildContext: null,
    };
  }

  it('redacts every text of the report and leaves ids, paths and names alone', () => {
    const redactor = new Redactor();
    redactor.add(SECRET, 'NPM_TOKEN');
    const report = createReport('0.0.0');
    report.images.push(image());
    report.findings.push({
      rule: 'r',
      aliases: [],
      severity: 'info',
      file: 'Dockerfile',
      line: 1,
      endLine: 1,
      column: 1,
      message: `uses ${SECRET}`,
    });
    const redacted = redactReport(report, redactor);
    const json = JSON.stringify(redacted);
    expect(json).not.toContain(SECRET);
    expect(JSON.stringify(report)).toContain(SECRET); // a copy: the original is untouched
    const head = redacted.images[0]!.head!;
    expect(head.layers[0]!.createdBy).toBe(`RUN |1 NPM_TOKEN=${MASK} /bin/sh -c npm ci`);
    expect(head.layers[0]!.diffId).toBe('sha256:def');
    expect(head.imageId).toBe('sha256:abc');
    expect(redacted.images[0]!.buildSteps[0]!.name).toBe(`[2/2] RUN echo ${MASK}`);
    expect(redacted.findings[0]!.file).toBe('Dockerfile');
  });

  it('redacts a failed build: message, hint, step, log tail and engine message', () => {
    const redactor = new Redactor();
    redactor.add(SECRET, 'TOKEN');
    const failed = new BuildFailedError(
      {
        step: `[2/2] RUN echo ${SECRET}`,
        instruction: { file: 'Dockerfile', line: 2, text: 'RUN echo $TOKEN' },
        logTail: [SECRET],
        engineMessage: `exit ${SECRET}`,
        steps: [{ name: `RUN echo ${SECRET}`, cached: false, seconds: null }],
      },
      `Build failed: ${SECRET}`,
      `hint ${SECRET}`,
    );
    const redacted = redactBuildError(failed, redactor);
    expect(redacted).toBeInstanceOf(BuildFailedError);
    expect(JSON.stringify({ ...redacted, message: redacted.message, hint: redacted.hint })).not.toContain(
      SECRET,
    );
    expect(redacted.instruction).toEqual(failed.instruction);
  });

  it('redacts a thrown error in place, its stack included', () => {
    const redactor = new Redactor();
    redactor.add(SECRET);
    const error = redactor.error(new DietError('environment', `cannot reach ${SECRET}`, `try ${SECRET}`));
    expect(error.message).toBe(`cannot reach ${MASK}`);
    expect(error.hint).toBe(`try ${MASK}`);
    expect(error.stack).not.toContain(SECRET);
  });
});

describe('redactorFor', () => {
  it('knows the given build args and the secret-looking ARG defaults and ENV values of the Dockerfile', () => {
    const redactor = redactorFor({ buildArgs: { NPM_TOKEN: 'given-value' } });
    learnDockerfile(
      redactor,
      'Dockerfile',
      'FROM scratch\nARG API_KEY=default-key\nARG VERSION=1.2.3\nENV DB_PASSWORD="from env"\n',
    );
    expect([...redactor.hiddenValues].sort()).toEqual(['default-key', 'from env', 'given-value']);
    // A plain ARG default is hidden only as an assignment of the engine's prefix.
    expect(redactor.text('RUN |1 VERSION=1.2.3 /bin/sh -c curl /v1.2.3')).toBe(
      `RUN |1 VERSION=${MASK} /bin/sh -c curl /v1.2.3`,
    );
  });
});
