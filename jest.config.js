// ESM mode: the @actions toolkit v3 packages are ESM-only, so jest runs with
// --experimental-vm-modules and ts-jest emits ES modules.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }]
  },
  testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
  globalSetup: '<rootDir>/__tests__/support/global-setup.js',
  setupFiles: ['<rootDir>/__tests__/support/use-github-platform.ts'],
  testTimeout: 120000,
  // End-to-end tests each start a real CLI; two workers match CI's two cores.
  maxWorkers: 2
}
