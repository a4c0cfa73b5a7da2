import { implementationState, latestAssessment, remainsUnimplemented } from './implementation-state';

const assessment = (
  verdict: 'implemented' | 'not_implemented' | 'partially_implemented' | 'superseded',
  assessedOn: string | null,
  createdAt = '2026-01-01T00:00:00.000Z',
) => ({
  verdict,
  assessedOn,
  createdAt,
});

describe('latestAssessment', () => {
  it('is null without assessments', () => {
    expect(latestAssessment([])).toBeNull();
  });

  it('picks the latest by assessment date, not by list order', () => {
    const older = assessment('not_implemented', '2019-01-01');
    const newer = assessment('implemented', '2025-01-22');
    expect(latestAssessment([newer, older])).toBe(newer);
    expect(latestAssessment([older, newer])).toBe(newer);
  });

  it('breaks a tie on date by when it was recorded', () => {
    const first = assessment('not_implemented', '2025-01-22', '2026-01-01T10:00:00.000Z');
    const second = assessment('implemented', '2025-01-22', '2026-01-02T10:00:00.000Z');
    expect(latestAssessment([second, first])).toBe(second);
  });
});

describe('implementationState', () => {
  it('is open when a later report says it is still not implemented', () => {
    expect(implementationState('in_progress', assessment('not_implemented', '2025-01-22'))).toBe('open');
    expect(implementationState('not_started', assessment('partially_implemented', '2019-01-01'))).toBe('open');
  });

  it('is implemented when verified, or when a later report says so', () => {
    expect(implementationState('verified_closed', null)).toBe('implemented');
    expect(implementationState('in_progress', assessment('implemented', '2019-01-01'))).toBe('implemented');
  });

  it('awaits verification when the force claims implemented', () => {
    expect(implementationState('implemented', null)).toBe('awaiting_verification');
  });

  it('is superseded by status or verdict', () => {
    expect(implementationState('superseded', null)).toBe('superseded');
    expect(implementationState('in_progress', assessment('superseded', '2025-01-22'))).toBe('superseded');
  });
});

describe('remainsUnimplemented', () => {
  it('counts formal findings that are open or awaiting verification', () => {
    expect(remainsUnimplemented('area_for_improvement', 'open')).toBe(true);
    expect(remainsUnimplemented('national_recommendation', 'awaiting_verification')).toBe(true);
    expect(remainsUnimplemented('recommendation', 'implemented')).toBe(false);
  });

  it('never counts observations', () => {
    expect(remainsUnimplemented('observation', 'open')).toBe(false);
  });
});
