import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

// The launcher is plain JavaScript (it runs before anything is compiled).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { needsBuild, STAMP } = require('./build-if-changed') as { needsBuild: (root: string) => boolean; STAMP: string };

describe('build-if-changed: whether the command lines need the app compiled first', () => {
  let root: string;
  const at = (path: string, minutesAgo: number) => {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, '');
    const time = new Date(Date.now() - minutesAgo * 60_000);
    utimesSync(full, time, time);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'build-if-changed-'));
    at('src/users/users.service.ts', 30);
    at('scripts/user.ts', 30);
    at('tsconfig.json', 60);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('builds an app that was never built', () => {
    expect(needsBuild(root)).toBe(true);
  });

  it('does not build when nothing changed since the last build, by build info or by stamp', () => {
    at('dist/tsconfig.build.tsbuildinfo', 10);
    expect(needsBuild(root)).toBe(false);
    rmSync(join(root, 'dist'), { recursive: true });
    at(STAMP, 10);
    expect(needsBuild(root)).toBe(false);
  });

  it('builds when a source, a migration or the compiler settings changed since', () => {
    at('dist/tsconfig.build.tsbuildinfo', 20);
    at(STAMP, 10);
    at('src/users/users.service.ts', 5);
    expect(needsBuild(root)).toBe(true);
    at('src/users/users.service.ts', 30);
    at('migrations/1795426900000-Something.ts', 5);
    expect(needsBuild(root)).toBe(true);
    rmSync(join(root, 'migrations'), { recursive: true });
    at('tsconfig.build.json', 5);
    expect(needsBuild(root)).toBe(true);
  });

  it('ignores a changed spec, which the build does not compile', () => {
    at(STAMP, 10);
    at('src/users/users.service.spec.ts', 1);
    expect(needsBuild(root)).toBe(false);
  });
});
