import { absoluteUrl, composeEmail, escapeHtml } from './notification-message';

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
});
