// Compiles the app (`tsc -p tsconfig.build.json`, into dist/) only when a source has changed since the
// last build, so that a command line runs compiled JavaScript and starts at once:
//
//   "user": "node scripts/build-if-changed.js && node dist/scripts/user.js"
//
// Plain JavaScript, because it runs before anything is compiled. "Changed" is by modification time:
// a source file (or tsconfig) newer than both the compiler's build-info file and this script's own
// stamp. The stamp matters because tsc does not rewrite its build info when nothing needed emitting
// (after a checkout that touched files without changing them), which would otherwise mean a needless
// build on every run.
'use strict';
const { spawnSync } = require('node:child_process');
const { mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const SOURCES = ['src', 'scripts', 'migrations', 'ormconfig.ts', 'tsconfig.json', 'tsconfig.build.json'];
const BUILD_INFO = join('dist', 'tsconfig.build.tsbuildinfo');
const STAMP = join('dist', '.built-at');

/** The latest modification time (ms) of a compiled source under `path` (a file or folder), or 0. */
function newestChange(path) {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return 0;
  }
  if (!stats.isDirectory()) {
    return /\.spec\.ts$/.test(path) ? 0 : stats.mtimeMs;
  }
  let newest = 0;
  for (const entry of readdirSync(path)) {
    newest = Math.max(newest, newestChange(join(path, entry)));
  }
  return newest;
}

/** When the app was last built in `root` (ms), or 0 if it never was. */
function lastBuilt(root) {
  return Math.max(newestChange(join(root, BUILD_INFO)), newestChange(join(root, STAMP)));
}

/** Whether `root` needs building: never built, or a source changed since. */
function needsBuild(root) {
  const built = lastBuilt(root);
  return built === 0 || SOURCES.some((source) => newestChange(join(root, source)) > built);
}

function build(root) {
  // The stamp carries the time the build started: a source saved while tsc runs counts as changed.
  const started = new Date();
  process.stderr.write('Compiling the app (sources changed since the last build)…\n');
  const compiled = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (compiled.status !== 0) {
    return compiled.status ?? 1;
  }
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(join(root, STAMP), `${started.toISOString()}\n`);
  utimesSync(join(root, STAMP), started, started);
  return 0;
}

if (require.main === module) {
  process.exitCode = needsBuild(ROOT) ? build(ROOT) : 0;
}

module.exports = { needsBuild, STAMP };
