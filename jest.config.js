// Jest runs TypeScript through ts-jest as CommonJS. NestJS 12 publishes its packages as ES modules,
// which Jest on Node 20 cannot require natively, so those few packages are transformed to CommonJS
// as well (test/utils/jest-esm-transformer.js).
const esmPackages = ['@nestjs', '@standard-schema', 'file-type', 'strtok3', 'token-types', 'uint8array-extras', '@tokenizer', '@borewit'];

const shared = {
  testEnvironment: 'node',
  moduleFileExtensions: ['js', 'json', 'ts'],
  rootDir: __dirname,
  transform: {
    '^.+\\.(t|j)s$': [
      '<rootDir>/test/utils/jest-esm-transformer.js',
      { tsconfig: { allowJs: true, module: 'commonjs', moduleResolution: 'node10', isolatedModules: true }, diagnostics: false },
    ],
  },
  setupFiles: ['reflect-metadata'],
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
};

module.exports = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    // A whole app on a fresh database per suite: its set-up outlasts Jest's 5 s default on a busy machine.
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'], testTimeout: 30_000 },
    { ...shared, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'] },
  ],
};
