/**
 * Representative reports for the markdown renderers, built by hand in the shape the measure stage
 * produces (sizes and history strings modelled on a real debian:12 + apt + node app build).
 */
import { diffLayers } from '../../src/compare/layer-diff.js';
import {
  computeDelta,
  type Finding,
  type ImageReport,
  type Layer,
  type Measurement,
  type Report,
} from '../../src/report/model.js';

let digest = 0;
/** A fresh fake diff id (unique per call, stable across runs because the counter restarts per module). */
function newDiffId(): string {
  digest += 1;
  return `sha256:${digest.toString(16).padStart(64, '0')}`;
}

/** A layer made by a Dockerfile instruction. */
export function ownLayer(
  index: number,
  line: number,
  text: string,
  size: number,
  diffId = newDiffId(),
): Layer {
  return {
    index,
    diffId,
    size,
    compressedSize: Math.round(size * 0.38),
    compressedSizeExact: false,
    createdBy: `${text} # buildkit`,
    instruction: { file: 'services/api/Dockerfile', line, text },
    fromBase: false,
    wastedBytes: 0,
  };
}

/** The base image's layers (debian:12 minbase made one layer of ~117 MB plus an empty CMD). */
export const BASE_LAYERS: Layer[] = [
  {
    index: 0,
    diffId: 'sha256:debian12000000000000000000000000000000000000000000000000000000000',
    size: 116_940_120,
    compressedSize: 48_100_000,
    compressedSizeExact: false,
    createdBy: '/bin/sh -c #(nop) ADD file:minbase in / ',
    instruction: null,
    fromBase: true,
    wastedBytes: 0,
  },
  {
    index: 1,
    diffId: null,
    size: 0,
    compressedSize: null,
    compressedSizeExact: false,
    createdBy: '/bin/sh -c #(nop)  CMD ["bash"]',
    instruction: null,
    fromBase: true,
    wastedBytes: null,
  },
];

/** A measurement from layers; size is their sum, like `docker image inspect`. */
export function measurement(imageId: string, layers: Layer[], wasted: number | null = 0): Measurement {
  const size = layers.reduce((sum, l) => sum + l.size, 0);
  return {
    imageId,
    size,
    compressedSize: layers.reduce((sum, l) => sum + (l.compressedSize ?? 0), 0),
    compressedSizeEstimated: true,
    layers,
    wastedBytes: wasted,
    wastedPaths: [],
    leftoverCaches: [],
    notes: [],
  };
}

function image(
  name: string,
  head: Measurement | null,
  base: Measurement | null,
  extra: Partial<ImageReport> = {},
): ImageReport {
  return {
    name,
    dockerfile: 'services/api/Dockerfile',
    context: 'services/api',
    target: null,
    head,
    base,
    buildContext: { files: 42, bytes: 180_000 },
    baseline: base
      ? { source: 'build', ref: 'origin/main' }
      : { source: 'none', reason: 'push to main, nothing to compare with' },
    delta: head ? computeDelta(head, base) : null,
    // The comparison as the pipeline makes it.
    layerChanges: head && base ? diffLayers(base.layers, head.layers) : [],
    baseImageChange: null,
    budget: { status: 'pass', violations: [] },
    buildSteps: [],
    ...extra,
  };
}

function report(images: ImageReport[], findings: Finding[]): Report {
  return {
    schemaVersion: 1,
    tool: { name: 'docker-diet', version: '0.1.0' },
    generatedAt: '2025-01-02T03:04:05.000Z',
    images,
    findings,
  };
}

/** A finding on the api Dockerfile. */
export function finding(rule: string, line: number, message: string, extra: Partial<Finding> = {}): Finding {
  return {
    rule,
    aliases: [],
    severity: 'warning',
    file: 'services/api/Dockerfile',
    line,
    endLine: line,
    column: 1,
    message,
    ...extra,
  };
}

const WORKDIR = ownLayer(2, 3, 'WORKDIR /app', 0, 'sha256:workdir');
const APT_TEXT = 'RUN apt-get update && apt-get install -y curl ca-certificates';

/** A PR that grows the image: apt layer grows, a new COPY appears, a RUN is removed. */
export function growingPr(): Report {
  const base = measurement(
    'sha256:base',
    [
      ...BASE_LAYERS,
      WORKDIR,
      ownLayer(3, 4, APT_TEXT, 31_200_000),
      ownLayer(4, 6, 'COPY package.json package-lock.json ./', 210_000, 'sha256:pkg'),
      ownLayer(5, 7, 'RUN npm ci --omit=dev', 24_800_000),
      ownLayer(6, 8, 'RUN rm -rf /tmp/*', 1_000),
    ],
    6_000_000,
  );
  const head = measurement(
    'sha256:head',
    [
      ...BASE_LAYERS,
      WORKDIR,
      ownLayer(3, 4, APT_TEXT, 43_300_000),
      ownLayer(4, 6, 'COPY package.json package-lock.json ./', 210_000, 'sha256:pkg'),
      ownLayer(5, 7, 'RUN npm ci --omit=dev', 24_900_000),
      ownLayer(6, 9, 'COPY dist/ ./dist/', 1_900_000),
    ],
    12_400_000,
  );
  head.wastedPaths = [
    { path: '/var/lib/apt/lists', bytes: 9_800_000 },
    { path: '/root/.npm/_cacache', bytes: 2_600_000 },
  ];
  head.leftoverCaches = [
    {
      kind: 'apt lists',
      path: '/var/lib/apt/lists',
      bytes: 9_800_000,
      instruction: head.layers[3]!.instruction,
    },
    { kind: 'npm cache', path: '/root/.npm', bytes: 2_600_000, instruction: head.layers[5]!.instruction },
  ];
  head.notes = ['Compressed sizes are estimates (gzip level 6 of each layer).'];
  const api = image('api', head, base, {
    budget: {
      status: 'fail',
      violations: [
        {
          budget: 'max-increase',
          limit: 10_000_000,
          actual: 14_099_000,
          message: 'grew 14.1 MB, more than the 10.0 MB allowed',
        },
      ],
    },
    whatIf: {
      imageId: 'sha256:whatif',
      size: 50_600_000,
      compressedSize: 19_000_000,
      savedBytes: 21_400_000,
      savedCompressedBytes: 7_100_000,
      fixes: ['apt-no-install-recommends', 'apt-lists-not-removed'],
    },
    buildSteps: [
      { name: '[internal] load build definition from Dockerfile', cached: false, seconds: 0.1 },
      { name: '[1/6] FROM docker-diet-base/debian:12', cached: true, seconds: 0 },
      { name: `[3/6] ${APT_TEXT}`, cached: false, seconds: 41.3 },
      { name: '[5/6] RUN npm ci --omit=dev', cached: false, seconds: 73.9 },
    ],
  });
  return report(
    [api],
    [
      finding(
        'apt-lists-not-removed',
        4,
        'The apt lists stay in the layer: add `rm -rf /var/lib/apt/lists/*` to the same RUN.',
        {
          measuredBytes: 9_800_000,
          price: {
            bytes: 21_400_000,
            compressedBytes: 7_100_000,
            basis: 'measured',
            sharedWith: ['apt-no-install-recommends:4'],
          },
        },
      ),
      finding(
        'apt-no-install-recommends',
        4,
        'Use `apt-get install --no-install-recommends` to skip recommended packages.',
        {
          price: {
            bytes: 21_400_000,
            compressedBytes: 7_100_000,
            basis: 'measured',
            sharedWith: ['apt-lists-not-removed:4'],
          },
        },
      ),
      finding('npm-cache-not-cleaned', 7, 'npm keeps its cache in /root/.npm.', {
        severity: 'info',
        measuredBytes: 2_600_000,
      }),
      { ...finding('pinned-base-image', 1, 'Pin the base image with a digest.'), file: 'tools/Dockerfile' },
    ],
  );
}

/** A push to main: no baseline, absolute sizes only. */
export function pushWithoutBaseline(): Report {
  const head = measurement('sha256:head', [
    ...BASE_LAYERS,
    WORKDIR,
    ownLayer(3, 4, APT_TEXT, 43_300_000),
    ownLayer(4, 9, 'COPY dist/ ./dist/', 1_900_000),
  ]);
  return report([image('api', head, null)], []);
}

/** A build that failed at a RUN step; the lint findings are still there. */
export function buildFailure(): Report {
  const failed = image('api', null, null, {
    baseline: { source: 'none', reason: 'the head build failed' },
    buildSteps: [
      { name: '[1/4] FROM docker-diet-base/debian:12', cached: true, seconds: 0 },
      {
        name: '[2/4] RUN make build',
        cached: false,
        seconds: 2.4,
        error:
          'process "/bin/sh -c make build" did not complete successfully: exit code: 2\nmake: *** No rule to make target `build`.  Stop.',
      },
    ],
  });
  return report([failed], [finding('apt-no-install-recommends', 4, 'Use `--no-install-recommends`.')]);
}

/** A monorepo run: three images, one overridden over budget, one new. */
export function severalImages(): Report {
  const api = growingPr().images[0]!;
  api.budget = { ...api.budget, status: 'warn', overriddenBy: 'docker-diet:allow-growth' };
  const worker = image(
    'worker',
    measurement('sha256:w2', [...BASE_LAYERS, ownLayer(2, 3, 'COPY worker /usr/bin/worker', 8_000_000)]),
    null,
    {
      dockerfile: 'services/worker/Dockerfile',
      baseline: { source: 'none', reason: 'new image' },
    },
  );
  const webHead = measurement('sha256:web', [
    ownLayer(0, 2, 'COPY site/ /usr/share/nginx/html/', 3_400_000, 'sha256:site'),
  ]);
  const web = image(
    'web',
    webHead,
    measurement('sha256:web-old', [
      ownLayer(0, 2, 'COPY site/ /usr/share/nginx/html/', 3_400_000, 'sha256:site'),
    ]),
    {
      dockerfile: 'web/Dockerfile',
      baseline: { source: 'registry', ref: 'ghcr.io/acme/web:main' },
    },
  );
  return report([api, worker, web], growingPr().findings);
}

/** 200 own layers and 500 findings: far past the comment limit. */
export function hugeReport(): Report {
  const layers = (grow: number): Layer[] => [
    ...BASE_LAYERS,
    ...Array.from({ length: 200 }, (_, i) =>
      ownLayer(
        i + 2,
        i + 2,
        `RUN step-${i} && do-something --with a-rather-long-argument-list ${'x'.repeat(60)}`,
        100_000 * (i + 1) + (i % 3 === 0 ? grow * i : 0),
        `sha256:l${i}-${i % 3 === 0 ? grow : 0}`,
      ),
    ),
  ];
  const head = measurement('sha256:big', layers(5_000));
  const base = measurement('sha256:big-base', layers(0));
  const huge = image('huge', head, base, {
    buildSteps: Array.from({ length: 200 }, (_, i) => ({
      name: `[${i}/200] RUN step-${i}`,
      cached: false,
      seconds: i / 10,
    })),
  });
  head.wastedPaths = Array.from({ length: 20 }, (_, i) => ({
    path: `/opt/cache/${i}`,
    bytes: 1_000_000 - i,
  }));
  const findings = Array.from({ length: 500 }, (_, i) =>
    finding(
      `rule-${i % 25}`,
      (i % 200) + 2,
      `Finding number ${i}: ${'this message explains the problem at some length. '.repeat(3)}`,
      { severity: i % 7 === 0 ? 'error' : 'warning' },
    ),
  );
  return report([huge], findings);
}
