import { pccResponse } from './pcc-response';

const forceReport = {
  forceId: 1,
  type: 'integrity_inspection',
  publishedOn: '2025-01-22',
  pccResponsePublishedOn: null,
  pccResponseUrl: null,
};

describe('pccResponse', () => {
  it('is due 56 days after publication', () => {
    expect(pccResponse(forceReport, '2025-02-01')).toMatchObject({ state: 'due', dueOn: '2025-03-19' });
  });

  it('is overdue the day after the due date', () => {
    expect(pccResponse(forceReport, '2025-03-19').state).toBe('due');
    expect(pccResponse(forceReport, '2025-03-20').state).toBe('overdue');
  });

  it('is published once the response date is recorded', () => {
    const response = pccResponse(
      { ...forceReport, pccResponsePublishedOn: '2025-03-10', pccResponseUrl: 'https://example.org/r' },
      '2026-01-01',
    );
    expect(response).toMatchObject({ state: 'published', publishedOn: '2025-03-10', url: 'https://example.org/r' });
  });

  it('is not required for national reports, press releases and web summaries', () => {
    expect(pccResponse({ ...forceReport, forceId: null, type: 'national_thematic' }, '2026-01-01').state).toBe(
      'not_required',
    );
    expect(pccResponse({ ...forceReport, type: 'press_release' }, '2026-01-01').state).toBe('not_required');
    expect(pccResponse({ ...forceReport, type: 'web_summary' }, '2026-01-01').state).toBe('not_required');
  });

  it('cannot say when it is due without a publication date', () => {
    expect(pccResponse({ ...forceReport, publishedOn: null }, '2026-01-01')).toMatchObject({
      state: 'unknown',
      dueOn: null,
    });
  });
});
