import { ROLE_VALUES } from '../access/roles';
import { forceCounts, missingAssignment, noTeamNotice } from './force-overview';

describe('forceCounts', () => {
  const counts = forceCounts(
    [
      { owner: 'Head of crime', status: 'in_progress', count: 3, overdue: 1 },
      { owner: 'Head of crime', status: 'implemented', count: 2, overdue: 0 },
      { owner: 'Head of crime', status: 'verified_closed', count: 4, overdue: 0 },
      { owner: 'Force vetting unit (FVU)', status: 'not_started', count: 1, overdue: 1 },
      { owner: 'Force vetting unit (FVU)', status: 'in_progress', count: 1, overdue: 1 },
      { owner: null, status: 'not_started', count: 2, overdue: 0 },
      { owner: 'Closed team', status: 'superseded', count: 1, overdue: 0 },
    ],
    [
      { owner: 'Vetting manager', overdue: 2 },
      { owner: 'Head of crime', overdue: 1 },
    ],
  );

  it('lists each owner with open findings or overdue actions, most overdue first, without an owner last', () => {
    expect(counts.owners.map((line) => [line.label, line.open, line.overdueFindings, line.overdueActions])).toEqual([
      ['Force vetting unit (FVU)', 2, 2, 0],
      ['Head of crime', 5, 1, 1],
      ['Vetting manager', 0, 0, 2],
      ['No owner', 2, 0, 0],
    ]);
  });

  it('counts each owner’s open findings by status and links to the list filtered by owner', () => {
    const crime = counts.owners.find((line) => line.owner === 'Head of crime')!;
    expect(crime.byStatus).toEqual([
      { status: 'not_started', label: 'Not started', count: 0 },
      { status: 'in_progress', label: 'In progress', count: 3 },
      { status: 'implemented', label: 'Implemented – awaiting verification', count: 2 },
    ]);
    expect(crime.href).toBe('/findings?owner=Head+of+crime');
    expect(counts.owners.find((line) => line.owner === null)!.href).toBeNull();
  });

  it('counts every status, closed ones too, with a link to the list filtered by status', () => {
    expect(counts.byStatus.map((entry) => [entry.status, entry.count, entry.href])).toEqual([
      ['not_started', 3, '/findings?status=not_started'],
      ['in_progress', 4, '/findings?status=in_progress'],
      ['implemented', 2, '/findings?status=implemented'],
      ['verified_closed', 4, '/findings?status=verified_closed'],
      ['superseded', 1, '/findings?status=superseded'],
    ]);
    expect([counts.total, counts.open, counts.overdueFindings, counts.overdueActions]).toEqual([14, 9, 3, 3]);
  });

  it('treats a blank owner as no owner, and has nothing to list for a force with no findings', () => {
    expect(forceCounts([{ owner: ' ', status: 'in_progress', count: 1, overdue: 0 }], []).owners[0].label).toBe(
      'No owner',
    );
    const empty = forceCounts([], []);
    expect([empty.owners, empty.total, empty.open]).toEqual([[], 0, 0]);
  });
});

describe('noTeamNotice', () => {
  it('tells staff to ask their lead, and does not tell a lead to ask themselves', () => {
    expect(noTeamNotice('force_staff')).toContain('Ask your force lead or an administrator');
    expect(noTeamNotice('force_lead')).not.toContain('force lead');
    expect(noTeamNotice('force_lead')).toContain('your force’s work is shown below');
  });

  it('does not send inspectors or administrators to a force lead', () => {
    for (const role of ['inspector', 'administrator'] as const) {
      expect(noTeamNotice(role)).not.toContain('force lead');
    }
    for (const role of ROLE_VALUES) {
      expect(noTeamNotice(role)).not.toBe('');
    }
  });
});

describe('missingAssignment', () => {
  it('says what a lead still has to set', () => {
    expect(missingAssignment({ owner: null, targetDate: '2026-01-01' })).toBe('no owner');
    expect(missingAssignment({ owner: 'PSD', targetDate: null })).toBe('no target date');
    expect(missingAssignment({ owner: null, targetDate: null })).toBe('no owner, no target date');
  });
});
