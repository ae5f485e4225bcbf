// jest 30 + ts-jest in ESM mode (see docs/adr/0001-esm-ncc-jest.md).
// Two projects: `unit` needs nothing but Node; `itg` talks to a real Docker engine, git and HTTP.
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
      testPathIgnorePatterns: ['\\.itg\\.test\\.ts$', '\\.e2e\\.test\\.ts$'],
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
