import { serialDate, textDate, trackerDate } from './tracker-dates';

describe('dates in a tracker spreadsheet', () => {
  it('reads Excel serial numbers (the 1900 date system)', () => {
    expect(serialDate(45838)).toBe('2025-06-30');
    expect(serialDate(45839)).toBe('2025-07-01');
    expect(serialDate(45658)).toBe('2025-01-01');
    expect(serialDate(45839.75)).toBe('2025-07-01');
    expect(serialDate(12)).toBeNull();
    expect(serialDate(2025)).toBeNull();
  });

  it('reads UK day-first text, with slashes, dashes or dots and two-digit years', () => {
    expect(textDate('31/03/2025')).toBe('2025-03-31');
    expect(textDate('1/4/2025')).toBe('2025-04-01');
    expect(textDate('01-04-25')).toBe('2025-04-01');
    expect(textDate('01.04.2025')).toBe('2025-04-01');
    expect(textDate('05/06/2025 00:00')).toBe('2025-06-05');
  });

  it('reads ISO dates and timestamps, and written months', () => {
    expect(textDate('2025-03-31')).toBe('2025-03-31');
    expect(textDate('2025-03-31T00:00:00.000Z')).toBe('2025-03-31');
    expect(textDate('31 March 2025')).toBe('2025-03-31');
    expect(textDate('1st Sept 2025')).toBe('2025-09-01');
    expect(textDate('3 Mar 2026')).toBe('2026-03-03');
  });

  it('refuses days that do not exist and words that are not dates', () => {
    expect(textDate('31/02/2025')).toBeNull();
    expect(textDate('13/13/2025')).toBeNull();
    expect(textDate('2025-02-30')).toBeNull();
    expect(textDate('end of March')).toBeNull();
    expect(textDate('Q3 2025')).toBeNull();
    expect(textDate('31 Smarch 2025')).toBeNull();
  });

  it('reads a cell: empty is no date, a Date cell is its day, anything else must be a date', () => {
    expect(trackerDate(null)).toEqual({ ok: true, date: null });
    expect(trackerDate('  ')).toEqual({ ok: true, date: null });
    expect(trackerDate(new Date(Date.UTC(2025, 5, 30)))).toEqual({ ok: true, date: '2025-06-30' });
    expect(trackerDate(45839)).toEqual({ ok: true, date: '2025-07-01' });
    expect(trackerDate('45839')).toEqual({ ok: true, date: '2025-07-01' });
    expect(trackerDate('TBC')).toEqual({ ok: false });
    expect(trackerDate(true)).toEqual({ ok: false });
  });
});
