import { DataSource } from 'typeorm';
import { AuditService } from '../src/audit/audit.service';
import { WriteTransactions } from '../src/database/write-transactions';
import { createUser, signIn } from './factories/users';
import { createTestApp, type TestApp } from './utils/create-test-app';
import { decodeEntities, mainText, pageText, sectionText } from './utils/page-text';

type Session = Awaited<ReturnType<typeof signIn>>;

/** The text of the entries table's rows only (not the filter form's options). */
function rowsText(html: string): string {
  const match = /<tbody[\s\S]*?<\/tbody>/.exec(html);
  return match ? pageText(match[0]) : '';
}

describe('Audit log: the administrators’ page and the hash chain', () => {
  let testApp: TestApp;
  let admin: Session;
  let audit: AuditService;

  beforeAll(async () => {
    testApp = await createTestApp();
    const app = testApp.app;
    admin = await signIn(app, await createUser(app, 'administrator', { username: 'ada.admin' }));
    audit = app.get(AuditService);
    // 55 entries of one action (more than a page), one with markup in it.
    const writes = app.get(WriteTransactions);
    for (let n = 1; n <= 55; n += 1) {
      await writes.run((manager) =>
        audit.record(manager, {
          actor: 'ada.admin',
          ip: '203.0.113.7',
          action: 'test.bulk',
          entityType: 'finding',
          entityId: 'DER-2025-AFI-01',
          summary: n === 55 ? 'Title set to <script>alert(1)</script>' : `Bulk change ${n}`,
          changes: { owner: [n === 1 ? null : `Owner ${n - 1}`, `Owner ${n}`] },
        }),
      );
    }
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('shows the chain intact with its head, the newest entries first, values escaped', async () => {
    const head = await audit.latestHead();
    const html = (await admin.agent.get('/admin/audit').expect(200)).text;
    const status = sectionText(html, 'chain-status');
    expect(status).toContain(`Chain intact: ${head!.id} entries, head #${head!.id}`);
    expect(status).toContain(head!.hash);
    const text = mainText(html);
    expect(text).toContain('user.created');
    expect(text).toContain('user.signed_in');
    expect(text).toContain('owner: Owner 54 → Owner 55');
    expect(text).toContain('203.0.113.7');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(text.indexOf('Title set to')).toBeLessThan(text.indexOf('Bulk change 54'));
  });

  it('filters and pages, keeping the filters in the page links', async () => {
    const first = (await admin.agent.get('/admin/audit?action=test.bulk&entityType=finding').expect(200)).text;
    expect(sectionText(first, 'result-count')).toContain('55 entries, page 1 of 2');
    expect(rowsText(first)).not.toContain('user.signed_in');
    expect(decodeEntities(first)).toContain('href="/admin/audit?action=test.bulk&entityType=finding&page=2"');
    const second = rowsText(
      (await admin.agent.get('/admin/audit?action=test.bulk&entityType=finding&page=2').expect(200)).text,
    );
    expect(second).toContain('owner: — → Owner 1');
    expect(second).not.toContain('Owner 54 →');

    const byActor = (await admin.agent.get('/admin/audit?actor=%20ADA.ADMIN%20&action=user.signed_in').expect(200))
      .text;
    expect(sectionText(byActor, 'result-count')).toMatch(/\b1 entry\b/);
    expect(rowsText(byActor)).toContain('ada.admin');
    const future = mainText((await admin.agent.get('/admin/audit?from=2999-01-01').expect(200)).text);
    expect(future).toContain('No entries match these filters');
  });

  it('refuses bad filters with a 400', async () => {
    for (const query of ['to=2026-02-30', 'from=31/01/2026', 'page=0', 'page=two', 'colour=red']) {
      await admin.agent.get(`/admin/audit?${query}`).expect(400);
    }
  });

  it('shows the last page for a page number past the end, and explains a page number that is not one', async () => {
    const beyond = await admin.agent.get('/admin/audit?action=test.bulk&page=99999999999999999999').expect(200);
    expect(sectionText(beyond.text, 'result-count')).toContain('55 entries, page 2 of 2');
    expect(rowsText(beyond.text)).toContain('owner: — → Owner 1');
    for (const [query, message] of [
      ['page=-3', 'Page must be 1 or more'],
      ['page=abc', 'Page must be a whole number'],
      ['page=2.5', 'Page must be a whole number'],
      ['page=1e999', 'Page must be a whole number'],
    ]) {
      const refused = await admin.agent.get(`/admin/audit?${query}`).expect(400);
      expect(mainText(refused.text)).toContain(message);
    }
  });

  it('lists one item’s entries newest first, and refuses to record outside a transaction', async () => {
    const entries = await audit.forEntity('finding', 'DER-2025-AFI-01');
    expect(entries).toHaveLength(55);
    expect(entries[0].id).toBeGreaterThan(entries[1].id);
    await expect(
      audit.record(testApp.app.get(DataSource).manager, {
        actor: 'system',
        ip: null,
        action: 'test.loose',
        entityType: 'finding',
        entityId: 1,
      }),
    ).rejects.toThrow('inside the transaction');
  });

  it('names the edited entry when a row is changed behind the application’s back', async () => {
    const published = (await audit.latestHead())!.hash;
    await expect(audit.verify(published)).resolves.toMatchObject({ ok: true });
    await testApp.app.get(DataSource).query(`UPDATE audit_log SET summary = 'Nothing to see' WHERE id = 3`);
    expect(await audit.verify()).toMatchObject({
      ok: false,
      firstBroken: { id: 3, reason: expect.stringContaining('was edited') as unknown },
    });
    const status = sectionText((await admin.agent.get('/admin/audit').expect(200)).text, 'chain-status');
    expect(status).toContain('The audit chain is broken at entry #3');
    expect(status).toContain('its hash does not match its content: the entry was edited');
  });
});
