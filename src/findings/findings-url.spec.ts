import { findingsUrl } from './findings-url';

describe('findingsUrl', () => {
  it('keeps filters and drops empty values', () => {
    expect(findingsUrl({ kind: 'area_for_improvement', q: 'vetting', owner: undefined })).toBe(
      '/findings?kind=area_for_improvement&q=vetting',
    );
  });

  it('changes one value and resets nothing else', () => {
    expect(findingsUrl({ year: 2025, page: 3 }, { page: 4 })).toBe('/findings?year=2025&page=4');
  });

  it('encodes text safely', () => {
    expect(findingsUrl({ q: 'a&b <c>' })).toBe('/findings?q=a%26b+%3Cc%3E');
  });

  it('is the bare address without filters', () => {
    expect(findingsUrl({})).toBe('/findings');
  });
});
