/**
 * One jest run for every workspace. swc strips types (tsc checks them separately in `npm test`);
 * ESM-only dependencies are transformed too so they load under jest's CommonJS runtime.
 */
const esmOnly = ['jose', 'strip-bom'].join('|'); // strip-bom: through @microsoft/app-manifest

/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/shared', '<rootDir>/addin', '<rootDir>/bot', '<rootDir>/test'],
  testMatch: ['**/test/**/*.test.ts', '**/test/**/*.test.tsx'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/build/'],
  // Builds shared/dist, bot/dist and addin/dist once, before the workers start (tests never build).
  globalSetup: '<rootDir>/scripts/jest-global-setup.mjs',
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', tsx: true },
          transform: { react: { runtime: 'automatic' } },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly})/)`],
  moduleNameMapper: {
    '^@dsguard/classifier$': '<rootDir>/shared/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testTimeout: 30000,
};
