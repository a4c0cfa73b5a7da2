import { loggableUrl } from './loggable-url';

describe('loggableUrl', () => {
  it('removes the value of a CSRF token, or any other secret, from the query string', () => {
    expect(loggableUrl('/imports?_csrf=uNt_j_XE-IAaEEJ7ZHtXj')).toBe('/imports?_csrf=[removed]');
    expect(loggableUrl('/findings/DER-2025-AFI-01/evidence?kind=file&_csrf=abc&x=1')).toBe(
      '/findings/DER-2025-AFI-01/evidence?kind=file&_csrf=[removed]&x=1',
    );
    expect(loggableUrl('/a?%5Fcsrf=abc')).toBe('/a?%5Fcsrf=[removed]');
    expect(loggableUrl('/a?CSRF_TOKEN=abc&password=hunter2&token=t')).toBe(
      '/a?CSRF_TOKEN=[removed]&password=[removed]&token=[removed]',
    );
    expect(loggableUrl('/a?_csrf=one&_csrf=two')).toBe('/a?_csrf=[removed]&_csrf=[removed]');
  });

  it('leaves an address without secrets as it came', () => {
    expect(loggableUrl('/findings?kind=area_for_improvement&q=csrf')).toBe(
      '/findings?kind=area_for_improvement&q=csrf',
    );
    expect(loggableUrl('/imports/12')).toBe('/imports/12');
    expect(loggableUrl('/a?')).toBe('/a?');
    expect(loggableUrl('/a?%E0%A4%A=1')).toBe('/a?%E0%A4%A=1');
  });
});
