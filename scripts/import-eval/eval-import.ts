/**
 * Evaluates the findings extractor:
 *   npm run eval:import               # precision and recall, per document and per category, and timing
 *   npm run eval:import -- --verbose  # also every missed and extra item
 *   npm run eval:import -- --json     # the same figures as one JSON object, for other tools
 *
 * Test set, in three groups: the five source reports in data/source-reports/ (expectations derived
 * from the reviewed default data set); the labelled excerpts in test/fixtures/import/ (each NAME.txt
 * with NAME.expected.json); and the import corpus in test/fixtures/import-corpus/, 30 excerpts of
 * real publications and board papers the extractor was not built from (each NN_….txt with
 * NN_….truth.json; its README gives the sources and licence), matched by how each finding starts.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { findProjectRoot } from '../../src/common/project-root';
import type { DefaultData } from '../../src/default-data/default-data.types';
import type { CorpusScore, CorpusTruth, Counts, DocumentScore, ExpectedResult } from './evaluate';
import { precision, recall, rollUp, scoreCorpusDocument, scoreDocument, totals } from './evaluate';
import { expectedFromDefaultData } from './expected-from-default-data';
import { extractReport } from '../../src/imports/extraction/extract-report';
import { readDocument } from '../../src/imports/extraction/read-document';

const ROOT = findProjectRoot(__dirname);
export const SOURCE_REPORTS = join(ROOT, 'data', 'source-reports');
export const FIXTURES = join(ROOT, 'test', 'fixtures', 'import');
/** Real publications and board papers with answer keys (a copy of ../shared/import-corpus/, kept for CI). */
export const IMPORT_CORPUS = join(ROOT, 'test', 'fixtures', 'import-corpus');
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

/** One document of the import corpus with its answer key. */
export interface CorpusCase {
  name: string;
  path: string;
  truth: CorpusTruth;
}

/** The import corpus: every NN_….txt in its folder with an NN_….truth.json beside it. */
export function corpusCases(folder: string = IMPORT_CORPUS): CorpusCase[] {
  if (!existsSync(folder)) {
    return [];
  }
  return readdirSync(folder)
    .filter((file) => file.endsWith('.txt'))
    .sort()
    .flatMap((file) => {
      const truthPath = join(folder, file.replace(/\.txt$/, '.truth.json'));
      if (!existsSync(truthPath)) {
        return [];
      }
      return [
        { name: file, path: join(folder, file), truth: JSON.parse(readFileSync(truthPath, 'utf8')) as CorpusTruth },
      ];
    });
}

/** Reads, extracts and scores one corpus document. */
export async function runCorpusCase(testCase: CorpusCase): Promise<CorpusScore> {
  const document = await readDocument(testCase.path);
  return scoreCorpusDocument(testCase.truth, extractReport(document.text));
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

/** The kinds of finding the corpus is scored by, in the order they are printed. */
export const CORPUS_KINDS = ['area_for_improvement', 'cause_of_concern', 'recommendation'] as const;

/** Counts with their precision and recall, as the JSON output gives them. */
function withRates(counts: Counts): Counts & { precision: number | null; recall: number | null } {
  return { ...counts, precision: precision(counts), recall: recall(counts) };
}

/**
 * The corpus table: true and false positives and misses with precision and recall, per kind of
 * finding, for every kind together, and for judgments. One way of matching only (by how a finding starts).
 */
export function formatCorpusTable(title: string, counts: Record<string, Counts>): string {
  const rolled = rollUp(counts);
  const kinds = Object.keys(rolled)
    .filter((key) => key.startsWith('findings:'))
    .sort((a, b) => corpusOrder(a) - corpusOrder(b) || a.localeCompare(b));
  const rows = [...kinds, 'findings (all kinds)', 'judgments'].map((key) => {
    const c = rolled[key] ?? { tp: 0, fp: 0, fn: 0 };
    return `  ${key.padEnd(42)} ${String(c.tp).padStart(4)} ${String(c.fp).padStart(4)} ${String(c.fn).padStart(4)}   ${percent(precision(c))} ${percent(recall(c))}`;
  });
  return [
    title,
    `  ${'category'.padEnd(42)} ${'TP'.padStart(4)} ${'FP'.padStart(4)} ${'FN'.padStart(4)}   ${'P'.padStart(6)} ${'R'.padStart(6)}`,
    ...rows,
  ].join('\n');
}

/** Scored kinds first, in CORPUS_KINDS order; any other kind proposed (an extra) after them. */
function corpusOrder(key: string): number {
  const at = (CORPUS_KINDS as readonly string[]).indexOf(key.slice('findings:'.length));
  return at < 0 ? CORPUS_KINDS.length : at;
}

/** A one-line summary of a corpus document's score. */
function corpusDocumentLine(name: string, score: CorpusScore): string {
  const findings = rollUp(score.counts)['findings (all kinds)'] ?? { tp: 0, fp: 0, fn: 0 };
  const judgments = score.counts.judgments ?? { tp: 0, fp: 0, fn: 0 };
  return `  ${name.padEnd(72)} findings ${String(findings.tp).padStart(2)}/${String(findings.tp + findings.fn).padEnd(2)} found, ${String(findings.fp).padStart(2)} extra   P ${percent(precision(findings))} R ${percent(recall(findings))}   judgments P ${percent(precision(judgments))} R ${percent(recall(judgments))}`;
}

/** Everything the evaluation measures, before it is printed. */
interface Evaluation {
  timing: Awaited<ReturnType<typeof timeImport>>;
  results: Array<{ testCase: EvalCase; score: DocumentScore }>;
  corpus: Array<{ testCase: CorpusCase; score: CorpusScore }>;
}

/** Runs every case of the three groups and times the extractor. */
export async function evaluate(): Promise<Evaluation> {
  const timing = await timeImport();
  const results: Evaluation['results'] = [];
  for (const testCase of [...sourceReportCases(), ...excerptCases()]) {
    results.push({ testCase, score: await runCase(testCase) });
  }
  const corpus: Evaluation['corpus'] = [];
  for (const testCase of corpusCases()) {
    corpus.push({ testCase, score: await runCorpusCase(testCase) });
  }
  return { timing, results, corpus };
}

/** The evaluation as one JSON object: per group its totals by category and each document's counts and mismatches. */
export function evaluationJson({ timing, results, corpus }: Evaluation): object {
  const rated = (record: Record<string, Counts>) =>
    Object.fromEntries(Object.entries(rollUp(record)).map(([key, counts]) => [key, withRates(counts)]));
  const group = (name: EvalCase['group']) => {
    const inGroup = results.filter((r) => r.testCase.group === name);
    return {
      strict: rated(totals(inGroup.map((r) => r.score.strict))),
      overlap: rated(totals(inGroup.map((r) => r.score.overlap))),
      documents: inGroup.map(({ testCase, score }) => ({
        name: testCase.name,
        strict: rated(score.strict),
        overlap: rated(score.overlap),
        mismatches: score.mismatches,
      })),
    };
  };
  return {
    timing: { report: TIMED_REPORT, ...timing },
    groups: {
      'source reports': group('source reports'),
      'labelled excerpts': group('labelled excerpts'),
      'import corpus': {
        matching:
          'a finding of the answer key is found by a proposed finding of the same kind starting with its text_starts',
        counts: rated(totals(corpus.map((r) => r.score.counts))),
        parents: {
          same: corpus.reduce((sum, r) => sum + r.score.parents.same, 0),
          compared: corpus.reduce((sum, r) => sum + r.score.parents.compared, 0),
        },
        observations: corpus.reduce((sum, r) => sum + r.score.observations, 0),
        documents: corpus.map(({ testCase, score }) => ({
          name: testCase.name,
          counts: rated(score.counts),
          parents: score.parents,
          observations: score.observations,
          mismatches: score.mismatches,
        })),
      },
    },
  };
}

/** The evaluation as text for a person: per group its documents and a table by category, then timing. */
export function evaluationText({ timing, results, corpus }: Evaluation, verbose: boolean): string {
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
      'Per category: source reports and labelled excerpts',
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
  out.push(`Documents: import corpus (${corpus.length})`);
  corpus.forEach(({ testCase, score }) => out.push(corpusDocumentLine(testCase.name, score)));
  out.push('');
  out.push(formatCorpusTable('Per category: import corpus', totals(corpus.map((r) => r.score.counts))));
  const parentsSame = corpus.reduce((sum, r) => sum + r.score.parents.same, 0);
  const parentsCompared = corpus.reduce((sum, r) => sum + r.score.parents.compared, 0);
  const observations = corpus.reduce((sum, r) => sum + r.score.observations, 0);
  out.push(`Among found findings: parent cause of concern equal ${parentsSame}/${parentsCompared}`);
  out.push(`Observations proposed (the corpus does not label them; not scored): ${observations}`);
  out.push(
    'Corpus: a finding is found when a proposed finding of the same kind starts with its text_starts (quotes, dashes, white space and case aside); any other proposed finding of a formal kind is an extra.',
  );
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
    const scored: Array<{ name: string; mismatches: DocumentScore['mismatches'] }> = [
      ...results.map(({ testCase, score }) => ({ name: testCase.name, mismatches: score.mismatches })),
      ...corpus.map(({ testCase, score }) => ({ name: testCase.name, mismatches: score.mismatches })),
    ];
    for (const { name, mismatches } of scored) {
      if (mismatches.length === 0) {
        continue;
      }
      out.push(`${name}:`);
      mismatches.forEach((m) => out.push(`  ${m.kind.padEnd(6)} ${m.category}: ${m.text.replace(/\n/g, ' / ')}`));
    }
  }
  return `${out.join('\n')}\n`;
}

if (require.main === module) {
  // Piped into head or jq that stops reading: end quietly.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') {
      process.exit(process.exitCode ?? 0);
    }
  });
  const json = process.argv.includes('--json');
  evaluate()
    .then((evaluation) =>
      process.stdout.write(
        json
          ? `${JSON.stringify(evaluationJson(evaluation), null, 2)}\n`
          : evaluationText(evaluation, process.argv.includes('--verbose')),
      ),
    )
    .catch((error: unknown) => {
      process.stderr.write(`Evaluation failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    });
}
