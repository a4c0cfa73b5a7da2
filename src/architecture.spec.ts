import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * Two rules of the code's shape, checked on the source itself:
 * - dependencies between feature folders point one way: no feature imports code from a feature that imports it
 *   back (an entity's relations to another feature's entities aside: they describe the data, not the code);
 * - the read side reads findings only through `FindingQueries`, so no page or count can forget the force scope:
 *   only the finding queries and the write paths hold a repository of findings;
 * - the libraries that make and read office files (exceljs, pdfkit, docx, mammoth) are loaded when a file is first
 *   made or read, not when the app or a command line starts: no file that loads one is imported by another, except
 *   by `await import()`;
 * - the command lines (`npm run user`, `import`, …) run compiled JavaScript, built only when a source changed, and
 *   start a context of the modules they use, not the web app's AppModule.
 */
const SRC = __dirname;

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      return sourceFiles(path);
    }
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

const FILES = sourceFiles(SRC).map((path) => ({
  path: relative(SRC, path),
  text: readFileSync(path, 'utf8'),
}));

/** The feature folder of a file under src/ (null for the files at the top: main.ts, app.module.ts). */
function featureOf(path: string): string | null {
  const parts = path.split('/');
  return parts.length > 1 ? parts[0] : null;
}

function relativeImports(file: { path: string; text: string }): string[] {
  const specifiers = [...file.text.matchAll(/(?:from\s+|import\s*\(\s*)'(\.{1,2}\/[^']+)'/g)].map((match) => match[1]);
  return specifiers.map((specifier) => relative(SRC, resolve(SRC, dirname(file.path), specifier)));
}

/** Feature → the features whose code it imports. */
function featureDependencies(files: ReadonlyArray<{ path: string; text: string }>): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of files) {
    const from = featureOf(file.path);
    if (from === null || file.path.endsWith('.entity.ts')) {
      continue;
    }
    for (const target of relativeImports(file)) {
      const to = featureOf(target);
      if (to !== null && to !== from && !target.endsWith('.entity')) {
        graph.set(from, (graph.get(from) ?? new Set()).add(to));
      }
    }
  }
  return graph;
}

/** Each pair of features that import each other, directly or through others: "a → b → a". */
function cycles(graph: Map<string, Set<string>>): string[] {
  const found: string[] = [];
  const reach = (start: string, target: string, path: string[], seen: Set<string>): string[] | null => {
    for (const next of graph.get(start) ?? []) {
      if (next === target) {
        return [...path, next];
      }
      if (!seen.has(next)) {
        seen.add(next);
        const result = reach(next, target, [...path, next], seen);
        if (result) {
          return result;
        }
      }
    }
    return null;
  };
  for (const feature of [...graph.keys()].sort()) {
    const cycle = reach(feature, feature, [feature], new Set());
    if (cycle && !found.some((known) => known.split(' → ').includes(feature))) {
      found.push(cycle.join(' → '));
    }
  }
  return found;
}

/** The files allowed to hold a repository of findings: the finding queries and the write paths. */
const FINDING_REPOSITORY_HOLDERS = [
  'findings/finding-queries.ts',
  'findings/finding-changes.ts',
  'findings/finding-work.service.ts',
  'findings/recipient-records.ts',
  'imports/imports.service.ts',
  'reports/report-recorder.ts',
  'tracker-imports/tracker-imports.service.ts',
];

/** Libraries too heavy to load at start (about half a second and tens of megabytes between them). */
const LOADED_ON_FIRST_USE = ['exceljs', 'pdfkit', 'docx', 'mammoth'];

/** Whether a file's text loads one of those libraries (a value import, not `import type`). */
function loadsHeavyLibrary(text: string): boolean {
  return LOADED_ON_FIRST_USE.some((library) =>
    new RegExp(`^import (?!type )[^;]*? from '${library}';`, 'm').test(text),
  );
}

/** The files that import (not by `await import()`, and not only for types) one of the files given. */
function staticImportersOf(files: ReadonlyArray<{ path: string; text: string }>, targets: string[]): string[] {
  return files
    .filter((file) =>
      [...file.text.matchAll(/^import (?!type )[^;]*? from '(\.{1,2}\/[^']+)';/gm)].some((match) =>
        targets.includes(`${relative(SRC, resolve(SRC, dirname(file.path), match[1]))}.ts`),
      ),
    )
    .map((file) => file.path);
}

describe('the shape of the code', () => {
  it('has no import cycle between feature folders', () => {
    expect(cycles(featureDependencies(FILES))).toEqual([]);
  });

  it('finds a cycle when there is one', () => {
    const graph = featureDependencies([
      { path: 'a/a.service.ts', text: "import { B } from '../b/b.service';" },
      { path: 'b/b.service.ts', text: "import { C } from '../c/c';" },
      { path: 'c/c.ts', text: "import type { A } from '../a/a.service';" },
      { path: 'c/c.entity.ts', text: "import { D } from '../d/d.entity';" },
      { path: 'd/d.ts', text: "import { C } from '../c/c.entity';" },
    ]);
    expect(cycles(graph)).toEqual(['a → b → c → a']);
  });

  it('reads findings only through FindingQueries, outside the write paths', () => {
    const holders = FILES.filter((file) =>
      /Repository<Finding>|InjectRepository\(Finding\)|getRepository\(Finding\)|\(Finding,/.test(file.text),
    ).map((file) => file.path);
    expect(holders.filter((path) => !FINDING_REPOSITORY_HOLDERS.includes(path))).toEqual([]);
  });

  it('loads the office-file libraries when a file is first made or read, not at start', () => {
    const loaders = FILES.filter((file) => loadsHeavyLibrary(file.text)).map((file) => file.path);
    expect(loaders).toContain('board-packs/render/pdf.ts');
    expect(staticImportersOf(FILES, loaders)).toEqual([]);
  });

  it('tells a file that loads a heavy library at start from one that waits', () => {
    const files = [
      { path: 'a/render.ts', text: "import PDFDocument from 'pdfkit';\n" },
      { path: 'a/types-only.ts', text: "import type { Worksheet } from 'exceljs';\n" },
      { path: 'a/eager.ts', text: "import { render } from './render';\n" },
      { path: 'a/lazy.ts', text: "const { render } = await import('./render');\n" },
    ];
    expect(files.filter((file) => loadsHeavyLibrary(file.text)).map((file) => file.path)).toEqual(['a/render.ts']);
    expect(staticImportersOf(files, ['a/render.ts'])).toEqual(['a/eager.ts']);
  });

  it('runs the command lines compiled, in a context without the web modules', () => {
    const ROOT = join(SRC, '..');
    const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const commands = ['user', 'notify', 'force', 'audit:verify', 'import', 'import:tracker', 'backup', 'restore'];
    for (const name of commands) {
      const compiled = /^node scripts\/build-if-changed\.js && node dist\/(\S+)\.js$/.exec(scripts[name]);
      expect({ name, script: scripts[name], runsCompiled: compiled !== null }).toMatchObject({ runsCompiled: true });
      const source = readFileSync(join(ROOT, `${compiled![1]}.ts`), 'utf8');
      expect({ name, importsAppModule: /app\.module/.test(source) }).toEqual({ name, importsAppModule: false });
    }
  });
});
