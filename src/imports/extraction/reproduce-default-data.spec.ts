/**
 * Importing the five Derbyshire source texts (data/source-reports/) reproduces the reviewed default
 * data set (data/default/derbyshire-2016-2025.json) item by item. Expectations come from
 * expectedFromDefaultData, the same derivation `npm run eval:import` scores against; texts are
 * compared as evaluate.ts compares them (normaliseForMatch: white space, quotes and dashes).
 *
 * Where the extractor and the data set differ on purpose, the difference is asserted explicitly
 * (KNOWN below), with the review note of data/default/README.md that explains it.
 */
import { readFileSync } from 'node:fs';
import type { DefaultData } from '../../default-data/default-data.types';
import type { FindingKind } from '../../findings/finding-kind';
import type { EvalCase } from '../../../scripts/import-eval/eval-import';
import { DEFAULT_DATA, sourceReportCases } from '../../../scripts/import-eval/eval-import';
import type { ExpectedFinding } from '../../../scripts/import-eval/evaluate';
import { matchOverlap, matchStrict } from '../../../scripts/import-eval/evaluate';
import { extractReport } from './extract-report';
import type { ImportProposal, ProposedAssessment, ProposedFinding, ProposedJudgment } from './import-types';
import { readDocument } from './read-document';
import { normaliseForMatch } from './text-utils';

/** Every kind but observations: these must be reproduced exactly. */
const EXACT_KINDS: readonly FindingKind[] = [
  'area_for_improvement',
  'cause_of_concern',
  'recommendation',
  'national_recommendation',
];

/** What each document is known to propose beyond the data set, and its strict observation figure. */
interface Known {
  /**
   * Judgments the text states but the data set records on another report. The 2018/19 web summary
   * repeats the full report's legitimacy grades as question headings + "… is good at …"; the data set
   * records them once, on the full report (review note 11). Each is paired with the full report's area.
   */
  judgmentsRecordedElsewhere: Array<ProposedJudgment & { fullReportArea: string }>;
  /**
   * Assessments the text makes of findings outside the data set. 2018/19 says a 2017 effectiveness
   * AFI "has still not been addressed"; the 2017 Derbyshire reports are not in the data set, so it is
   * not an assessment there (review note 8).
   */
  assessmentsOutsideDataSet: ProposedAssessment[];
  /**
   * Observations whose proposed text equals the shipped text exactly. The rest are found by overlap:
   * the extractor keeps a lead-in sentence the data set leaves out, or joins the two sentences the data
   * set splits (review notes 20, 22). A floor, so an improvement does not fail the test.
   */
  strictObservations: number;
  /**
   * Observations proposed that overlap no shipped one: general expectations the data set leaves out
   * under its observation rule (review note 19), which the extractor cannot tell from a request to
   * the force.
   */
  observationsNotInDataSet: string[];
  /**
   * `relates_to` links the importer proposes by close wording: each one the reviewers also made. The
   * rest of the data set's `relates_to` links (a narrative sentence behind an area for improvement in
   * other words) need a reader, and are added at review. A floor, so an improvement does not fail the test.
   */
  relatedLinksProposed: number;
}

const NOTHING_KNOWN: Known = {
  judgmentsRecordedElsewhere: [],
  assessmentsOutsideDataSet: [],
  strictObservations: 0,
  observationsNotInDataSet: [],
  relatedLinksProposed: 0,
};

const KNOWN: Readonly<Record<string, Partial<Known>>> = {
  '2018-19-integrated-peel-assessment-derbyshire.txt': {
    assessmentsOutsideDataSet: [
      {
        verdict: 'not_implemented',
        quote:
          'This was identified as an area for improvement in our 2017 effectiveness report and has still not been addressed.',
        refersTo: 'an area for improvement in our 2017 effectiveness report',
      },
    ],
    strictObservations: 35,
    relatedLinksProposed: 5,
  },
  '2018-19-peel-legitimacy-web-summary-derbyshire.txt': {
    judgmentsRecordedElsewhere: [
      {
        area: 'How legitimately does the force treat the public and its workforce?',
        grade: 'good',
        lastInspected: null,
        fullReportArea: 'Legitimacy',
      },
      {
        area: 'To what extent does the force treat all of the people it serves with fairness and respect?',
        grade: 'good',
        lastInspected: null,
        fullReportArea: 'Fair treatment of the public',
      },
      {
        area: 'How well does the force ensure that its workforce behaves ethically and lawfully?',
        grade: 'good',
        lastInspected: null,
        fullReportArea: 'Ethical and lawful workforce behaviour',
      },
    ],
    strictObservations: 0,
  },
  '2025-integrity-inspection-derbyshire.txt': {
    strictObservations: 15,
    relatedLinksProposed: 1,
    observationsNotInDataSet: [
      // About "everyone in a supervisor or manager role", in general.
      'They should do this by challenging poor behaviour in others and showing the standards in their own behaviour.',
      // A generic "must" statement, named in review note 19 as not captured.
      'The constabulary must make sure that its approach to complaints and conduct matters, and the resulting outcomes, are proportionate to the allegations and investigation findings.',
    ],
  },
};

const FULL_REPORT = '2018-19-integrated-peel-assessment-derbyshire.txt';

const data = JSON.parse(readFileSync(DEFAULT_DATA, 'utf8')) as DefaultData;
const cases = sourceReportCases();

/** A finding as compared: kind, normalised text and sub-points, section as shipped. */
function comparable(finding: ExpectedFinding | ProposedFinding): {
  kind: FindingKind;
  text: string;
  subPoints: string[];
  section: string | null;
} {
  return {
    kind: finding.kind,
    text: normaliseForMatch(finding.text),
    subPoints: (finding.subPoints ?? []).map(normaliseForMatch),
    section: finding.section ?? null,
  };
}

/** Findings of the exact kinds, in a stable order so that two sets compare as arrays. */
function exactFindings(findings: ReadonlyArray<ExpectedFinding | ProposedFinding>) {
  return findings
    .filter((finding) => EXACT_KINDS.includes(finding.kind))
    .map(comparable)
    .sort((a, b) => `${a.kind}|${a.text}`.localeCompare(`${b.kind}|${b.text}`));
}

/** True when two quotes match as evaluate.ts matches them: strictly (equal) or by overlap (one contains the other). */
function quotesMatch(a: string, b: string): boolean {
  return (
    matchOverlap([{ group: 'quote', text: normaliseForMatch(a) }], [{ group: 'quote', text: normaliseForMatch(b) }])
      .tp === 1
  );
}

it('covers the five source reports', () => {
  expect(cases.map((testCase) => testCase.name)).toEqual([
    '2016-peel-legitimacy-derbyshire.txt',
    '2016-peel-legitimacy-press-release-derbyshire.txt',
    '2018-19-integrated-peel-assessment-derbyshire.txt',
    '2018-19-peel-legitimacy-web-summary-derbyshire.txt',
    '2025-integrity-inspection-derbyshire.txt',
  ]);
});

describe.each(cases.map((testCase) => [testCase.name, testCase] as const))(
  'importing %s',
  (name: string, testCase: EvalCase) => {
    const known: Known = { ...NOTHING_KNOWN, ...KNOWN[name] };
    const expected = testCase.expected;
    const shippedReport = data.reports.find((report) => report.sourceFile === name)!;
    let proposal: ImportProposal;

    beforeAll(async () => {
      proposal = extractReport((await readDocument(testCase.path)).text);
    });

    it('reads the report details as shipped (publication date only where the text states it)', () => {
      expect(proposal.report).toEqual(expected.report);
      expect(proposal.report).toMatchObject({
        title: shippedReport.title,
        inspectorate: shippedReport.inspectorate,
        type: shippedReport.type,
        period: shippedReport.period,
      });
    });

    it('proposes exactly the shipped areas for improvement, causes of concern, recommendations and national recommendations, with sub-points and section', () => {
      const shipped = exactFindings(expected.findings);
      expect(exactFindings(proposal.findings)).toEqual(shipped);
      // No finding in the data set is made under a cause of concern (review note 15).
      expect(proposal.findings.filter((finding) => finding.parentIndex !== null)).toEqual([]);
    });

    it('proposes the shipped judgments (area, grade, last inspected)', () => {
      const elsewhere = new Set(known.judgmentsRecordedElsewhere.map((judgment) => judgment.area));
      expect(proposal.judgments.filter((judgment) => !elsewhere.has(judgment.area))).toEqual(expected.judgments);
      expect(proposal.judgments.filter((judgment) => elsewhere.has(judgment.area))).toEqual(
        known.judgmentsRecordedElsewhere.map(({ fullReportArea: _area, ...judgment }) => judgment),
      );
      const fullReport = cases
        .find((other) => other.name === FULL_REPORT)!
        .expected.judgments.map(({ area, grade }) => ({ area, grade }));
      for (const judgment of known.judgmentsRecordedElsewhere) {
        expect(fullReport).toContainEqual({ area: judgment.fullReportArea, grade: judgment.grade });
      }
    });

    it('gives every shipped assessment its verdict, a matching quote and the finding it assesses', () => {
      const shipped = data.assessments.filter((assessment) => assessment.reportKey === shippedReport.key);
      expect(shipped.map(({ verdict, quote }) => ({ verdict, quote }))).toEqual(expected.assessments);
      const used = new Set<number>();
      for (const assessment of shipped) {
        const index = proposal.assessments.findIndex(
          (p, i) => !used.has(i) && p.verdict === assessment.verdict && quotesMatch(p.quote, assessment.quote),
        );
        expect({ reference: assessment.findingReference, found: index >= 0 }).toEqual({
          reference: assessment.findingReference,
          found: true,
        });
        used.add(index);
        const proposed = proposal.assessments[index];
        // The finding it assesses, as this report has it: the shipped text, or (for a recommendation only
        // cited here) this report's citing sentence, as expectedFromDefaultData derives it.
        const finding = data.findings.find((f) => f.reference === assessment.findingReference)!;
        const target =
          expected.findings.find((f) => normaliseForMatch(f.text) === normaliseForMatch(finding.text)) ??
          expected.findings.find((f) => normaliseForMatch(f.text) === normaliseForMatch(assessment.quote));
        expect({
          reference: assessment.findingReference,
          refersTo: normaliseForMatch(proposed.refersTo ?? ''),
        }).toEqual({
          reference: assessment.findingReference,
          refersTo: normaliseForMatch(target?.text ?? `(no finding ${assessment.findingReference} in ${name})`),
        });
        expect(proposal.findings.some((f) => f.kind === finding.kind && f.text === proposed.refersTo)).toBe(true);
      }
      expect(proposal.assessments.filter((_, i) => !used.has(i))).toEqual(known.assessmentsOutsideDataSet);
    });

    const shippedObservations = expected.findings.filter((finding) => finding.kind === 'observation');
    it(`finds all ${shippedObservations.length} shipped observations (overlap), at least ${known.strictObservations} with the shipped text exactly`, () => {
      const proposed = proposal.findings.filter((finding) => finding.kind === 'observation');
      const group = (finding: { text: string }) => ({ group: 'observation', text: normaliseForMatch(finding.text) });
      const overlapsAny = (finding: { text: string }, others: ReadonlyArray<{ text: string }>) =>
        matchOverlap([group(finding)], others.map(group)).tp > 0;
      expect(
        shippedObservations.filter((finding) => !overlapsAny(finding, proposed)).map((finding) => finding.text),
      ).toEqual([]);
      expect(
        proposed.filter((finding) => !overlapsAny(finding, shippedObservations)).map((finding) => finding.text),
      ).toEqual(known.observationsNotInDataSet);
      const strict = matchStrict(
        shippedObservations,
        proposed,
        (f) => normaliseForMatch(f.text),
        (f) => normaliseForMatch(f.text),
      );
      expect(strict.pairs.length).toBeGreaterThanOrEqual(known.strictObservations);
    });

    it('proposes exactly the shipped `cites` links, and only shipped `relates_to` links', () => {
      const shippedLinks = expected.links ?? [];
      const named = (link: { type: string; from: string; to: string }) =>
        `${link.type}: ${normaliseForMatch(link.from)} → ${normaliseForMatch(link.to)}`;
      const proposed = (proposal.links ?? []).map((link) =>
        named({ type: link.type, from: proposal.findings[link.from].text, to: proposal.findings[link.to].text }),
      );
      const shipped = shippedLinks.map(named);
      expect(proposed.filter((link) => link.startsWith('cites')).sort()).toEqual(
        shipped.filter((link) => link.startsWith('cites')).sort(),
      );
      const related = proposed.filter((link) => link.startsWith('relates_to'));
      expect(related.filter((link) => !shipped.includes(link))).toEqual([]);
      expect(related.length).toBeGreaterThanOrEqual(known.relatedLinksProposed);
    });
  },
);
