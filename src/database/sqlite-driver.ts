/**
 * The better-sqlite3 build for the Node.js that is running.
 *
 * better-sqlite3 12 is written against Node's C++ API: on Node 24 its statements' destructors call
 * `RemoveEnvironmentCleanupHook` after the environment is gone, and the process aborts
 * (`Assertion failed: (env) != nullptr`). Version 13 uses Node-API and works on Node 22 and later,
 * but crashes on Node 20. Both are installed (13 under the alias `better-sqlite3-napi`) and the
 * one for this Node is handed to TypeORM. When Node 20 is no longer supported, keep only 13.
 */
export function sqlitePackageFor(nodeVersion: string): 'better-sqlite3' | 'better-sqlite3-napi' {
  const major = Number(/^v?(\d+)\./.exec(nodeVersion)?.[1]);
  return major >= 22 ? 'better-sqlite3-napi' : 'better-sqlite3';
}

/** The module for this Node, for TypeORM's `driver` option. */
export function loadSqliteDriver(): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the package is chosen at run time.
  return require(sqlitePackageFor(process.versions.node));
}
