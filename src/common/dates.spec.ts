import {
  addDays,
  daysBetween,
  describeAge,
  formatUkDate,
  formatUkDateTime,
  formatUkDateTimeByTimeZone,
  todayIso,
} from './dates';

describe('dates', () => {
  it('adds days across a month end and a leap day', () => {
    expect(addDays('2025-01-22', 56)).toBe('2025-03-19');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  });

  it('counts whole days between dates', () => {
    expect(daysBetween('2025-01-22', '2025-03-19')).toBe(56);
    expect(daysBetween('2025-03-19', '2025-01-22')).toBe(-56);
  });

  it('formats dates the UK way', () => {
    expect(formatUkDate('2025-01-22')).toBe('22 January 2025');
    expect(formatUkDate(null)).toBe('');
  });

  it('shows timestamps in UK local time, summer and winter', () => {
    expect(formatUkDateTime('2026-07-01T12:00:00.000Z')).toBe('1 July 2026 at 13:00');
    expect(formatUkDateTime('2026-12-01T12:00:00.000Z')).toBe('1 December 2026 at 12:00');
  });

  it('writes every day of the years the same as the UK locale does', () => {
    const byLocale = new Intl.DateTimeFormat('en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
    for (let time = Date.UTC(2012, 0, 1); time < Date.UTC(2032, 0, 1); time += 86_400_000) {
      const day = new Date(time);
      expect(formatUkDate(day.toISOString().slice(0, 10))).toBe(byLocale.format(day));
    }
  });

  it('leaves what is not a day of the calendar, or not a time, to Date and Intl as before', () => {
    expect(formatUkDate('2025-02-30')).toBe('2 March 2025');
    expect(() => formatUkDate('2025-13-01')).toThrow(RangeError);
    expect(() => formatUkDateTime('not a time')).toThrow(RangeError);
  });

  it('changes the clocks when the UK does: 01:00 UTC on the last Sundays of March and October', () => {
    expect(formatUkDateTime('2026-03-29T00:59:00.000Z')).toBe('29 March 2026 at 00:59');
    expect(formatUkDateTime('2026-03-29T01:00:00.000Z')).toBe('29 March 2026 at 02:00');
    expect(formatUkDateTime('2026-10-25T00:59:00.000Z')).toBe('25 October 2026 at 01:59');
    expect(formatUkDateTime('2026-10-25T01:00:00.000Z')).toBe('25 October 2026 at 01:00');
    expect(formatUkDateTime('2026-12-31T23:30:00.000Z')).toBe('31 December 2026 at 23:30');
    expect(formatUkDateTime('2026-06-30T23:30:00.000Z')).toBe('1 July 2026 at 00:30');
  });

  it('agrees with the time zone database: every 7 hours from 2000 to 2040, every half hour near each change', () => {
    const differing: string[] = [];
    const compare = (time: number) => {
      const moment = new Date(time);
      if (formatUkDateTime(moment.toISOString()) !== formatUkDateTimeByTimeZone(moment)) {
        differing.push(moment.toISOString());
      }
    };
    for (let time = Date.UTC(2000, 0, 1, 0, 17); time < Date.UTC(2040, 0, 1); time += 7 * 3_600_000) {
      compare(time);
    }
    for (let year = 1996; year < 2100; year += 1) {
      for (const month of [2, 9]) {
        // The last week of March and of October, every half hour.
        for (let time = Date.UTC(year, month, 24); time < Date.UTC(year, month + 1, 1); time += 1_800_000) {
          compare(time);
        }
      }
    }
    expect(differing).toEqual([]);
    expect(formatUkDateTime('1990-07-01T12:00:00.000Z')).toBe('1 July 1990 at 13:00');
  });

  it('describes ages in years and months', () => {
    expect(describeAge(10)).toBe('10 days');
    expect(describeAge(400)).toBe('1 year 1 month');
    expect(describeAge(365 * 9)).toBe('8 years 11 months');
  });
});

describe('todayIso', () => {
  it('is the date in the UK: the next day already between midnight and 1 a.m. in summer time', () => {
    expect(todayIso(new Date('2026-07-01T23:30:00Z'))).toBe('2026-07-02');
    expect(todayIso(new Date('2026-07-01T22:59:00Z'))).toBe('2026-07-01');
    expect(todayIso(new Date('2026-01-01T23:30:00Z'))).toBe('2026-01-01');
  });
});
