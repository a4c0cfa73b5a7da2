import {
  assembleBoardPack,
  type BoardPackData,
  type PackAction,
  type PackEvidence,
  type PackFinding,
  type PackNationalAssessment,
  type PackReport,
  type PackUpdate,
} from './assemble-board-pack';

const TODAY = '2026-11-23';

const PEEL: PackFinding['report'] = { title: 'PEEL 2023–25', period: '2025', publishedOn: '2025-06-20' };

function finding(id: number, overrides: Partial<PackFinding> = {}): PackFinding {
  return {
    id,
    reference: `TST-2025-AFI-${String(id).padStart(2, '0')}`,
    title: `Finding ${id}`,
    kind: 'area_for_improvement',
    year: 2025,
    owner: 'Head of Custody',
    status: 'in_progress',
    targetDate: '2027-06-30',
    report: PEEL,
    ...overrides,
  };
}

function update(findingId: number, createdAt: string, overrides: Partial<PackUpdate> = {}): PackUpdate {
  return {
    findingId,
    type: 'progress_note',
    fromValue: null,
    toValue: null,
    commentary: null,
    author: 'Sam Smith',
    createdAt,
    ...overrides,
  };
}

function statusChange(findingId: number, createdAt: string, from: string, to: string): PackUpdate {
  return update(findingId, createdAt, { type: 'status_change', fromValue: from, toValue: to });
}

function evidence(findingId: number, overrides: Partial<PackEvidence> = {}): PackEvidence {
  return {
    findingId,
    title: 'Action plan',
    kind: 'file',
    reviewState: 'accepted',
    fileName: 'plan.pdf',
    sha256: 'a'.repeat(64),
    withdrawnAt: null,
    ...overrides,
  };
}

function action(findingId: number, overrides: Partial<PackAction> = {}): PackAction {
  return {
    findingId,
    description: `Action for ${findingId}`,
    owner: 'Head of Custody',
    dueDate: '2026-10-01',
    status: 'in_progress',
    ...overrides,
  };
}

function report(overrides: Partial<PackReport> = {}): PackReport {
  return {
    title: 'PEEL 2023–25',
    period: '2025',
    forceId: 1,
    type: 'integrated_peel_assessment',
    publishedOn: '2025-06-20',
    pccResponsePublishedOn: null,
    pccResponseUrl: null,
    ...overrides,
  };
}

function assessment(findingId: number, overrides: Partial<PackNationalAssessment> = {}): PackNationalAssessment {
  return {
    findingId,
    verdict: 'partially_implemented',
    quote: null,
    assessedOn: '2025-06-20',
    createdAt: '2025-07-01T10:00:00.000Z',
    recordedBy: 'Iris Inspector',
    report: null,
    ...overrides,
  };
}

function packData(overrides: Partial<BoardPackData> = {}): BoardPackData {
  return {
    force: { code: 'TST', name: 'Test Constabulary' },
    parameters: { force: 'TST', since: null, until: TODAY, staleDays: 90 },
    findings: [],
    updates: [],
    actions: [],
    evidence: [],
    verifications: [],
    forceReports: [],
    nationalRecommendations: [],
    nationalAssessments: [],
    auditHead: { id: 7, hash: 'f'.repeat(64) },
    generatedAt: '2026-11-23T09:15:00.000Z',
    generatedBy: 'Carys Jones',
    ...overrides,
  };
}

describe('assembleBoardPack', () => {
  it('describes the pack: title, force, scope in words, period and who made it, from the data alone', () => {
    const data = packData({
      parameters: {
        force: 'TST',
        report: 'tst-2025-peel',
        theme: 'vetting',
        kind: 'recommendation',
        owner: 'Head of Custody',
        since: '2026-08-01',
        until: TODAY,
        staleDays: 60,
      },
    });
    const pack = assembleBoardPack(data);
    expect(pack.meta).toEqual({
      title: 'Progress on inspection findings: Test Constabulary',
      classification: 'OFFICIAL',
      force: { code: 'TST', name: 'Test Constabulary' },
      scope: ['Report: tst-2025-peel', 'Theme: vetting', 'Kind: Recommendation', 'Owner: Head of Custody'],
      since: '2026-08-01',
      staleDays: 60,
      generatedAt: '2026-11-23T09:15:00.000Z',
      generatedBy: 'Carys Jones',
      auditHead: { id: 7, hash: 'f'.repeat(64) },
    });
    expect(assembleBoardPack(packData()).meta.scope).toEqual(['Kind: formal findings (observations excluded)']);
    expect(assembleBoardPack(data)).toEqual(pack);
  });

  it('counts the findings by status, and those open', () => {
    const pack = assembleBoardPack(
      packData({
        findings: [
          finding(1, { status: 'not_started' }),
          finding(2, { status: 'in_progress' }),
          finding(3, { status: 'in_progress' }),
          finding(4, { status: 'implemented' }),
          finding(5, { status: 'verified_closed' }),
          finding(6, { status: 'superseded' }),
        ],
      }),
    );
    expect(pack.summary.total).toBe(6);
    expect(pack.summary.open).toBe(4);
    expect(pack.summary.byStatus).toEqual([
      { key: 'not_started', label: 'Not started', count: 1 },
      { key: 'in_progress', label: 'In progress', count: 2 },
      { key: 'implemented', label: 'Implemented – awaiting verification', count: 1 },
      { key: 'verified_closed', label: 'Verified closed', count: 1 },
      { key: 'superseded', label: 'Superseded', count: 1 },
    ]);
  });

  it('rates each finding (RAG) from its status, target date and latest update, and counts the ratings', () => {
    const pack = assembleBoardPack(
      packData({
        findings: [
          finding(1, { targetDate: '2026-11-01' }), // past its target date
          finding(2), // no update for 90 days or more
          finding(3, { targetDate: null }), // no target date
          finding(4), // on track
          finding(5, { status: 'implemented' }),
          finding(6, { status: 'superseded' }),
        ],
        updates: [
          update(1, '2026-11-20T10:00:00.000Z'),
          update(2, '2026-08-25T10:00:00.000Z'),
          update(3, '2026-11-20T10:00:00.000Z'),
          update(4, '2026-11-01T10:00:00.000Z', { commentary: 'Training booked' }),
          update(4, '2026-11-20T10:00:00.000Z', { commentary: 'Policy published' }),
        ],
      }),
    );
    expect(pack.appendix.map((row) => row.ragLabel)).toEqual(['Red', 'Red', 'Amber', 'Green', 'Green', null]);
    expect(pack.summary.byRag).toEqual([
      { key: 'red', label: 'Red', count: 2 },
      { key: 'amber', label: 'Amber', count: 1 },
      { key: 'green', label: 'Green', count: 2 },
      { key: 'none', label: 'Not rated', count: 1 },
    ]);
    expect(pack.appendix[3]).toEqual({
      reference: 'TST-2025-AFI-04',
      title: 'Finding 4',
      kindLabel: 'Area for improvement',
      report: 'PEEL 2023–25 (2025)',
      owner: 'Head of Custody',
      statusLabel: 'In progress',
      targetDate: '2027-06-30',
      ragLabel: 'Green',
      overdue: false,
      latestUpdate: '20 November 2026: Progress note: Policy published',
    });
    expect(pack.appendix[4].latestUpdate).toBeNull();
  });

  it('lists what changed since the last pack: status, target date and board decisions, not notes', () => {
    const pack = assembleBoardPack(
      packData({
        parameters: { force: 'TST', since: '2026-09-01T12:00:00.000Z', until: TODAY, staleDays: 90 },
        findings: [finding(1), finding(2, { status: 'implemented' })],
        updates: [
          statusChange(1, '2026-09-01T11:59:59.000Z', 'not_started', 'in_progress'), // before the last pack
          statusChange(2, '2026-09-02T10:00:00.000Z', 'in_progress', 'implemented'),
          update(1, '2026-09-03T10:00:00.000Z', { commentary: 'Progress' }),
          update(1, '2026-10-14T10:00:00.000Z', {
            type: 'target_date_change',
            fromValue: null,
            toValue: '2027-06-30',
          }),
          update(2, '2026-11-12T18:00:00.000Z', { type: 'board_decision', toValue: 'approved to close' }),
        ],
      }),
    );
    expect(pack.summary.changes).toEqual([
      '2 September 2026: TST-2025-AFI-02 In progress → Implemented – awaiting verification',
      '14 October 2026: TST-2025-AFI-01 target date none → 30 June 2027',
      '12 November 2026: TST-2025-AFI-02 board decision: approved to close',
    ]);
  });

  it('charts findings by status for each year of their origin report (the finding’s year, not the publication date)', () => {
    const pack = assembleBoardPack(
      packData({
        findings: [
          finding(1, { year: 2021, report: { title: 'PEEL 2021/22', period: '2021/22', publishedOn: '2022-04-01' } }),
          finding(2, { year: 2025, status: 'verified_closed' }),
          finding(3, { year: 2025 }),
        ],
      }),
    );
    expect(pack.charts.statusByYear.categories).toEqual(['2021', '2025']);
    expect(pack.charts.statusByYear.series.map((series) => [series.key, series.values])).toEqual([
      ['not_started', [0, 0]],
      ['in_progress', [1, 1]],
      ['implemented', [0, 0]],
      ['verified_closed', [0, 1]],
      ['superseded', [0, 0]],
    ]);
  });

  it('charts open findings by age from their report’s publication (or the start of its year) and by owner', () => {
    const pack = assembleBoardPack(
      packData({
        findings: [
          finding(1, { report: { ...PEEL, publishedOn: '2026-06-01' } }),
          finding(2, { report: { ...PEEL, publishedOn: '2025-06-01' }, owner: null }),
          finding(3, { report: { ...PEEL, publishedOn: null }, year: 2022 }),
          finding(4, { report: { ...PEEL, publishedOn: '2019-01-01' }, owner: 'ACC Local Policing' }),
          finding(5, { report: { ...PEEL, publishedOn: '2019-01-01' }, status: 'verified_closed' }),
        ],
      }),
    );
    expect(pack.charts.openByAgeBand).toEqual([
      { label: 'Under 1 year', count: 1 },
      { label: '1 to 2 years', count: 1 },
      { label: '2 to 5 years', count: 1 },
      { label: 'Over 5 years', count: 1 },
    ]);
    expect(pack.charts.openByOwner).toEqual([
      { label: 'Head of Custody', count: 2 },
      { label: 'ACC Local Policing', count: 1 },
      { label: 'No owner', count: 1 },
    ]);
  });

  it('charts open findings at each quarter end by replaying their status changes (statusAt)', () => {
    const pack = assembleBoardPack(
      packData({
        findings: [
          // Open throughout.
          finding(1, { report: { ...PEEL, publishedOn: '2024-01-10' } }),
          // Closed on 10 May 2026: open up to Q1 2026, not after.
          finding(2, { report: { ...PEEL, publishedOn: '2024-01-10' }, status: 'verified_closed' }),
          // Published in August 2026: not in the chart before.
          finding(3, { report: { ...PEEL, publishedOn: '2026-08-15' }, status: 'not_started' }),
          // Superseded in 2025, then reopened in October 2026.
          finding(4, { report: { ...PEEL, publishedOn: '2024-01-10' } }),
        ],
        updates: [
          statusChange(2, '2025-02-01T10:00:00.000Z', 'not_started', 'in_progress'),
          statusChange(2, '2026-05-10T10:00:00.000Z', 'in_progress', 'verified_closed'),
          statusChange(4, '2025-07-01T10:00:00.000Z', 'not_started', 'superseded'),
          statusChange(4, '2026-10-02T10:00:00.000Z', 'superseded', 'in_progress'),
        ],
      }),
    );
    expect(pack.charts.openTrend).toEqual([
      { label: 'Q1 2025', count: 3 },
      { label: 'Q2 2025', count: 3 },
      { label: 'Q3 2025', count: 2 },
      { label: 'Q4 2025', count: 2 },
      { label: 'Q1 2026', count: 2 },
      { label: 'Q2 2026', count: 1 },
      { label: 'Q3 2026', count: 2 },
      { label: 'Today', count: 3 },
    ]);
    expect(pack.charts.openTrend.at(-1)!.count).toBe(pack.summary.open);
  });

  it('lists overdue findings and overdue actions (not done, due before today)', () => {
    const pack = assembleBoardPack(
      packData({
        findings: [
          finding(1, { targetDate: '2026-11-22' }),
          finding(2, { targetDate: TODAY }),
          finding(3, { targetDate: '2026-01-01', status: 'implemented' }),
        ],
        actions: [
          action(1, { dueDate: '2026-09-30', description: 'Publish the policy', owner: null }),
          action(1, { dueDate: '2026-10-01', status: 'done' }),
          action(2, { dueDate: TODAY }),
          action(2, { dueDate: null }),
          action(3, { dueDate: '2026-11-01', status: 'not_started' }),
        ],
      }),
    );
    expect(pack.overdueFindings.map((row) => [row.reference, row.overdue])).toEqual([['TST-2025-AFI-01', true]]);
    expect(pack.overdueActions).toEqual([
      {
        reference: 'TST-2025-AFI-01',
        description: 'Publish the policy',
        owner: null,
        dueDate: '2026-09-30',
        statusLabel: 'In progress',
      },
      {
        reference: 'TST-2025-AFI-03',
        description: 'Action for 3',
        owner: 'Head of Custody',
        dueDate: '2026-11-01',
        statusLabel: 'Not started',
      },
    ]);
  });

  it('lists open findings with no update for the stale period, with their last update', () => {
    const pack = assembleBoardPack(
      packData({
        parameters: { force: 'TST', since: null, until: TODAY, staleDays: 30 },
        findings: [
          finding(1),
          finding(2),
          finding(3),
          finding(4, { status: 'verified_closed' }),
          finding(5, { status: 'implemented' }),
        ],
        updates: [
          update(1, '2026-10-24T23:00:00.000Z'), // 30 days before today: stale
          update(2, '2026-10-25T08:00:00.000Z'),
          update(4, '2025-01-01T08:00:00.000Z'),
        ],
      }),
    );
    expect(pack.staleFindings.map((row) => [row.reference, row.lastUpdateAt])).toEqual([
      ['TST-2025-AFI-01', '2026-10-24T23:00:00.000Z'],
      ['TST-2025-AFI-03', null],
      ['TST-2025-AFI-05', null],
    ]);
  });

  it('lists claims awaiting verification with the evidence still offered', () => {
    const pack = assembleBoardPack(
      packData({
        findings: [finding(1, { status: 'implemented' }), finding(2), finding(3, { status: 'implemented' })],
        evidence: [
          evidence(1),
          evidence(1, { title: 'Withdrawn plan', withdrawnAt: '2026-10-01T10:00:00.000Z' }),
          evidence(1, { title: 'Minutes', kind: 'note', reviewState: 'submitted', fileName: null, sha256: null }),
          evidence(2),
        ],
      }),
    );
    expect(pack.awaitingVerification.map((row) => [row.reference, row.evidence])).toEqual([
      [
        'TST-2025-AFI-01',
        [
          {
            title: 'Action plan',
            kindLabel: 'File',
            reviewLabel: 'Accepted',
            fileName: 'plan.pdf',
            sha256: 'a'.repeat(64),
          },
          { title: 'Minutes', kindLabel: 'Note', reviewLabel: 'Submitted', fileName: null, sha256: null },
        ],
      ],
      ['TST-2025-AFI-03', []],
    ]);
  });

  it('lists findings verified since the last pack, not rejected claims', () => {
    const data = packData({
      parameters: { force: 'TST', since: '2026-08-01', until: TODAY, staleDays: 90 },
      findings: [
        finding(1, { status: 'verified_closed' }),
        finding(2, { status: 'verified_closed' }),
        finding(3, { status: 'in_progress' }),
      ],
      evidence: [evidence(2)],
      verifications: [
        { findingId: 1, decision: 'verified', decidedBy: 'HM Inspector A', decidedAt: '2026-07-31T16:00:00.000Z' },
        { findingId: 3, decision: 'rejected', decidedBy: 'HM Inspector A', decidedAt: '2026-08-20T10:00:00.000Z' },
        { findingId: 2, decision: 'verified', decidedBy: 'HM Inspector B', decidedAt: '2026-09-01T10:00:00.000Z' },
      ],
    });
    const pack = assembleBoardPack(data);
    expect(pack.verifiedSince).toEqual([
      {
        ...pack.appendix[1],
        verifiedAt: '2026-09-01T10:00:00.000Z',
        verifiedBy: 'HM Inspector B',
        evidence: [
          {
            title: 'Action plan',
            kindLabel: 'File',
            reviewLabel: 'Accepted',
            fileName: 'plan.pdf',
            sha256: 'a'.repeat(64),
          },
        ],
      },
    ]);
    const sinceEver = assembleBoardPack({ ...data, parameters: { ...data.parameters, since: null } });
    expect(sinceEver.verifiedSince.map((row) => row.reference)).toEqual(['TST-2025-AFI-01', 'TST-2025-AFI-02']);
  });

  it('lists the national recommendations this force has not implemented, with the latest assessment', () => {
    const national = (id: number, reference: string, status: PackFinding['status'] = 'not_started') => ({
      id,
      reference,
      title: `National ${reference}`,
      status,
    });
    const pack = assembleBoardPack(
      packData({
        nationalRecommendations: [
          national(101, 'NAT-2017-REC-01'),
          national(102, 'NAT-2022-REC-01'),
          national(103, 'NAT-2022-REC-02'),
          national(104, 'NAT-2022-REC-03', 'verified_closed'),
          national(105, 'NAT-2023-REC-01'),
        ],
        nationalAssessments: [
          assessment(102, { verdict: 'not_implemented', assessedOn: '2023-05-01' }),
          assessment(102, {
            verdict: 'partially_implemented',
            assessedOn: '2025-06-20',
            quote: 'Aftercare is not yet in place.',
            report: { title: 'PEEL 2023–25', period: '2025' },
          }),
          assessment(103, { verdict: 'implemented' }),
          assessment(105, { verdict: 'not_implemented', recordedBy: 'Iris Inspector' }),
        ],
      }),
    );
    expect(pack.nationalUnimplemented).toEqual([
      {
        reference: 'NAT-2017-REC-01',
        title: 'National NAT-2017-REC-01',
        verdictLabel: 'Not yet assessed',
        quote: null,
        assessedBy: null,
      },
      {
        reference: 'NAT-2022-REC-01',
        title: 'National NAT-2022-REC-01',
        verdictLabel: 'Partially implemented',
        quote: 'Aftercare is not yet in place.',
        assessedBy: 'PEEL 2023–25 (2025)',
      },
      {
        reference: 'NAT-2023-REC-01',
        title: 'National NAT-2023-REC-01',
        verdictLabel: 'Not implemented',
        quote: null,
        assessedBy: 'Iris Inspector',
      },
    ]);
  });

  it('lists target dates moved since the last pack (slippage)', () => {
    const pack = assembleBoardPack(
      packData({
        parameters: { force: 'TST', since: '2026-08-01', until: TODAY, staleDays: 90 },
        findings: [finding(1), finding(2)],
        updates: [
          update(1, '2026-07-01T10:00:00.000Z', { type: 'target_date_change', fromValue: null, toValue: '2026-12-31' }),
          update(2, '2026-10-14T10:00:00.000Z', {
            type: 'target_date_change',
            fromValue: '2026-03-31',
            toValue: '2027-06-30',
            commentary: 'Records system delayed',
            author: 'ACC Local Policing',
          }),
        ],
      }),
    );
    expect(pack.slippage).toEqual([
      {
        reference: 'TST-2025-AFI-02',
        title: 'Finding 2',
        from: '2026-03-31',
        to: '2027-06-30',
        reason: 'Records system delayed',
        changedAt: '2026-10-14T10:00:00.000Z',
        changedBy: 'ACC Local Policing',
      },
    ]);
  });

  it('queues claims for the board’s sign-off with its latest decision', () => {
    const pack = assembleBoardPack(
      packData({
        findings: [finding(1, { status: 'implemented' }), finding(2, { status: 'implemented' }), finding(3)],
        updates: [
          update(1, '2026-10-01T10:00:00.000Z', { type: 'board_decision', toValue: 'returned' }),
          update(1, '2026-11-12T10:00:00.000Z', {
            type: 'board_decision',
            toValue: 'approved to close',
            commentary: 'subject to audit',
          }),
          update(1, '2026-11-13T10:00:00.000Z', { commentary: 'Audit booked' }),
        ],
      }),
    );
    expect(pack.signOffQueue.map((row) => [row.reference, row.boardDecision])).toEqual([
      ['TST-2025-AFI-01', 'approved to close: subject to audit (12 November 2026)'],
      ['TST-2025-AFI-02', null],
    ]);
  });

  it('lists the section 55 PCC responses due or overdue', () => {
    const pack = assembleBoardPack(
      packData({
        forceReports: [
          report({ title: 'Published one', publishedOn: '2025-01-10', pccResponsePublishedOn: '2025-02-20' }),
          report({ title: 'Overdue one', period: '2025', publishedOn: '2025-06-20' }),
          report({ title: 'Press release', type: 'press_release', publishedOn: '2026-10-01' }),
          report({ title: 'Due one', period: '2026', publishedOn: '2026-09-30' }),
          report({ title: 'Undated', publishedOn: null }),
        ],
      }),
    );
    expect(pack.pccResponses).toEqual([
      { report: 'Overdue one (2025)', publishedOn: '2025-06-20', dueOn: '2025-08-15', stateLabel: 'Overdue' },
      { report: 'Due one (2026)', publishedOn: '2026-09-30', dueOn: '2026-11-25', stateLabel: 'Due' },
    ]);
  });

  it('ends with every finding in scope, in the order given', () => {
    const findings = [finding(3), finding(1, { kind: 'cause_of_concern' }), finding(2, { status: 'superseded' })];
    const pack = assembleBoardPack(packData({ findings }));
    expect(pack.appendix.map((row) => [row.reference, row.kindLabel, row.statusLabel])).toEqual([
      ['TST-2025-AFI-03', 'Area for improvement', 'In progress'],
      ['TST-2025-AFI-01', 'Cause of concern', 'In progress'],
      ['TST-2025-AFI-02', 'Area for improvement', 'Superseded'],
    ]);
    expect(assembleBoardPack(packData())).toMatchObject({
      summary: { total: 0, open: 0, changes: [] },
      charts: { statusByYear: { categories: [] }, openByOwner: [] },
      appendix: [],
    });
  });
});
