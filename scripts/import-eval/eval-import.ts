/**
 * Evaluates the findings extractor:
 *   npm run eval:import               # precision and recall, per document and per category, and timing
 *   npm run eval:import -- --verbose  # also every missed and extra item
 *
 * Test set: the five source reports in data/source-reports/ (expectations derived from the reviewed
 * default data set) and the labelled excerpts in test/fixtures/import/ (each NAME.txt with NAME.expected.json).
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { findProjectRoot } from '../../src/common/project-root';
import type { DefaultData } from '../../src/default-data/default-data.types';
import type { Counts, DocumentScore, ExpectedResult } from './evaluate';
import { precision, recall, rollUp, scoreDocument, totals } from './evaluate';
import { expectedFromDefaultData } from './expected-from-default-data';
import { extractReport } from '../../src/imports/extraction/extract-report';
import { readDocument } from '../../src/imports/extraction/read-document';

const ROOT = findProjectRoot(__dirname);
export const SOURCE_REPORTS = join(ROOT, 'data', 'source-reports');
export const FIXTURES = join(ROOT, 'test', 'fixtures', 'import');
export const DEFAULT_DATA = join(ROOT, 'data', 'default', 'derbyshire-2016-2025.json');
/** The report whose import time is measured. */
export const TIMED_REPORT = '2018-19-integrated-peel-assessment-derbyshire.txt';

/** One document of the test set. */
export interface EvalCase {
  name: string;
  group: 'source reports' | 'labelled excerpts';
  path: string;
  expected: ExpectedResult;
}

/** The five source reports, with expectations from the default data set. */
export function sourceReportCases(): EvalCase[] {
  const data = JSON.parse(readFileSync(DEFAULT_DATA, 'utf8')) as DefaultData;
  return readdirSync(SOURCE_REPORTS)
    .filter((file) => file.endsWith('.txt'))
    .sort()
    .flatMap((file) => {
      const path = join(SOURCE_REPORTS, file);
      const expected = expectedFromDefaultData(data, file, readFileSync(path, 'utf8'));
      return expected ? [{ name: file, group: 'source reports' as const, path, expected }] : [];
    });
}

/** The labelled excerpts: every NAME.txt (or .html) in the fixtures folder with a NAME.expected.json. */
export function excerptCases(): EvalCase[] {
  if (!existsSync(FIXTURES)) {
    return [];
  }
  return readdirSync(FIXTURES)
    .filter((file) => /\.(?:txt|html?)$/.test(file))
    .sort()
    .flatMap((file) => {
      const expectedPath = join(FIXTURES, file.replace(/\.(?:txt|html?)$/, '.expected.json'));
      if (!existsSync(expectedPath)) {
        return [];
      }
      const expected = JSON.parse(readFileSync(expectedPath, 'utf8')) as ExpectedResult;
      return [{ name: file, group: 'labelled excerpts' as const, path: join(FIXTURES, file), expected }];
    });
}

/** Reads, extracts and scores one case. */
export async function runCase(testCase: EvalCase): Promise<DocumentScore> {
  const document = await readDocument(testCase.path);
  return scoreDocument(testCase.expected, extractReport(document.text));
}

/** "87.5%" or "–". */
function percent(value: number | null): string {
  return value === null ? '     –' : `${(value * 100).toFixed(1).padStart(5)}%`;
}

/** A table of counts with precision and recall, strict and overlap side by side. */
export function formatTable(title: string, strict: Record<string, Counts>, overlap: Record<string, Counts>): string {
  const rolledStrict = rollUp(strict);
  const rolledOverlap = rollUp(overlap);
  const keys = Object.keys(rolledStrict).sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  const rows = keys.map((key) => {
    const s = rolledStrict[key];
    const o = rolledOverlap[key] ?? { tp: 0, fp: 0, fn: 0 };
    return `  ${key.padEnd(42)} ${String(s.tp).padStart(4)} ${String(s.fp).padStart(4)} ${String(s.fn).padStart(4)}   ${percent(precision(s))} ${percent(recall(s))}   ${percent(precision(o))} ${percent(recall(o))}`;
  });
  return [
    title,
    `  ${'category'.padEnd(42)} ${'TP'.padStart(4)} ${'FP'.padStart(4)} ${'FN'.padStart(4)}   ${'strict P'.padStart(6)} ${'R'.padStart(6)}   ${'overlap P'.padStart(6)} ${'R'.padStart(5)}`,
    ...rows,
  ].join('\n');
}

/**
 * Sort order of categories: findings by kind, then their total, judgments, assessments, links by type,
 * all (items, not links).
 */
function order(key: string): number {
  if (key.startsWith('findings:')) {
    return 0;
  }
  if (key.startsWith('links:')) {
    return 4;
  }
  return ['findings (all kinds)', 'judgments', 'assessments', '', 'all'].indexOf(key) + 1;
}

/** A one-line summary of a document's score. */
function documentLine(name: string, score: DocumentScore): string {
  const rolled = rollUp(score.strict);
  const cell = (key: string): string => {
    const counts = rolled[key];
    return counts ? `P ${percent(precision(counts))} R ${percent(recall(counts))}` : 'P      – R      –';
  };
  return `  ${name.padEnd(58)} findings ${cell('findings (all kinds)')}   judgments ${cell('judgments')}   assessments ${cell('assessments')}`;
}

/** Times the extractor on the 2018/19 full report: the first run, and the median and worst of the next runs. */
export async function timeImport(
  runs = 20,
): Promise<{ bytes: number; firstMs: number; medianMs: number; maxMs: number; readAndExtractMs: number }> {
  const path = join(SOURCE_REPORTS, TIMED_REPORT);
  const started = performance.now();
  const document = await readDocument(path);
  extractReport(document.text);
  const readAndExtractMs = performance.now() - started;
  const times: number[] = [];
  let firstMs = 0;
  for (let i = 0; i <= runs; i++) {
    const start = performance.now();
    extractReport(document.text);
    const elapsed = performance.now() - start;
    if (i === 0) {
      firstMs = elapsed;
    } else {
      times.push(elapsed);
    }
  }
  times.sort((a, b) => a - b);
  return {
    bytes: document.bytes,
    firstMs,
    medianMs: times[Math.floor(times.length / 2)],
    maxMs: times[times.length - 1],
    readAndExtractMs,
  };
}

/** Runs the whole evaluation and prints it. */
async function main(verbose: boolean): Promise<void> {
  const timing = await timeImport();
  const cases = [...sourceReportCases(), ...excerptCases()];
  const results: Array<{ testCase: EvalCase; score: DocumentScore }> = [];
  for (const testCase of cases) {
    results.push({ testCase, score: await runCase(testCase) });
  }
  const out: string[] = ['Findings extractor evaluation', ''];
  for (const group of ['source reports', 'labelled excerpts'] as const) {
    const inGroup = results.filter((r) => r.testCase.group === group);
    out.push(`Documents: ${group} (${inGroup.length})`);
    inGroup.forEach(({ testCase, score }) => out.push(documentLine(testCase.name, score)));
    out.push('');
    out.push(
      formatTable(
        `Per category: ${group}`,
        totals(inGroup.map((r) => r.score.strict)),
        totals(inGroup.map((r) => r.score.overlap)),
      ),
    );
    out.push('');
  }
  out.push(
    formatTable(
      'Per category: everything',
      totals(results.map((r) => r.score.strict)),
      totals(results.map((r) => r.score.overlap)),
    ),
  );
  out.push('');
  const agreement = (pick: (s: DocumentScore) => { same: number; compared: number }): string => {
    const same = results.reduce((sum, r) => sum + pick(r.score).same, 0);
    const compared = results.reduce((sum, r) => sum + pick(r.score).compared, 0);
    return `${same}/${compared}`;
  };
  out.push(
    `Among strict matches: sub-points equal ${agreement((s) => s.subPoints)}, section equal ${agreement((s) => s.sections)}, judgments' last-inspected year equal ${agreement((s) => s.lastInspected)}`,
  );
  const fields = results.flatMap((r) => r.score.report);
  out.push(`Report details equal: ${fields.filter((f) => f.same).length}/${fields.length} fields`);
  fields
    .filter((f) => !f.same)
    .forEach((f) => out.push(`  ${f.field}: expected ${JSON.stringify(f.expected)}, got ${JSON.stringify(f.actual)}`));
  out.push('');
  out.push(
    `Timing: ${TIMED_REPORT} (${Math.round(timing.bytes / 1024)} KB): read + extract ${timing.readAndExtractMs.toFixed(1)} ms on the first run; ` +
      `extract ${timing.firstMs.toFixed(1)} ms once warm, median ${timing.medianMs.toFixed(1)} ms, worst ${timing.maxMs.toFixed(1)} ms over 20 runs.`,
  );
  out.push(
    'Strict: normalised texts equal. Overlap: one text contains the other (a quote one sentence longer or shorter still counts).',
  );
  if (verbose) {
    out.push('');
    for (const { testCase, score } of results) {
      if (score.mismatches.length === 0) {
        continue;
      }
      out.push(`${testCase.name}:`);
      score.mismatches.forEach((m) => out.push(`  ${m.kind.padEnd(6)} ${m.category}: ${m.text.replace(/\n/g, ' / ')}`));
    }
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

if (require.main === module) {
  main(process.argv.includes('--verbose')).catch((error: unknown) => {
    process.stderr.write(`Evaluation failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
