import { composeDigest, DIGEST_SECTION_LIMIT, type DigestSections, hasDigestContent, ukClock } from './digest-content';

const empty: DigestSections = { overdue: [], dueSoon: [], forceOverdue: [], forceDueSoon: [], claims: [] };

describe('composeDigest', () => {
  it('lists what is overdue and due soon, each with its date and owner', () => {
    const digest = composeDigest('2026-11-28', {
      ...empty,
      overdue: [
        { reference: 'DER-1', text: 'Clear the backlog', action: false, date: '2026-09-30', owner: 'FVU' },
        { reference: 'DER-1', text: 'Hire two vetters', action: true, date: '2026-10-31', owner: 'FVU' },
      ],
      dueSoon: [{ reference: 'DER-2', text: 'Train staff', action: false, date: '2026-12-05', owner: null }],
    });
    expect(digest.title).toBe('Your digest for 28 November 2026: 2 overdue, 1 due soon');
    expect(digest.body).toContain('Yours, overdue (2):');
    expect(digest.body).toContain('- DER-1 Clear the backlog – target 30 September 2026 (owner: FVU)');
    expect(digest.body).toContain('- Action on DER-1: Hire two vetters – target 31 October 2026 (owner: FVU)');
    expect(digest.body).toContain(
      'Yours, due in the next 14 days (1):\n\n- DER-2 Train staff – target 5 December 2026',
    );
    expect(digest.link).toBe('/my-work');
  });

  it('gives an inspector the claims to verify with their force, and cuts long sections', () => {
    const claims = Array.from({ length: DIGEST_SECTION_LIMIT + 3 }, (_, index) => ({
      reference: `CHE-${index}`,
      text: 'Claimed',
      action: false,
      date: '2026-01-01',
      owner: null,
      forceName: 'Cheshire Constabulary',
    }));
    const digest = composeDigest('2026-11-28', { ...empty, claims });
    expect(digest.title).toBe(`Your digest for 28 November 2026: ${DIGEST_SECTION_LIMIT + 3} claims to verify`);
    expect(digest.body).toContain('- CHE-0 Claimed – claimed 1 January 2026, Cheshire Constabulary');
    expect(digest.body).toContain('- and 3 more');
    expect(digest.body).not.toContain(`CHE-${DIGEST_SECTION_LIMIT} `);
  });

  it('says when there is nothing', () => {
    expect(hasDigestContent(empty)).toBe(false);
    expect(composeDigest('2026-11-28', empty).title).toBe('Your digest for 28 November 2026: nothing due');
  });
});

describe('ukClock', () => {
  it('gives the UK day and hour, in summer time and in winter', () => {
    expect(ukClock(new Date('2026-07-01T06:30:00Z'))).toEqual({ day: '2026-07-01', hour: 7 });
    expect(ukClock(new Date('2026-12-31T23:30:00Z'))).toEqual({ day: '2026-12-31', hour: 23 });
    expect(ukClock(new Date('2026-06-30T23:30:00Z'))).toEqual({ day: '2026-07-01', hour: 0 });
  });
});
