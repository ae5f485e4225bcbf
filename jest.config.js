// jest 30 + ts-jest in ESM mode (see docs/adr/0001-esm-ncc-jest.md).
// Three projects: `unit` needs nothing but Node; `host` (`*.host.test.ts`) needs real git, HTTP servers
// or the local registry but no Docker engine, so CI runs it once; `itg` (`*.itg.test.ts`,
// `*.e2e.test.ts`) talks to a real Docker engine too, and CI runs it once per tested engine.
const tsJest = ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json', diagnostics: false }];

const shared = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': tsJest },
  testEnvironment: 'node',
};

/** @type {import('jest').Config} */
export default {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
      testPathIgnorePatterns: ['\\.itg\\.test\\.ts$', '\\.e2e\\.test\\.ts$', '\\.host\\.test\\.ts$'],
    },
    {
      ...shared,
      displayName: 'host',
      testMatch: ['<rootDir>/__tests__/**/*.host.test.ts'],
    },
    {
      ...shared,
      displayName: 'itg',
      testMatch: ['<rootDir>/__tests__/**/*.itg.test.ts', '<rootDir>/__tests__/**/*.e2e.test.ts'],
    },
  ],
  // Jest reads the timeout only at the top level, not per project. Builds against a real engine and
  // registry pushes need minutes on a busy 2-core machine; unit tests finish far below it anyway.
  testTimeout: 300_000,
};
