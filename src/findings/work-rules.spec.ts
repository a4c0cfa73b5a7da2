import { assessmentDateProblem, isNewPastDate, reasonProblem, repeatProblem, unfinishedActions } from './work-rules';

const TODAY = '2026-11-28';

describe('the rules of the finding forms', () => {
  it('refuses an assessment after today or before the report was published', () => {
    expect(assessmentDateProblem('2026-11-29', TODAY, '2025-01-22')).toBe(
      'The date of the assessment cannot be in the future (today is 28 November 2026)',
    );
    expect(assessmentDateProblem('2025-01-21', TODAY, '2025-01-22')).toBe(
      'The date of the assessment cannot be before the report was published on 22 January 2025',
    );
    expect(assessmentDateProblem('2025-01-22', TODAY, '2025-01-22')).toBeNull();
    expect(assessmentDateProblem(TODAY, TODAY, '2025-01-22')).toBeNull();
    // A report whose date is not known limits only the future.
    expect(assessmentDateProblem('1990-01-01', TODAY, null)).toBeNull();
  });

  it('asks about a date in the past only when it is new or changed', () => {
    expect(isNewPastDate('2026-11-27', null, TODAY)).toBe(true);
    expect(isNewPastDate('2026-11-27', '2027-01-01', TODAY)).toBe(true);
    expect(isNewPastDate('2026-11-27', '2026-11-27', TODAY)).toBe(false);
    expect(isNewPastDate(TODAY, null, TODAY)).toBe(false);
    expect(isNewPastDate(undefined, '2020-01-01', TODAY)).toBe(false);
  });

  it('takes as a reason only words of 10 characters or more', () => {
    expect(reasonProblem('', 'the target date is changing')).toBe('Give the reason the target date is changing');
    expect(reasonProblem('x', 'the target date is changing')).toBe(
      'Give the reason the target date is changing in at least 10 characters',
    );
    expect(reasonProblem('12/12/2026 !!', 'the target date is changing')).toBe(
      'Give the reason the target date is changing in words',
    );
    expect(reasonProblem('  Waiting for the national standard ', 'the target date is changing')).toBeNull();
    expect(reasonProblem('Délai accru', 'x')).toBeNull();
  });

  it('lets a finding repeat only a finding of an earlier report', () => {
    const own = { id: 2, publishedOn: '2025-01-22', year: 2025 };
    expect(repeatProblem(own, { id: 2, publishedOn: '2025-01-22', year: 2025 }, 'DER-2025-AFI-05')).toBe(
      'DER-2025-AFI-05 is in the same report: a repeat points to a finding of an earlier report',
    );
    expect(repeatProblem(own, { id: 3, publishedOn: '2025-08-01', year: 2025 }, 'CHE-2025-AFI-01')).toBe(
      'CHE-2025-AFI-01 is in a later report: a repeat points to a finding of an earlier report',
    );
    expect(repeatProblem(own, { id: 1, publishedOn: '2016-12-08', year: 2016 }, 'DER-2016-AFI-01')).toBeNull();
    // Without a publication date, the reports' years decide.
    expect(repeatProblem(own, { id: 4, publishedOn: null, year: 2018 }, 'DER-2018-AFI-03')).toBeNull();
    expect(repeatProblem({ id: 4, publishedOn: null, year: 2018 }, own, 'DER-2025-AFI-04')).toBe(
      'DER-2025-AFI-04 is in a later report: a repeat points to a finding of an earlier report',
    );
  });

  it('lists the actions not done, saying which are overdue', () => {
    expect(
      unfinishedActions(
        [
          { description: 'Clear the backlog', status: 'in_progress', dueDate: '2025-04-30' },
          { description: 'Revise the form', status: 'not_started', dueDate: '2027-01-31' },
          { description: 'Train staff', status: 'not_started', dueDate: null },
          { description: 'Write the policy', status: 'done', dueDate: '2025-01-31' },
        ],
        TODAY,
      ),
    ).toEqual([
      'Clear the backlog (in progress, overdue since 30 April 2025)',
      'Revise the form (not started)',
      'Train staff (not started)',
    ]);
  });
});
