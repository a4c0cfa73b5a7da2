import { ageBand, quarterEnds, quarterLabel, statusAt } from './board-pack-maths';

describe('board pack maths', () => {
  it('puts an open finding in its age band', () => {
    expect(ageBand('2025-01-22', '2025-06-01')).toBe('Under 1 year');
    expect(ageBand('2024-01-22', '2025-06-01')).toBe('1 to 2 years');
    expect(ageBand('2019-01-01', '2025-06-01')).toBe('Over 5 years');
  });

  it('replays status changes to find the status on a day', () => {
    const changes = [
      { at: '2025-03-01T10:00:00.000Z', to: 'in_progress' as const },
      { at: '2025-06-01T10:00:00.000Z', to: 'verified_closed' as const },
    ];
    expect(statusAt('2025-01-22', 'not_started', changes, '2025-01-01')).toBeNull();
    expect(statusAt('2025-01-22', 'not_started', changes, '2025-02-01')).toBe('not_started');
    expect(statusAt('2025-01-22', 'not_started', changes, '2025-03-01')).toBe('in_progress');
    expect(statusAt('2025-01-22', 'not_started', changes, '2025-12-31')).toBe('verified_closed');
  });

  it('lists quarter ends up to today', () => {
    expect(quarterEnds('2026-11-23', 3)).toEqual(['2026-03-31', '2026-06-30', '2026-09-30', '2026-11-23']);
    expect(quarterEnds('2026-02-10', 2)).toEqual(['2025-09-30', '2025-12-31', '2026-02-10']);
    expect(quarterLabel('2026-09-30', '2026-11-23')).toBe('Q3 2026');
    expect(quarterLabel('2026-11-23', '2026-11-23')).toBe('Today');
  });
});
