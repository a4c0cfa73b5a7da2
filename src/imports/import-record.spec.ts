import type { ImportProposal, ProposedFinding } from './extraction/import-types';
import { recordOfImport, NO_THEME } from './import-record';
import type { ImportReview, ReviewedFinding } from './import-review';

const AT = '2025-07-01T09:30:00.000Z';

function proposed(kind: ProposedFinding['kind'], text: string, parentIndex: number | null = null): ProposedFinding {
  return { kind, text, subPoints: kind === 'cause_of_concern' ? ['one', 'two'] : [], section: 'Vetting', parentIndex };
}

function reviewed(finding: ProposedFinding, changes: Partial<ReviewedFinding> = {}): ReviewedFinding {
  return {
    decision: 'accept',
    kind: finding.kind,
    text: finding.text,
    section: finding.section,
    theme: '',
    match: null,
    useMatch: false,
    relatedTo: [],
    ...changes,
  };
}

/** A cause of concern and its recommendation, a finding held already, a national recommendation, a rejected item. */
function anImport(): { fileName: string; proposal: ImportProposal; review: ImportReview } {
  const findings = [
    proposed('cause_of_concern', 'The force does not vet its staff well enough. It must act.'),
    proposed('recommendation', 'Within six months, the force should vet every officer again.', 0),
    proposed('area_for_improvement', 'The force should improve how it records the use of force.'),
    proposed('national_recommendation', 'By 2023, all forces should check the police national database.'),
    proposed('observation', 'The force could do more to listen to its staff.'),
    proposed('recommendation', 'The force should act on what its staff say.', 4),
  ];
  return {
    fileName: 'cleveland.pdf',
    proposal: {
      report: {
        title: 'PEEL 2025',
        force: 'Cleveland Police',
        inspectorate: 'HMICFRS',
        type: null,
        period: '2025/26',
        published: null,
      },
      judgments: [
        { area: 'Legitimacy', grade: 'good', lastInspected: null },
        { area: 'Effectiveness of vetting', grade: 'adequate', lastInspected: '2023' },
      ],
      findings,
      assessments: [
        { verdict: 'implemented', quote: 'Done.', refersTo: null },
        { verdict: 'not_implemented', quote: 'Not done.', refersTo: null },
        { verdict: 'implemented', quote: 'About a rejected item.', refersTo: null },
        { verdict: 'superseded', quote: 'Rejected verdict.', refersTo: null },
      ],
      links: [
        { from: 1, to: 0, type: 'relates_to', score: 0.5, reason: 'Close wording.' },
        { from: 5, to: 4, type: 'relates_to', score: 0.5, reason: 'Close wording.' },
        { from: 2, to: 3, type: 'cites', score: null, reason: 'Cited after it.' },
      ],
    },
    review: {
      report: {
        title: 'PEEL 2025',
        forceCode: 'CLE',
        inspectorate: 'HMICFRS',
        type: 'integrated_peel_assessment',
        period: '2025/26',
        publishedOn: null,
      },
      judgments: [{ decision: 'reject' }, { decision: 'accept' }],
      findings: [
        reviewed(findings[0], { theme: '  Vetting ' }),
        reviewed(findings[1]),
        reviewed(findings[2], {
          match: { reference: 'CLE-2023-AFI-04', relation: 'another_source', score: 0.9, reason: 'Same.' },
          useMatch: true,
          relatedTo: ['#1', 'DER-2025-AFI-02', '#5'],
        }),
        reviewed(findings[3], {
          match: { reference: 'NAT-2022-REC-01', relation: 'national_recommendation', score: 0.7, reason: 'Alike.' },
          useMatch: false,
        }),
        reviewed(findings[4], { decision: 'reject' }),
        reviewed(findings[5]),
      ],
      assessments: [
        { decision: 'accept', target: '#2', score: 1, reason: null },
        { decision: 'accept', target: 'DER-2016-AFI-01', score: 0.5, reason: null },
        { decision: 'accept', target: '#5', score: 1, reason: null },
        { decision: 'reject', target: '#1', score: 1, reason: null },
      ],
      links: [
        { from: 1, to: 0, type: 'relates_to', score: 0.5, reason: 'Close wording.', decision: 'accept' },
        { from: 5, to: 4, type: 'relates_to', score: 0.5, reason: 'Close wording.', decision: 'accept' },
        { from: 2, to: 3, type: 'cites', score: null, reason: 'Cited after it.', decision: 'reject' },
      ],
    },
  };
}

describe('recordOfImport', () => {
  it('records the report as reviewed, in the inspection held for its force and period (no key given)', () => {
    const record = recordOfImport(anImport(), 'ivy.importer', AT);
    expect(record).toMatchObject({ author: 'ivy.importer', at: AT, importedFrom: 'cleveland.pdf' });
    expect(record.reports).toEqual([
      {
        title: 'PEEL 2025',
        inspectorate: 'HMICFRS',
        type: 'integrated_peel_assessment',
        forceCode: 'CLE',
        period: '2025/26',
        publishedOn: null,
        sourceFile: 'cleveland.pdf',
        sourceUrl: null,
      },
    ]);
  });

  it('records only the accepted judgments, numbered in order, with the pillar their area names', () => {
    expect(recordOfImport(anImport(), 'ivy.importer', AT).judgments).toEqual([
      {
        report: 0,
        pillar: 'effectiveness',
        area: 'Effectiveness of vetting',
        grade: 'adequate',
        lastInspected: '2023',
        position: 0,
      },
    ]);
  });

  it('records accepted findings as new ones or as further sources of the finding matched, keeping each one’s place', () => {
    const { items } = recordOfImport(anImport(), 'ivy.importer', AT);
    expect(items).toEqual([
      {
        finding: {
          kind: 'cause_of_concern',
          title: 'Failure to vet its staff well enough',
          text: 'The force does not vet its staff well enough. It must act.',
          subPoints: ['one', 'two'],
          parent: null,
          theme: 'Vetting',
          sources: [{ report: 0, section: 'Vetting', role: 'origin', position: 0 }],
        },
      },
      expect.objectContaining({
        finding: expect.objectContaining({ kind: 'recommendation', parent: { item: 0 }, theme: NO_THEME }) as unknown,
      }),
      {
        sourceOf: 'CLE-2023-AFI-04',
        source: { report: 0, section: 'Vetting', role: 'also_published_in', position: 2 },
      },
      expect.objectContaining({
        finding: expect.objectContaining({
          kind: 'national_recommendation',
          sources: [{ report: 0, section: 'Vetting', role: 'cited_by', position: 3 }],
        }) as unknown,
      }),
      // Its cause of concern (item 5 of the proposal) was rejected: recorded without a parent.
      expect.objectContaining({
        finding: expect.objectContaining({
          kind: 'recommendation',
          parent: null,
          sources: [{ report: 0, section: 'Vetting', role: 'origin', position: 5 }],
        }) as unknown,
      }),
    ]);
  });

  it('records a match to a national recommendation as the report citing it', () => {
    const row = anImport();
    row.review.findings[3].useMatch = true;
    expect(recordOfImport(row, 'ivy.importer', AT).items[3]).toEqual({
      sourceOf: 'NAT-2022-REC-01',
      source: { report: 0, section: 'Vetting', role: 'cited_by', position: 3 },
    });
  });

  it('records accepted verdicts on accepted items ("#2" is the proposal’s second) or on references', () => {
    expect(recordOfImport(anImport(), 'ivy.importer', AT).assessments).toEqual([
      { finding: { item: 1 }, report: 0, verdict: 'implemented', quote: 'Done.', assessedOn: null },
      {
        finding: { reference: 'DER-2016-AFI-01' },
        report: 0,
        verdict: 'not_implemented',
        quote: 'Not done.',
        assessedOn: null,
      },
    ]);
  });

  it('records the kept links and the reviewer’s between accepted items, saying where they came from', () => {
    expect(recordOfImport(anImport(), 'ivy.importer', AT).links).toEqual([
      {
        from: { item: 1 },
        to: { item: 0 },
        type: 'relates_to',
        reason: 'Close wording. Proposed on import from cleveland.pdf.',
      },
      {
        from: { item: 2 },
        to: { item: 0 },
        type: 'relates_to',
        reason: 'Related at review by ivy.importer on import from cleveland.pdf.',
      },
      {
        from: { item: 2 },
        to: { reference: 'DER-2025-AFI-02' },
        type: 'relates_to',
        reason: 'Related at review by ivy.importer on import from cleveland.pdf.',
      },
    ]);
  });

  it('is not made before the type of report is chosen', () => {
    const row = anImport();
    row.review.report.type = '';
    expect(() => recordOfImport(row, 'ivy.importer', AT)).toThrow('type of report');
  });
});

describe('recordOfImport: the status a board paper states for a finding it quotes', () => {
  /** The import with a status stated for the new area for improvement (item 1) and the matched one (item 3). */
  function aPaper() {
    const row = anImport();
    row.proposal.findings[1] = { ...row.proposal.findings[1], statedStatus: ' Amber ' };
    row.proposal.findings[2] = { ...row.proposal.findings[2], statedStatus: 'Green' };
    row.proposal.findings[3] = { ...row.proposal.findings[3], statedStatus: '' };
    return row;
  }

  it('goes with a new finding, naming this document (report 0) as the paper that states it', () => {
    const [, recommendation] = recordOfImport(aPaper(), 'ivy.importer', AT).items;
    expect(recommendation).toMatchObject({
      finding: { kind: 'recommendation', statedStatus: { status: 'Amber', report: 0 } },
    });
  });

  it('goes with a held finding it was matched to, the paper citing it rather than publishing it again', () => {
    expect(recordOfImport(aPaper(), 'ivy.importer', AT).items[2]).toEqual({
      sourceOf: 'CLE-2023-AFI-04',
      source: { report: 0, section: 'Vetting', role: 'cited_by', position: 2 },
      statedStatus: 'Green',
    });
  });

  it('is left out when the document states none', () => {
    const { items } = recordOfImport(aPaper(), 'ivy.importer', AT);
    expect(items[0]).not.toHaveProperty('finding.statedStatus');
    expect(items[3]).not.toHaveProperty('finding.statedStatus');
  });
});
