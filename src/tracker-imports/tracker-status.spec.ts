import { DEFAULT_STATUS_WORDS, kindOf, statusMove, statusOf, statusTable, statusWord } from './tracker-status';

describe('status words of a tracker', () => {
  const table = statusTable(null);

  it('reads the words forces use, whatever their case and punctuation', () => {
    expect(statusOf('Complete', table)).toBe('implemented');
    expect(statusOf('Completed', table)).toBe('implemented');
    expect(statusOf('CLOSED', table)).toBe('implemented');
    expect(statusOf('On track', table)).toBe('in_progress');
    expect(statusOf('On-Track ', table)).toBe('in_progress');
    expect(statusOf('Green', table)).toBe('in_progress');
    expect(statusOf('Amber', table)).toBe('in_progress');
    expect(statusOf('Red', table)).toBe('in_progress');
    expect(statusOf('Not started', table)).toBe('not_started');
    expect(statusOf('In progress', table)).toBe('in_progress');
  });

  it('says an unknown word is unknown (null), and an empty cell changes nothing (undefined)', () => {
    expect(statusOf('Purple', table)).toBeNull();
    expect(statusOf('', table)).toBeUndefined();
  });

  it('uses the organisation’s own table when it has one, words removed included', () => {
    const own = statusTable({ ...DEFAULT_STATUS_WORDS, purple: 'in_progress', closed: 'not_started' });
    expect(statusOf('Purple', own)).toBe('in_progress');
    expect(statusOf('Closed', own)).toBe('not_started');
    const { green: _green, ...withoutGreen } = DEFAULT_STATUS_WORDS;
    expect(statusOf('Green', statusTable(withoutGreen))).toBeNull();
    expect(statusWord(' Pending sign-off ')).toBe('pending sign off');
  });

  it('moves a finding forward only, and to implemented only with evidence', () => {
    expect(statusMove('not_started', 'in_progress', 0)).toEqual({ to: 'in_progress', note: null });
    expect(statusMove('in_progress', 'implemented', 2)).toEqual({ to: 'implemented', note: null });
    const withoutEvidence = statusMove('not_started', 'implemented', 0);
    expect(withoutEvidence.to).toBe('in_progress');
    expect(withoutEvidence.note).toContain('needs evidence');
    expect(statusMove('in_progress', 'implemented', 0).to).toBe('in_progress');
    const back = statusMove('verified_closed', 'in_progress', 0);
    expect(back.to).toBe('verified_closed');
    expect(back.note).toContain('does not move it back');
    expect(statusMove('verified_closed', 'implemented', 1)).toEqual({ to: 'verified_closed', note: null });
    expect(statusMove('in_progress', 'in_progress', 0)).toEqual({ to: 'in_progress', note: null });
  });

  it('reads kinds of finding from words and references', () => {
    expect(kindOf('AFI')).toBe('area_for_improvement');
    expect(kindOf('Area for improvement')).toBe('area_for_improvement');
    expect(kindOf('Recommendation')).toBe('recommendation');
    expect(kindOf('Cause of concern')).toBe('cause_of_concern');
    expect(kindOf('National recommendation')).toBe('national_recommendation');
    expect(kindOf('NAT-2022-REC-01')).toBe('national_recommendation');
    expect(kindOf('DER-2025-REC-02')).toBe('recommendation');
    expect(kindOf('AFI 3')).toBe('area_for_improvement');
    expect(kindOf('Widget')).toBeNull();
  });
});
