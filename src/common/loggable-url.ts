/** Query parameters whose values are secrets: never written to a log, whatever sent them. */
const SECRET_PARAMETERS = /^(_csrf|csrf|csrf[-_]?token|token|password|session)$/i;

/**
 * An address as it may be logged: the value of any secret query parameter (a CSRF token, a
 * password, a session) replaced by "[removed]"; the path and other parameters as they came.
 */
export function loggableUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) {
    return url;
  }
  const [query, fragment] = url.slice(at + 1).split(/(?=#)/, 2);
  const parameters = query.split('&').map((parameter) => {
    const equals = parameter.indexOf('=');
    const rawName = equals < 0 ? parameter : parameter.slice(0, equals);
    let name: string;
    try {
      name = decodeURIComponent(rawName.replace(/\+/g, ' '));
    } catch {
      name = rawName;
    }
    return SECRET_PARAMETERS.test(name.trim()) ? `${rawName}=[removed]` : parameter;
  });
  return `${url.slice(0, at)}?${parameters.join('&')}${fragment ?? ''}`;
}
