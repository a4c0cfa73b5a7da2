// Jest transformer: ts-jest, plus one rewrite for ES-module packages (NestJS 12) that Jest on
// Node 20 has to load as CommonJS: `import.meta.url` has no CommonJS form, so it becomes the
// file URL of the module being loaded.
const tsJest = require('ts-jest');

const IMPORT_META_URL = /import\.meta\.url/g;
const FILE_URL = "require('url').pathToFileURL(__filename).href";

function rewrite(source) {
  return source.includes('import.meta') ? source.replace(IMPORT_META_URL, FILE_URL) : source;
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
