import type { Sheet } from './tracker-columns';
import {
  noteText,
  planTrackerImport,
  referenceKey,
  reportNamed,
  type HeldFinding,
  type PlanInput,
} from './tracker-plan';
import { statusTable } from './tracker-status';

const HELD: HeldFinding = {
  id: 1,
  reference: 'ABC-2025-AFI-01',
  statementReference: null,
  kind: 'area_for_improvement',
  text: 'The force should improve how it vets officers who transfer from other forces.',
  status: 'in_progress',
  owner: 'Vetting unit',
  targetDate: '2025-09-30',
  activeEvidence: 0,
  actions: ['Audit transferee files'],
  notes: ['Audit complete.\n\nFrom the tracker spreadsheet t.xlsx (row 2).'],
};

function plan(rows: Sheet['rows'], overrides: Partial<PlanInput> = {}) {
  return planTrackerImport({
    sheet: { name: 'Tracker', rows: [['Ref', 'Text', 'Owner', 'Target', 'Status', 'Update', 'Action'], ...rows] },
    headerRow: 1,
    mapping: { reference: 0, text: 1, owner: 2, targetDate: 3, status: 4, update: 5, action: 6 },
    statusWords: statusTable(null),
    findings: [HELD],
    reports: [],
    decisions: {},
    ...overrides,
  });
}

describe('the plan of a tracker import', () => {
  it('finds nothing to change when the row says what the finding holds', () => {
    const { rows, counts } = plan([
      ['abc 2025 afi 01', null, 'Vetting unit', '30/09/2025', 'Amber', 'Audit complete.', 'Audit transferee files'],
    ]);
    expect(rows[0]).toMatchObject({ outcome: 'unchanged', finding: HELD.reference, matchedBy: 'reference' });
    expect(counts.unchanged).toBe(1);
  });

  it('lists each change, and turns further rows of the same reference into actions', () => {
    const { rows } = plan([
      ['ABC-2025-AFI-01', null, 'Head of PSD', 46112, 'Green', 'New lead appointed.', 'Write the policy'],
      ['ABC-2025-AFI-01', null, null, null, null, null, 'Train the vetting unit'],
      ['ABC-2025-AFI-01', null, 'Someone else', null, null, null, 'Brief the board'],
    ]);
    expect(rows[0].outcome).toBe('update');
    expect(rows[0].changes.map((change) => [change.field, change.from, change.to])).toEqual([
      ['owner', 'Vetting unit', 'Head of PSD'],
      ['targetDate', '2025-09-30', '2026-03-31'],
      ['update', null, 'New lead appointed.'],
      ['action', null, 'Write the policy'],
    ]);
    expect(rows[1]).toMatchObject({ outcome: 'action_row', actionOf: 2 });
    expect(rows[2].outcome).toBe('refused');
    expect(rows[2].refusals).toEqual(['Its owner “Someone else” differs from row 2 for the same finding.']);
  });

  it('matches the same words automatically, and offers near words for confirmation', () => {
    const same = plan([[null, `  ${HELD.text.toUpperCase()} `, null, null, null, null, null]]);
    expect(same.rows[0]).toMatchObject({ outcome: 'unchanged', matchedBy: 'text', score: 1 });
    const near = 'The force should improve how it vets officers who transfer in.';
    const waiting = plan([[null, near, 'Head of PSD', null, null, null, null]]);
    expect(waiting.rows[0]).toMatchObject({ outcome: 'possible_match', finding: HELD.reference });
    expect(waiting.rows[0].score).toBeGreaterThan(0.5);
    expect(waiting.rows[0].score).toBeLessThan(1);
    const confirmed = plan([[null, near, 'Head of PSD', null, null, null, null]], { decisions: { 2: 'same' } });
    expect(confirmed.rows[0]).toMatchObject({ outcome: 'update', matchedBy: 'confirmed' });
    const separate = plan([[null, near, 'Head of PSD', null, null, null, null]], { decisions: { 2: 'new' } });
    expect(separate.rows[0].outcome).toBe('create');
  });

  it('creates a finding from a new row, its status as far as the rules allow', () => {
    const { rows } = plan([
      [
        'R-7',
        'The force should publish its stop and search data monthly.',
        null,
        '2026-01-31',
        'Complete',
        null,
        'Publish',
      ],
      ['R-7', null, null, null, null, null, 'Explain the figures'],
    ]);
    expect(rows[0].outcome).toBe('create');
    expect(rows[0].create).toMatchObject({
      kind: 'area_for_improvement',
      status: 'in_progress',
      targetDate: '2026-01-31',
      actions: [
        expect.objectContaining({ description: 'Publish' }),
        expect.objectContaining({ description: 'Explain the figures' }),
      ],
    });
    expect(rows[0].notes[0]).toContain('needs evidence');
  });

  it('refuses a bad date, an unknown status, a duplicate and a row with nothing to go on, each with its reason', () => {
    const { rows, blankRows } = plan([
      ['R-1', 'The force should do one thing.', null, 'soon', null, null, null],
      [],
      ['R-2', 'The force should do another thing.', null, null, 'Purple', null, null],
      ['R-1', 'The force should do one thing.', null, null, null, null, null],
      ['R-3', null, 'Owner', null, null, null, null],
      [null, HELD.text, null, null, null, null, null],
      [null, HELD.text, null, null, null, null, null],
    ]);
    expect(blankRows).toBe(1);
    expect(rows.map((row) => [row.row, row.outcome, row.refusals])).toEqual([
      [2, 'refused', ['Target date “soon” is not a date: write it as dd/mm/yyyy.']],
      [4, 'refused', ['Status “Purple” is not in the status table: add it to the table below.']],
      [5, 'refused', ['Duplicate: reference R-1 is already on row 2.']],
      [6, 'refused', ['No finding R-3 is held, and the row has no finding text to create it from.']],
      [7, 'unchanged', []],
      [8, 'refused', ['Duplicate: the same text is on row 7.']],
    ]);
  });

  it('compares references without case or separators, and finds a report by title or year', () => {
    expect(referenceKey(' abc_2025 afi.01 ')).toBe('ABC-2025-AFI-01');
    const reports = [
      { key: 'abc-2025-integrity', title: 'Integrity inspection of Abc Police', period: '2024/25', year: 2025 },
      { key: 'abc-2019-peel', title: 'PEEL 2018/19', period: '2018/19', year: 2019 },
    ];
    expect(reportNamed('Integrity 2024/25', reports)?.key).toBe('abc-2025-integrity');
    expect(reportNamed('integrity inspection of abc police', reports)?.key).toBe('abc-2025-integrity');
    expect(reportNamed('Something else', reports)).toBeNull();
  });
});

describe('noteText', () => {
  it('reads a progress note without the line naming the spreadsheet it came from', () => {
    expect(noteText('Ongoing work with the vetting unit.\n\nFrom the tracker spreadsheet t.xlsx (row 5).')).toBe(
      'Ongoing work with the vetting unit.',
    );
    expect(noteText('Written on the page.')).toBe('Written on the page.');
  });

  it('does not take a held note that only begins with the same words for the same note', () => {
    // The held note is "Audit complete.": an update of "Audit" is new, not the note already held.
    const { rows } = plan([['ABC-2025-AFI-01', null, 'Vetting unit', '30/09/2025', 'Amber', 'Audit', null]]);
    expect(rows[0].changes.map((change) => [change.field, change.to])).toEqual([['update', 'Audit']]);
  });
});
