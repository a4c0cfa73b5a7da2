/**
 * Turns an HTML report page into plain text the extractor reads like web text: one paragraph, heading
 * or list item a line ("  • " before list items), blank lines between blocks, table cells of a row on
 * one line. Scripts, styles, navigation and comments are dropped; entities are decoded (a non-breaking
 * space stays one). Pure: no DOM and no dependencies.
 */

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00A0',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  bull: '•',
  pound: '£',
  euro: '€',
  copy: '©',
  shy: '',
};

/** Decodes named and numeric character references. Unknown names are left as they are. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) {
      return safeCodePoint(parseInt(name.slice(2), 16), whole);
    }
    if (name.startsWith('#')) {
      return safeCodePoint(parseInt(name.slice(1), 10), whole);
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** The character for a code point, or the original reference when it is not a valid one. */
function safeCodePoint(code: number, fallback: string): string {
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : fallback;
}

const DROPPED_ELEMENTS = ['script', 'style', 'noscript', 'template', 'svg', 'head', 'nav', 'iframe', 'object'];
const BLOCK_TAGS =
  'p|div|h[1-6]|ul|ol|table|tr|section|article|header|footer|main|aside|blockquote|dl|dt|dd|figure|figcaption|caption|hr|form|fieldset|details|summary|pre';

/** True when text looks like HTML rather than plain text. */
export function looksLikeHtml(text: string): boolean {
  const start = text.slice(0, 2000).trimStart().toLowerCase();
  if (start.startsWith('<!doctype html') || start.startsWith('<html')) {
    return true;
  }
  const tags = text.slice(0, 20000).match(/<\/?(?:p|div|h[1-6]|li|ul|table|span|a|br|body)\b[^>]*>/gi);
  return (tags?.length ?? 0) >= 5;
}

/** Converts an HTML document or fragment to text with one block a line. */
export function htmlToText(html: string): string {
  let text = html.replace(/<!--[\s\S]*?-->/g, ' ');
  for (const element of DROPPED_ELEMENTS) {
    text = text.replace(new RegExp(`<${element}\\b[^>]*>[\\s\\S]*?</${element}\\s*>`, 'gi'), ' ');
  }
  text = text
    .replace(/\s+/g, ' ')
    .replace(/(<li\b[^>]*>)\s*<p\b[^>]*>/gi, '$1')
    .replace(/<\/p\s*>\s*(<\/li\s*>)/gi, '$1')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<li\b[^>]*>/gi, '\n\n  • ')
    .replace(/<\/li\s*>/gi, '\n\n')
    .replace(new RegExp(`</?(?:${BLOCK_TAGS})\\b[^>]*>`, 'gi'), '\n\n')
    .replace(/<\/t[dh]\s*>/gi, ' ')
    .replace(/<[^>]*>/g, '');
  return decodeEntities(text)
    .split('\n')
    .map((line) =>
      line
        .replace(/^[ \t]+(?=•)/, '  ')
        .replace(/[ \t]+$/g, '')
        .replace(/^(?!\s\s•)[ \t]+/, ''),
    )
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
