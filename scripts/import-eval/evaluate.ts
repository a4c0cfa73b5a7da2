/**
 * Scores an import proposal against labelled expectations: precision and recall for findings (kind +
 * normalised text), judgments (area + grade) and assessments (verdict + quote). Two ways of matching:
 * strict (the normalised texts are equal) and overlap (one text contains the other, so a finding quoted
 * with one sentence more or less still counts). Pure functions.
 */
import type { FindingKind } from '../../src/findings/finding-kind';
import type { AssessmentVerdict } from '../../src/findings/finding-status';
import type { Grade } from '../../src/reports/report-types';
import type { ImportProposal, ProposedReport } from '../../src/imports/extraction/import-types';
import { normaliseForMatch } from '../../src/imports/extraction/text-utils';

/** A finding a person labelled in a test text. */
export interface ExpectedFinding {
  kind: FindingKind;
  text: string;
  subPoints?: string[];
  section?: string | null;
}

/** What a person says the extractor should find in one text (the .expected.json files). */
export interface ExpectedResult {
  description?: string;
  report?: Partial<ProposedReport>;
  findings: ExpectedFinding[];
  judgments: Array<{ area: string; grade: Grade; lastInspected?: string | null }>;
  assessments: Array<{ verdict: AssessmentVerdict; quote: string }>;
  /** Links between two of the text's findings, each end named by the finding's text. Unscored when absent. */
  links?: Array<{ type: string; from: string; to: string }>;
}

/** True positives, false positives and false negatives. */
export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

/** A labelled item the extractor missed, or an item it proposed that is not labelled. */
export interface Mismatch {
  category: string;
  kind: 'missed' | 'extra';
  text: string;
}

/** The score of one document. */
export interface DocumentScore {
  /** Strict counts by category: "findings:<kind>", "judgments", "assessments". */
  strict: Record<string, Counts>;
  /** Overlap counts by the same categories. */
  overlap: Record<string, Counts>;
  /** Among strictly matched findings: how many had the same sub-points, and the same section (where labelled). */
  subPoints: { same: number; compared: number };
  sections: { same: number; compared: number };
  /** Among matched judgments: how many had the same "last inspected" year. */
  lastInspected: { same: number; compared: number };
  /** Report fields compared and whether each matched. */
  report: Array<{ field: keyof ProposedReport; expected: string | null; actual: string | null; same: boolean }>;
  mismatches: Mismatch[];
}

/** Empty counts. */
export function zero(): Counts {
  return { tp: 0, fp: 0, fn: 0 };
}

/** Adds counts into a record under a key. */
export function addCounts(into: Record<string, Counts>, key: string, counts: Counts): void {
  const existing = into[key] ?? zero();
  into[key] = { tp: existing.tp + counts.tp, fp: existing.fp + counts.fp, fn: existing.fn + counts.fn };
}

/** Precision, or null when nothing was proposed. */
export function precision(counts: Counts): number | null {
  return counts.tp + counts.fp === 0 ? null : counts.tp / (counts.tp + counts.fp);
}

/** Recall, or null when nothing was expected. */
export function recall(counts: Counts): number | null {
  return counts.tp + counts.fn === 0 ? null : counts.tp / (counts.tp + counts.fn);
}

/** One-to-one matching of two lists by a key function: returns pairs and the unmatched indexes. */
export function matchStrict<E, P>(
  expected: readonly E[],
  predicted: readonly P[],
  keyE: (e: E) => string,
  keyP: (p: P) => string,
) {
  const free = new Map<string, number[]>();
  predicted.forEach((p, i) => {
    const key = keyP(p);
    free.set(key, [...(free.get(key) ?? []), i]);
  });
  const pairs: Array<[number, number]> = [];
  const missed: number[] = [];
  expected.forEach((e, i) => {
    const candidates = free.get(keyE(e));
    const j = candidates?.shift();
    if (j === undefined) {
      missed.push(i);
    } else {
      pairs.push([i, j]);
    }
  });
  const used = new Set(pairs.map(([, j]) => j));
  const extra = predicted.map((_, j) => j).filter((j) => !used.has(j));
  return { pairs, missed, extra };
}

/**
 * Overlap matching: an expected item is found if some proposed item of the same group contains it
 * or is contained by it, and vice versa.
 */
export function matchOverlap(
  expected: ReadonlyArray<{ group: string; text: string }>,
  predicted: ReadonlyArray<{ group: string; text: string }>,
): Counts {
  const overlaps = (a: { group: string; text: string }, b: { group: string; text: string }): boolean =>
    a.group === b.group && a.text !== '' && b.text !== '' && (a.text.includes(b.text) || b.text.includes(a.text));
  const found = expected.filter((e) => predicted.some((p) => overlaps(e, p))).length;
  const correct = predicted.filter((p) => expected.some((e) => overlaps(e, p))).length;
  return { tp: found, fn: expected.length - found, fp: predicted.length - correct };
}

/** Counts for one group of a strict matching. */
function countsFor(pairs: number, missed: number, extra: number): Counts {
  return { tp: pairs, fn: missed, fp: extra };
}

/** Scores one proposal against its labelled expectations. */
export function scoreDocument(expected: ExpectedResult, actual: ImportProposal): DocumentScore {
  const score: DocumentScore = {
    strict: {},
    overlap: {},
    subPoints: { same: 0, compared: 0 },
    sections: { same: 0, compared: 0 },
    lastInspected: { same: 0, compared: 0 },
    report: [],
    mismatches: [],
  };
  scoreFindings(expected, actual, score);
  scoreJudgments(expected, actual, score);
  scoreAssessments(expected, actual, score);
  scoreLinks(expected, actual, score);
  for (const [field, value] of Object.entries(expected.report ?? {}) as Array<[keyof ProposedReport, string | null]>) {
    const got = actual.report[field];
    score.report.push({ field, expected: value, actual: got, same: value === got });
  }
  return score;
}

/** Findings: strict and overlap by kind, plus sub-point and section agreement. */
function scoreFindings(expected: ExpectedResult, actual: ImportProposal, score: DocumentScore): void {
  const kinds = new Set<FindingKind>([...expected.findings.map((f) => f.kind), ...actual.findings.map((f) => f.kind)]);
  for (const kind of kinds) {
    const e = expected.findings.filter((f) => f.kind === kind);
    const p = actual.findings.filter((f) => f.kind === kind);
    const { pairs, missed, extra } = matchStrict(
      e,
      p,
      (f) => normaliseForMatch(f.text),
      (f) => normaliseForMatch(f.text),
    );
    addCounts(score.strict, `findings:${kind}`, countsFor(pairs.length, missed.length, extra.length));
    missed.forEach((i) => score.mismatches.push({ category: `findings:${kind}`, kind: 'missed', text: e[i].text }));
    extra.forEach((j) => score.mismatches.push({ category: `findings:${kind}`, kind: 'extra', text: p[j].text }));
    for (const [i, j] of pairs) {
      if (e[i].subPoints !== undefined) {
        score.subPoints.compared++;
        const same =
          JSON.stringify((e[i].subPoints ?? []).map(normaliseForMatch)) ===
          JSON.stringify(p[j].subPoints.map(normaliseForMatch));
        score.subPoints.same += same ? 1 : 0;
      }
      if (e[i].section !== undefined) {
        score.sections.compared++;
        score.sections.same += (e[i].section ?? null) === p[j].section ? 1 : 0;
      }
    }
    addCounts(
      score.overlap,
      `findings:${kind}`,
      matchOverlap(
        e.map((f) => ({ group: kind, text: normaliseForMatch(f.text) })),
        p.map((f) => ({ group: kind, text: normaliseForMatch(f.text) })),
      ),
    );
  }
}

/** Judgments: area + grade, and agreement on the carried-over year. */
function scoreJudgments(expected: ExpectedResult, actual: ImportProposal, score: DocumentScore): void {
  const key = (j: { area: string; grade: string }): string => `${normaliseForMatch(j.area)}|${j.grade}`;
  const { pairs, missed, extra } = matchStrict(expected.judgments, actual.judgments, key, key);
  const counts = countsFor(pairs.length, missed.length, extra.length);
  addCounts(score.strict, 'judgments', counts);
  addCounts(score.overlap, 'judgments', counts);
  missed.forEach((i) =>
    score.mismatches.push({ category: 'judgments', kind: 'missed', text: key(expected.judgments[i]) }),
  );
  extra.forEach((j) => score.mismatches.push({ category: 'judgments', kind: 'extra', text: key(actual.judgments[j]) }));
  for (const [i, j] of pairs) {
    const wanted = expected.judgments[i].lastInspected;
    if (wanted !== undefined) {
      score.lastInspected.compared++;
      score.lastInspected.same += wanted === actual.judgments[j].lastInspected ? 1 : 0;
      if (wanted !== actual.judgments[j].lastInspected) {
        score.mismatches.push({
          category: 'judgments',
          kind: 'extra',
          text: `${key(actual.judgments[j])} last inspected ${actual.judgments[j].lastInspected} (expected ${wanted})`,
        });
      }
    }
  }
}

/** Assessments: verdict + quote, strict and overlap. */
function scoreAssessments(expected: ExpectedResult, actual: ImportProposal, score: DocumentScore): void {
  const key = (a: { verdict: string; quote: string }): string => `${a.verdict}|${normaliseForMatch(a.quote)}`;
  const { pairs, missed, extra } = matchStrict(expected.assessments, actual.assessments, key, key);
  addCounts(score.strict, 'assessments', countsFor(pairs.length, missed.length, extra.length));
  missed.forEach((i) =>
    score.mismatches.push({ category: 'assessments', kind: 'missed', text: key(expected.assessments[i]) }),
  );
  extra.forEach((j) =>
    score.mismatches.push({ category: 'assessments', kind: 'extra', text: key(actual.assessments[j]) }),
  );
  addCounts(
    score.overlap,
    'assessments',
    matchOverlap(
      expected.assessments.map((a) => ({ group: a.verdict, text: normaliseForMatch(a.quote) })),
      actual.assessments.map((a) => ({ group: a.verdict, text: normaliseForMatch(a.quote) })),
    ),
  );
}

/**
 * Links by type: strict when both ends' texts are equal, by overlap when each end's text contains
 * the other's (an observation proposed with one sentence more still names the same item).
 */
function scoreLinks(expected: ExpectedResult, actual: ImportProposal, score: DocumentScore): void {
  if (!expected.links) {
    return;
  }
  const proposed = (actual.links ?? []).map((link) => ({
    type: link.type,
    from: normaliseForMatch(actual.findings[link.from].text),
    to: normaliseForMatch(actual.findings[link.to].text),
  }));
  const wanted = expected.links.map((link) => ({
    type: link.type,
    from: normaliseForMatch(link.from),
    to: normaliseForMatch(link.to),
  }));
  const types = new Set([...wanted.map((link) => link.type), ...proposed.map((link) => link.type)]);
  const overlaps = (a: string, b: string) => a.includes(b) || b.includes(a);
  for (const type of types) {
    const e = wanted.filter((link) => link.type === type);
    const p = proposed.filter((link) => link.type === type);
    const key = (link: { from: string; to: string }) => `${link.from}|${link.to}`;
    const { pairs, missed, extra } = matchStrict(e, p, key, key);
    addCounts(score.strict, `links:${type}`, countsFor(pairs.length, missed.length, extra.length));
    missed.forEach((i) =>
      score.mismatches.push({
        category: `links:${type}`,
        kind: 'missed',
        text: `${e[i].from.slice(0, 80)} → ${e[i].to.slice(0, 80)}`,
      }),
    );
    extra.forEach((j) =>
      score.mismatches.push({
        category: `links:${type}`,
        kind: 'extra',
        text: `${p[j].from.slice(0, 80)} → ${p[j].to.slice(0, 80)}`,
      }),
    );
    const used = new Set<number>();
    let tp = 0;
    for (const link of e) {
      const found = p.findIndex((q, j) => !used.has(j) && overlaps(link.from, q.from) && overlaps(link.to, q.to));
      if (found >= 0) {
        used.add(found);
        tp += 1;
      }
    }
    addCounts(score.overlap, `links:${type}`, countsFor(tp, e.length - tp, p.length - tp));
  }
}

/** Sums per-category counts over documents. */
export function totals(scores: ReadonlyArray<Record<string, Counts>>): Record<string, Counts> {
  const sum: Record<string, Counts> = {};
  for (const record of scores) {
    for (const [key, counts] of Object.entries(record)) {
      addCounts(sum, key, counts);
    }
  }
  return sum;
}

/** Sums all findings categories into one "findings" figure, and every item (links apart) into "all". */
export function rollUp(record: Record<string, Counts>): Record<string, Counts> {
  const rolled: Record<string, Counts> = { ...record };
  for (const [key, counts] of Object.entries(record)) {
    if (key.startsWith('findings:')) {
      addCounts(rolled, 'findings (all kinds)', counts);
    }
    if (!key.startsWith('links:')) {
      addCounts(rolled, 'all', counts);
    }
  }
  return rolled;
}

/**
 * A finding in an import corpus answer key (test/fixtures/import-corpus/NN_….truth.json): its kind,
 * the first 60 characters of its own sentence (to the end of the line for a short fragment), and the
 * index (in the same list) of the cause of concern it was made under.
 */
export interface CorpusTruthFinding {
  kind: FindingKind;
  text_starts: string;
  parent: number | null;
}

/** An import corpus answer key: where the excerpt came from, and what a person found in it. */
export interface CorpusTruth {
  source: string;
  publisher: string;
  force: string;
  year: string;
  documentKind: string;
  findings: CorpusTruthFinding[];
  /** Graded judgments, area and grade as printed ("Requires improvement"). */
  judgments: Array<{ area: string; grade: string }>;
  notes?: string;
}

/** The score of one corpus document: counts by "findings:<kind>" and "judgments", with every miss and extra. */
export interface CorpusScore {
  counts: Record<string, Counts>;
  /** Among matched findings: how many name the same parent cause of concern as the answer key (or none, both). */
  parents: { same: number; compared: number };
  /** Observations proposed: the answer keys do not label observations, so these are neither right nor wrong. */
  observations: number;
  mismatches: Mismatch[];
}

/**
 * Text as the corpus is matched: curly and straight quotes alike, every dash or hyphen one "-", soft
 * hyphens gone, each run of white space (a non-breaking space too) one space, lower case. Kept here,
 * not shared with the extractor, so that the measure does not move when the extractor's own
 * normalisation changes.
 */
export function normaliseForCorpus(text: string): string {
  return text
    .replace(/\u00AD/g, '')
    .replace(/[\u2018\u2019\u201A\u201B\u2032`]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** A printed grade ("Requires improvement", "Not graded") as its key ("requires_improvement", "ungraded"). */
function gradeKey(grade: string): string {
  const key = normaliseForCorpus(grade)
    .replace(/[‘’'"]/g, '')
    .replace(/ /g, '_');
  return key === 'not_graded' ? 'ungraded' : key;
}

/**
 * The largest one-to-one matching of answers to proposals where `fits(answer, proposal)` (augmenting
 * paths; the lists are a document's findings, so tens at most). Returns, for each answer, the index
 * of its proposal or -1.
 */
export function matchOneToOne(answers: number, proposals: number, fits: (a: number, p: number) => boolean): number[] {
  const ofProposal = new Array<number>(proposals).fill(-1);
  const tryAnswer = (a: number, seen: boolean[]): boolean => {
    for (let p = 0; p < proposals; p++) {
      if (seen[p] || !fits(a, p)) {
        continue;
      }
      seen[p] = true;
      if (ofProposal[p] < 0 || tryAnswer(ofProposal[p], seen)) {
        ofProposal[p] = a;
        return true;
      }
    }
    return false;
  };
  for (let a = 0; a < answers; a++) {
    tryAnswer(a, new Array<boolean>(proposals).fill(false));
  }
  const ofAnswer = new Array<number>(answers).fill(-1);
  ofProposal.forEach((a, p) => {
    if (a >= 0) {
      ofAnswer[a] = p;
    }
  });
  return ofAnswer;
}

/**
 * Scores one corpus document. A finding of the answer key is found when a proposed finding of the
 * same kind starts with its `text_starts` (both normalised by normaliseForCorpus), one proposal per
 * answer; every other proposed finding of a formal kind is an extra. Observations (the weaker "the
 * force should…" sentences) are not labelled in the corpus, so they are counted apart and not
 * scored. A judgment is found when a proposed one has the same area (normalised) and grade.
 */
export function scoreCorpusDocument(truth: CorpusTruth, proposal: ImportProposal): CorpusScore {
  const formal = proposal.findings.filter((finding) => finding.kind !== 'observation');
  // Parent indexes point into the whole list; scored here by position in the formal findings.
  const positionOf = (index: number | null): number | null =>
    index === null ? null : formal.indexOf(proposal.findings[index]);
  const actual = {
    findings: formal.map((finding) => ({ ...finding, parentIndex: positionOf(finding.parentIndex) })),
    judgments: proposal.judgments,
  };
  const score: CorpusScore = {
    counts: {},
    parents: { same: 0, compared: 0 },
    observations: proposal.findings.length - formal.length,
    mismatches: [],
  };
  const proposed = actual.findings.map((finding) => normaliseForCorpus(finding.text));
  const starts = truth.findings.map((finding) => normaliseForCorpus(finding.text_starts));
  const matchOf = matchOneToOne(
    truth.findings.length,
    actual.findings.length,
    (a, p) => truth.findings[a].kind === actual.findings[p].kind && proposed[p].startsWith(starts[a]),
  );
  const kinds = new Set<FindingKind>([...truth.findings.map((f) => f.kind), ...actual.findings.map((f) => f.kind)]);
  for (const kind of kinds) {
    addCounts(score.counts, `findings:${kind}`, zero());
  }
  const used = new Set(matchOf.filter((p) => p >= 0));
  truth.findings.forEach((finding, a) => {
    const category = `findings:${finding.kind}`;
    if (matchOf[a] >= 0) {
      addCounts(score.counts, category, { tp: 1, fp: 0, fn: 0 });
    } else {
      addCounts(score.counts, category, { tp: 0, fp: 0, fn: 1 });
      score.mismatches.push({ category, kind: 'missed', text: finding.text_starts });
    }
  });
  actual.findings.forEach((finding, p) => {
    if (!used.has(p)) {
      const category = `findings:${finding.kind}`;
      addCounts(score.counts, category, { tp: 0, fp: 1, fn: 0 });
      score.mismatches.push({ category, kind: 'extra', text: finding.text });
    }
  });
  truth.findings.forEach((finding, a) => {
    const p = matchOf[a];
    if (p < 0) {
      return;
    }
    const wanted = finding.parent === null ? null : matchOf[finding.parent];
    const got = actual.findings[p].parentIndex;
    if (wanted === null && got === null) {
      return;
    }
    score.parents.compared++;
    score.parents.same += wanted === got ? 1 : 0;
  });
  const judgmentKey = (area: string, grade: string): string => `${normaliseForCorpus(area)}|${gradeKey(grade)}`;
  const { pairs, missed, extra } = matchStrict(
    truth.judgments,
    actual.judgments,
    (j) => judgmentKey(j.area, j.grade),
    (j) => judgmentKey(j.area, j.grade),
  );
  addCounts(score.counts, 'judgments', countsFor(pairs.length, missed.length, extra.length));
  missed.forEach((i) =>
    score.mismatches.push({
      category: 'judgments',
      kind: 'missed',
      text: judgmentKey(truth.judgments[i].area, truth.judgments[i].grade),
    }),
  );
  extra.forEach((j) =>
    score.mismatches.push({
      category: 'judgments',
      kind: 'extra',
      text: judgmentKey(actual.judgments[j].area, actual.judgments[j].grade),
    }),
  );
  return score;
}
