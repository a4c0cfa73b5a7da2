const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#x27;': "'",
  '&#39;': "'",
  '&#x3D;': '=',
  '&#x60;': '`',
  '&nbsp;': ' ',
};

/** Decodes the entities Handlebars writes (so an href can be compared as a browser reads it). */
export function decodeEntities(html: string): string {
  return html.replace(/&(amp|lt|gt|quot|#x27|#39|#x3D|#x60|nbsp);/g, (entity) => ENTITIES[entity]);
}

/** The text a reader sees on a page: tags dropped, entities decoded, white space folded. */
export function pageText(html: string): string {
  return decodeEntities(
    html
      .replace(/<script[\s\S]*?<\/script>/gi, ' ')
      .replace(/<style[\s\S]*?<\/style>/gi, ' ')
      // Inline elements run on with the text around them; other elements break it.
      .replace(/<\/?(strong|a|span|em|b|time|abbr|code)(\s[^>]*)?>/gi, '')
      .replace(/<[^>]+>/g, ' '),
  )
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The text of a section: from the element with the given id to the end of the page, or, when
 * that element is a level-2 heading, up to the next one.
 */
export function sectionText(html: string, id: string): string {
  const start = html.indexOf(`id="${id}"`);
  if (start < 0) {
    throw new Error(`No element with id ${id}`);
  }
  const isHeading = html.slice(html.lastIndexOf('<', start), start).startsWith('<h2');
  const end = isHeading ? html.indexOf('<h2', start + 1) : -1;
  return pageText(html.slice(start, end < 0 ? undefined : end));
}

/** The text inside <main>, without the header, navigation and footer. */
export function mainText(html: string): string {
  const match = /<main[\s\S]*?<\/main>/.exec(html);
  if (!match) {
    throw new Error('The page has no <main> element');
  }
  return pageText(match[0]);
}
