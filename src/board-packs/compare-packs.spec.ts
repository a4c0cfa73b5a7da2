import type { BoardPack, BoardPackRow } from './board-pack.types';
import { comparePacks } from './compare-packs';

function row(reference: string, overrides: Partial<BoardPackRow> = {}): BoardPackRow {
  return {
    reference,
    title: `Finding ${reference}`,
    kindLabel: 'Area for improvement',
    report: 'PEEL 2025',
    owner: 'Head of Custody',
    statusLabel: 'In progress',
    targetDate: '2027-06-30',
    ragLabel: 'Amber',
    overdue: false,
    latestUpdate: null,
    ...overrides,
  };
}

function pack(appendix: BoardPackRow[]): BoardPack {
  return {
    meta: {
      title: 'Board pack',
      classification: 'OFFICIAL',
      force: { code: 'TST', name: 'Test Constabulary' },
      scope: [],
      since: null,
      staleDays: 90,
      generatedAt: '2026-11-23T10:00:00.000Z',
      generatedBy: 'lead',
      auditHead: null,
    },
    summary: { total: appendix.length, open: appendix.length, byStatus: [], byRag: [], changes: [] },
    charts: { statusByYear: { categories: [], series: [] }, openByAgeBand: [], openByOwner: [], openTrend: [] },
    overdueFindings: [],
    overdueActions: [],
    staleFindings: [],
    awaitingVerification: [],
    verifiedSince: [],
    nationalUnimplemented: [],
    slippage: [],
    signOffQueue: [],
    pccResponses: [],
    appendix,
  };
}

describe('comparePacks', () => {
  it('reports RAG ratings that changed, were set or were cleared, and not those that stayed', () => {
    const before = pack([
      row('TST-01', { ragLabel: 'Amber' }),
      row('TST-02', { ragLabel: null }),
      row('TST-03', { ragLabel: 'Red' }),
      row('TST-04', { ragLabel: 'Green' }),
    ]);
    const after = pack([
      row('TST-01', { ragLabel: 'Red' }),
      row('TST-02', { ragLabel: 'Green' }),
      row('TST-03', { ragLabel: null }),
      row('TST-04', { ragLabel: 'Green' }),
    ]);
    expect(comparePacks(before, after).ragChanged).toEqual([
      { reference: 'TST-01', title: 'Finding TST-01', from: 'Amber', to: 'Red' },
      { reference: 'TST-02', title: 'Finding TST-02', from: null, to: 'Green' },
      { reference: 'TST-03', title: 'Finding TST-03', from: 'Red', to: null },
    ]);
  });

  it('does not report a RAG change for a finding added or removed', () => {
    const comparison = comparePacks(
      pack([row('TST-01', { ragLabel: 'Red' })]),
      pack([row('TST-02', { ragLabel: 'Green' })]),
    );
    expect(comparison.ragChanged).toEqual([]);
    expect(comparison.added.map((r) => r.reference)).toEqual(['TST-02']);
    expect(comparison.removed.map((r) => r.reference)).toEqual(['TST-01']);
  });

  it('keeps status moves and RAG changes apart', () => {
    const comparison = comparePacks(
      pack([row('TST-01', { statusLabel: 'Not started', ragLabel: 'Red' })]),
      pack([row('TST-01', { statusLabel: 'In progress', ragLabel: 'Red' })]),
    );
    expect(comparison.moved).toEqual([
      { reference: 'TST-01', title: 'Finding TST-01', from: 'Not started', to: 'In progress' },
    ]);
    expect(comparison.ragChanged).toEqual([]);
  });
});
