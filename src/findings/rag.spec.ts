import { isActionOverdue, isOverdue, ragRating } from './rag';

const today = '2026-06-01';

describe('isOverdue', () => {
  it('is overdue only when open and past the target date', () => {
    expect(isOverdue('in_progress', '2026-05-31', today)).toBe(true);
    expect(isOverdue('not_started', '2026-06-01', today)).toBe(false);
    expect(isOverdue('implemented', '2026-01-01', today)).toBe(false);
    expect(isOverdue('in_progress', null, today)).toBe(false);
  });
});

describe('ragRating', () => {
  const recent = '2026-05-20T10:00:00.000Z';

  it('is red when overdue', () => {
    expect(ragRating({ status: 'in_progress', targetDate: '2026-05-01', lastUpdateAt: recent }, today)).toEqual({
      rating: 'red',
      reason: 'Past its target date',
    });
  });

  it('is red after 90 days without an update, amber after 60', () => {
    expect(
      ragRating({ status: 'in_progress', targetDate: '2027-01-01', lastUpdateAt: '2026-03-01T00:00:00.000Z' }, today)
        .rating,
    ).toBe('red');
    expect(
      ragRating({ status: 'in_progress', targetDate: '2027-01-01', lastUpdateAt: '2026-03-20T00:00:00.000Z' }, today)
        .rating,
    ).toBe('amber');
    expect(ragRating({ status: 'in_progress', targetDate: '2027-01-01', lastUpdateAt: null }, today).rating).toBe(
      'red',
    );
  });

  it('is amber with no target date or a target date within 30 days', () => {
    expect(ragRating({ status: 'not_started', targetDate: null, lastUpdateAt: recent }, today).reason).toBe(
      'No target date set',
    );
    expect(ragRating({ status: 'in_progress', targetDate: '2026-07-01', lastUpdateAt: recent }, today).rating).toBe(
      'amber',
    );
  });

  it('is green when on track or implemented, and unrated when superseded', () => {
    expect(ragRating({ status: 'in_progress', targetDate: '2026-12-31', lastUpdateAt: recent }, today)).toEqual({
      rating: 'green',
      reason: 'On track',
    });
    expect(ragRating({ status: 'implemented', targetDate: '2020-01-01', lastUpdateAt: null }, today).rating).toBe(
      'green',
    );
    expect(ragRating({ status: 'superseded', targetDate: null, lastUpdateAt: null }, today).rating).toBeNull();
  });
});

describe('isActionOverdue', () => {
  const today = '2026-06-01';

  it('is overdue past its due date until it is done', () => {
    expect(isActionOverdue({ status: 'not_started', dueDate: '2026-05-31' }, today)).toBe(true);
    expect(isActionOverdue({ status: 'in_progress', dueDate: '2026-05-31' }, today)).toBe(true);
    expect(isActionOverdue({ status: 'done', dueDate: '2026-05-31' }, today)).toBe(false);
  });

  it('is not overdue on its due date, or without one', () => {
    expect(isActionOverdue({ status: 'in_progress', dueDate: today }, today)).toBe(false);
    expect(isActionOverdue({ status: 'in_progress', dueDate: null }, today)).toBe(false);
  });
});
