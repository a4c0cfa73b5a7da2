import { addDays, daysBetween, describeAge, formatUkDate, formatUkDateTime, todayIso } from './dates';

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
