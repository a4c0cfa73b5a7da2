import { defaultPolicy, describeSchedule, isDigestDue, periodDays } from './digest-schedule';

describe('isDigestDue', () => {
  const daily = { cadence: 'daily' as const, weekday: null, hour: 7 };
  const mondays = { cadence: 'weekly' as const, weekday: 1, hour: 9 };

  it('makes a daily digest due from its hour each day', () => {
    expect(isDigestDue(daily, { day: '2026-03-20', hour: 6, weekday: 5 })).toBe(false);
    expect(isDigestDue(daily, { day: '2026-03-20', hour: 7, weekday: 5 })).toBe(true);
    expect(isDigestDue(daily, { day: '2026-03-21', hour: 23, weekday: 6 })).toBe(true);
  });

  it('makes a weekly digest due from its hour on its weekday only', () => {
    expect(isDigestDue(mondays, { day: '2026-03-23', hour: 8, weekday: 1 })).toBe(false);
    expect(isDigestDue(mondays, { day: '2026-03-23', hour: 9, weekday: 1 })).toBe(true);
    expect(isDigestDue(mondays, { day: '2026-03-24', hour: 9, weekday: 2 })).toBe(false);
    expect(isDigestDue(mondays, { day: '2026-03-22', hour: 12, weekday: 7 })).toBe(false);
  });
});

describe('the schedule in words and its defaults', () => {
  it('says when digests go', () => {
    expect(describeSchedule({ cadence: 'daily', weekday: null, hour: 7 })).toBe('Daily at 07:00');
    expect(describeSchedule({ cadence: 'weekly', weekday: 7, hour: 18 })).toBe('Weekly on Sunday at 18:00');
  });

  it('is daily at the digest hour with titles unless the organisation chose otherwise', () => {
    expect(defaultPolicy(6)).toEqual({ cadence: 'daily', weekday: null, hour: 6, emailDetail: 'titles' });
    expect(periodDays('daily')).toBe(1);
    expect(periodDays('weekly')).toBe(7);
  });
});
