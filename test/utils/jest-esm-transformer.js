// Jest transformer: ts-jest, plus two rewrites for the ES-module packages (NestJS 12) that Jest
// on Node 20 has to load as CommonJS:
// - `const require = createRequire(import.meta.url)` is dropped: CommonJS already has `require`,
//   and redeclaring it is a syntax error;
// - any other `import.meta.url` becomes the file URL of the module being loaded.
const tsJest = require('ts-jest');

const CREATE_REQUIRE = /^const require = createRequire\(import\.meta\.url\);$/m;
const IMPORT_META_URL = /import\.meta\.url/g;
const FILE_URL = "('file://' + __filename)";

function rewrite(source) {
  if (!source.includes('import.meta')) {
    return source;
  }
  return source.replace(CREATE_REQUIRE, '').replace(IMPORT_META_URL, FILE_URL);
}

module.exports = {
  createTransformer(options) {
    const inner = tsJest.default.createTransformer(options);
    return {
      canInstrument: inner.canInstrument,
      process: (source, path, config) => inner.process(rewrite(source), path, config),
      processAsync: (source, path, config) => inner.processAsync(rewrite(source), path, config),
      getCacheKey: (source, path, config) => inner.getCacheKey(rewrite(source), path, config),
      getCacheKeyAsync: (source, path, config) => inner.getCacheKeyAsync(rewrite(source), path, config),
    };
  },
};
