import { absoluteUrl, bodyBlocks, composeEmail, escapeHtml, listItem } from './notification-message';

describe('composeEmail', () => {
  const options = {
    baseUrl: 'https://tracker.example/',
    unsubscribeUrl: 'https://tracker.example/notifications/unsubscribe?token=abc.def',
    kindLabel: 'Evidence rejected',
  };

  it('gives a plain-text body with the link to the item and the unsubscribe link', () => {
    const email = composeEmail(
      { title: 'Evidence rejected on DER-2025-AFI-01', body: 'Reason: not dated', link: '/findings/DER-2025-AFI-01' },
      options,
    );
    expect(email.subject).toBe('Evidence rejected on DER-2025-AFI-01');
    expect(email.text).toContain('Reason: not dated');
    expect(email.text).toContain('Open it in the tracker: https://tracker.example/findings/DER-2025-AFI-01');
    expect(email.text).toContain('Stop these emails: https://tracker.example/notifications/unsubscribe?token=abc.def');
  });

  it('gives simple HTML without tables or images, escaping what people typed, lists from "- " lines', () => {
    const email = composeEmail(
      { title: 'Digest <3>', body: 'Overdue:\n\n- DER-1 <b>one</b>\n- DER-2 two', link: null },
      options,
    );
    expect(email.html).not.toMatch(/<table|<img/);
    expect(email.html).toContain('<h1 style="font-size: 20px;">Digest &lt;3&gt;</h1>');
    expect(email.html).toContain('<ul><li>DER-1 &lt;b&gt;one&lt;/b&gt;</li><li>DER-2 two</li></ul>');
    expect(email.html).toContain('href="https://tracker.example/notifications/unsubscribe?token=abc.def"');
    expect(email.html).not.toContain('Open it in the tracker');
  });

  it('escapes and joins addresses', () => {
    expect(escapeHtml(`"a" & 'b'`)).toBe('&quot;a&quot; &amp; &#39;b&#39;');
    expect(absoluteUrl('http://x:3000', 'y')).toBe('http://x:3000/y');
  });

  it('turns a list line’s leading link into an absolute address: below it in text, a link in HTML', () => {
    const email = composeEmail(
      { title: 'Digest', body: 'Overdue (1):\n\n- [DER-1](/findings/DER-1) “Vetting” – target 1 May 2026', link: null },
      options,
    );
    expect(email.text).toContain('- DER-1 “Vetting” – target 1 May 2026\n  https://tracker.example/findings/DER-1');
    expect(email.html).toContain(
      '<li><a href="https://tracker.example/findings/DER-1">DER-1</a> “Vetting” – target 1 May 2026</li>',
    );
    expect(bodyBlocks('- [DER-1](/findings/DER-1) rest\n- plain [x](/y)')).toEqual([
      {
        items: [
          { link: { label: 'DER-1', path: '/findings/DER-1' }, text: ' rest' },
          { link: null, text: 'plain [x](/y)' },
        ],
      },
    ]);
    // Only a path within the app is a link.
    expect(listItem('[DER-1](https://elsewhere.example/) x').link).toBeNull();
  });
});
