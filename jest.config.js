// Jest runs TypeScript through ts-jest as CommonJS. NestJS 12 publishes its packages as ES modules,
// which Jest on Node 20 cannot require natively, so those few packages are transformed to CommonJS
// as well (test/utils/jest-esm-transformer.js).
const esmPackages = [
  '@nestjs',
  '@standard-schema',
  'file-type',
  'strtok3',
  'token-types',
  'uint8array-extras',
  '@tokenizer',
  '@borewit',
];

const shared = {
  testEnvironment: 'node',
  moduleFileExtensions: ['js', 'json', 'ts'],
  rootDir: __dirname,
  transform: {
    '^.+\\.(t|j)s$': [
      '<rootDir>/test/utils/jest-esm-transformer.js',
      {
        tsconfig: { allowJs: true, module: 'commonjs', moduleResolution: 'node10', isolatedModules: true },
        diagnostics: false,
      },
    ],
  },
  setupFiles: ['reflect-metadata'],
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
};

module.exports = {
  // A safety net for a hung test, not a speed target: a whole app on a fresh database per e2e suite,
  // a PDF read or a browser page can take tens of seconds on a loaded 2-core machine. Jest reads
  // testTimeout only here, at the top level: inside a project it is silently ignored.
  testTimeout: 120_000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/scripts/**/*.spec.ts'] },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
    { ...shared, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'] },
    // Real app processes under attack, load and failure (kill -9, two instances on one database).
    { ...shared, displayName: 'reliability', testMatch: ['<rootDir>/test/reliability/**/*.reliability-spec.ts'] },
  ],
};
