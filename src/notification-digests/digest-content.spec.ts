import {
  composeDigest,
  DIGEST_SECTION_LIMIT,
  type DigestEntry,
  digestMessage,
  emptySections,
  hasDigestContent,
  mergeSections,
  ukClock,
} from './digest-content';

const entry = (reference: string, extra: Partial<DigestEntry> = {}): DigestEntry => ({
  reference,
  link: `/findings/${reference}`,
  about: null,
  text: null,
  date: '2026-01-01',
  owner: null,
  ...extra,
});

describe('composeDigest', () => {
  const sections = () => {
    const value = emptySections();
    value.overdue = {
      total: 2,
      entries: [
        entry('DER-1', { text: 'Clear the backlog', date: '2026-09-30', owner: 'FVU' }),
        entry('DER-1', { about: 'action', text: 'Hire two vetters', date: '2026-10-31', owner: 'FVU' }),
      ],
    };
    value.dueSoon = { total: 1, entries: [entry('DER-2', { text: 'Train staff', date: '2026-12-05' })] };
    value.returned = {
      total: 1,
      entries: [entry('DER-3', { about: 'evidence', text: 'Minutes of May', date: '2026-11-27' })],
    };
    value.targetDatesMoved = {
      total: 1,
      entries: [entry('DER-4', { text: 'Audit', date: '2026-11-27', fromDate: '2026-03-31', toDate: '2026-06-30' })],
    };
    return value;
  };

  it('lists each section with its count, each line linked to its item with its date and owner', () => {
    const digest = composeDigest('2026-11-28', sections());
    expect(digest.title).toBe('Your digest for 28 November 2026: 2 overdue, 1 due soon, 1 returned to you');
    expect(digest.body).toContain('Yours, overdue (2):');
    expect(digest.body).toContain(
      '- [DER-1](/findings/DER-1) “Clear the backlog” – target 30 September 2026 (owner: FVU)',
    );
    expect(digest.body).toContain('- [DER-1](/findings/DER-1) action “Hire two vetters” – target 31 October 2026');
    expect(digest.body).toContain('Yours, due in the next 14 days (1):\n\n- [DER-2](/findings/DER-2) “Train staff”');
    expect(digest.body).toContain('- [DER-3](/findings/DER-3) evidence “Minutes of May” – rejected 27 November 2026');
    expect(digest.body).toContain(
      '- [DER-4](/findings/DER-4) “Audit” – target moved from 31 March 2026 to 30 June 2026 on 27 November 2026',
    );
    expect(digest.link).toBe('/my-work');
  });

  it('leaves out titles, descriptions and evidence titles where emails carry references only', () => {
    const message = digestMessage('2026-11-28', sections());
    expect(message.body).toContain('Clear the backlog');
    const brief = message.referencesOnly;
    expect(brief.title).toBe(message.title);
    expect(brief.body).toContain('- [DER-1](/findings/DER-1) – target 30 September 2026 (owner: FVU)');
    expect(brief.body).toContain('- [DER-1](/findings/DER-1) action – target 31 October 2026');
    for (const words of ['Clear the backlog', 'Hire two vetters', 'Train staff', 'Minutes of May', 'Audit']) {
      expect(brief.body).not.toContain(words);
    }
  });

  it('gives an inspector the claims with their force, and says how many more a long section has', () => {
    const value = emptySections();
    value.claims = {
      total: DIGEST_SECTION_LIMIT + 3,
      entries: Array.from({ length: DIGEST_SECTION_LIMIT }, (_, index) =>
        entry(`CHE-${index}`, { text: 'Claimed', forceName: 'Cheshire Constabulary' }),
      ),
    };
    const digest = composeDigest('2026-11-28', value);
    expect(digest.title).toBe(`Your digest for 28 November 2026: ${DIGEST_SECTION_LIMIT + 3} claims to verify`);
    expect(digest.body).toContain(
      '- [CHE-0](/findings/CHE-0) “Claimed” – claimed 1 January 2026, Cheshire Constabulary',
    );
    expect(digest.body).toContain('- and 3 more in the tracker');
  });

  it('says when there is nothing', () => {
    expect(hasDigestContent(emptySections())).toBe(false);
    expect(composeDigest('2026-11-28', emptySections()).title).toBe('Your digest for 28 November 2026: nothing due');
  });
});

describe('mergeSections', () => {
  it('adds the totals and keeps the earliest lines, by date then reference, at most the limit', () => {
    const many = Array.from({ length: DIGEST_SECTION_LIMIT }, (_, index) =>
      entry(`A-${String(index).padStart(2, '0')}`, { date: '2026-02-01' }),
    );
    const merged = mergeSections(
      { total: 70, entries: many },
      { total: 2, entries: [entry('B-1', { date: '2026-01-15' }), entry('B-2', { date: '2026-03-01' })] },
    );
    expect(merged.total).toBe(72);
    expect(merged.entries).toHaveLength(DIGEST_SECTION_LIMIT);
    expect(merged.entries[0].reference).toBe('B-1');
    expect(merged.entries.map((item) => item.reference)).not.toContain('B-2');
  });
});

describe('ukClock', () => {
  it('gives the UK day, hour and weekday, in summer time and in winter', () => {
    expect(ukClock(new Date('2026-07-01T06:30:00Z'))).toEqual({ day: '2026-07-01', hour: 7, weekday: 3 });
    expect(ukClock(new Date('2026-12-31T23:30:00Z'))).toEqual({ day: '2026-12-31', hour: 23, weekday: 4 });
    expect(ukClock(new Date('2026-06-30T23:30:00Z'))).toEqual({ day: '2026-07-01', hour: 0, weekday: 3 });
    expect(ukClock(new Date('2026-03-22T12:00:00Z'))).toMatchObject({ weekday: 7 });
  });
});
