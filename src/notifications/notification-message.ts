/** What a person is told, before it is put into an email. */
export interface MessageContent {
  title: string;
  /**
   * Plain text: paragraphs separated by a blank line; lines starting "- " form a list. A list line may start with a
   * link to a page of the app, `- [DER-2025-AFI-01](/findings/DER-2025-AFI-01) the rest`: a link on the page, an
   * absolute address in the email.
   */
  body: string;
  /** A path within the app ("/findings/DER-2025-AFI-01"), or null. */
  link: string | null;
}

export interface EmailParts {
  subject: string;
  text: string;
  html: string;
}

/** Escapes text for HTML. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** An absolute address of a path in the app. */
export function absoluteUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path.startsWith('/') ? path : `/${path}`}`;
}

/** A list line's text (after "- ") split into its leading link to a page of the app, if it has one, and the rest. */
export interface ListItem {
  link: { label: string; path: string } | null;
  text: string;
}

const LEADING_LINK = /^\[([^\]\n]+)\]\((\/[^\s()]*)\)/;

/** A list line's text as its leading link (a path within the app) and the rest. */
export function listItem(text: string): ListItem {
  const match = LEADING_LINK.exec(text);
  return match
    ? { link: { label: match[1], path: match[2] }, text: text.slice(match[0].length) }
    : { link: null, text };
}

/** A body as blocks: paragraphs of lines, or lists (every line starting "- "). */
export function bodyBlocks(body: string): Array<{ lines: string[] } | { items: ListItem[] }> {
  return body
    .split(/\n\s*\n/)
    .map((block) => block.split('\n').filter((line) => line.trim() !== ''))
    .filter((lines) => lines.length > 0)
    .map((lines) =>
      lines.every((line) => line.startsWith('- '))
        ? { items: lines.map((line) => listItem(line.slice(2))) }
        : { lines },
    );
}

/** The body as plain text: each list line's link as an absolute address on the line below it. */
function bodyText(body: string, baseUrl: string): string {
  return body
    .trim()
    .split('\n')
    .map((line) => {
      if (!line.startsWith('- ')) {
        return line;
      }
      const item = listItem(line.slice(2));
      return item.link ? `- ${item.link.label}${item.text}\n  ${absoluteUrl(baseUrl, item.link.path)}` : line;
    })
    .join('\n');
}

/** The body's paragraphs and lists as simple HTML: no tables, no images, no tracking, styles inline and few. */
function bodyHtml(body: string, baseUrl: string): string {
  return bodyBlocks(body)
    .map((block) => {
      if ('items' in block) {
        const items = block.items.map(
          (item) =>
            `<li>${item.link ? `<a href="${escapeHtml(absoluteUrl(baseUrl, item.link.path))}">${escapeHtml(item.link.label)}</a>` : ''}${escapeHtml(item.text)}</li>`,
        );
        return `<ul>${items.join('')}</ul>`;
      }
      return `<p>${block.lines.map(escapeHtml).join('<br>')}</p>`;
    })
    .join('\n');
}

/**
 * The email of a message: a subject, a plain-text body and a simple HTML body that Outlook shows as written (no
 * tables, no images, no tracking pixels or rewritten links), each with the link to the item and the unsubscribe
 * link for this kind of message.
 */
export function composeEmail(
  content: MessageContent,
  options: { baseUrl: string; unsubscribeUrl: string; kindLabel: string },
): EmailParts {
  const link = content.link ? absoluteUrl(options.baseUrl, content.link) : null;
  const preferences = absoluteUrl(options.baseUrl, '/notifications/preferences');
  const text = [
    content.title,
    '',
    bodyText(content.body, options.baseUrl),
    ...(link ? ['', `Open it in the tracker: ${link}`] : []),
    '',
    '--',
    `You receive this because of your settings for “${options.kindLabel}”.`,
    `Stop these emails: ${options.unsubscribeUrl}`,
    `All your email settings: ${preferences}`,
  ].join('\n');
  const html = [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8"><title>' + escapeHtml(content.title) + '</title></head>',
    '<body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.4; color: #0b0c0c;">',
    `<h1 style="font-size: 20px;">${escapeHtml(content.title)}</h1>`,
    bodyHtml(content.body, options.baseUrl),
    ...(link ? [`<p><a href="${escapeHtml(link)}">Open it in the tracker</a></p>`] : []),
    '<hr>',
    `<p style="font-size: 14px;">You receive this because of your settings for “${escapeHtml(options.kindLabel)}”.<br>`,
    `<a href="${escapeHtml(options.unsubscribeUrl)}">Stop these emails</a> · <a href="${escapeHtml(preferences)}">All your email settings</a></p>`,
    '</body></html>',
  ].join('\n');
  return { subject: content.title, text, html };
}
