import { Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../src/audit/audit.service';
import { ImportsService } from '../src/imports/imports.service';
import { createUser, csrfFrom, signIn, TEST_PASSWORD } from './factories/users';
import type { FindingBody } from './utils/api-bodies';
import { createTestApp, type TestApp } from './utils/create-test-app';
import { dateFields, daysFromToday, hiddenFields, submitForm, uploadEvidence } from './utils/forms';
import { mainText, sectionText } from './utils/page-text';
import request from 'supertest';

type Session = Awaited<ReturnType<typeof signIn>>;

describe('Protection: CSRF, escaping, uploads, sessions and the audit chain', () => {
  let testApp: TestApp;
  let staff: Session;

  beforeAll(async () => {
    testApp = await createTestApp();
    staff = await signIn(testApp.app, await createUser(testApp.app, 'force_staff', { username: 'sue.staff' }));
  });

  afterAll(async () => {
    await testApp.close();
  });

  describe('CSRF', () => {
    it('refuses a change without the session’s token, and with another session’s token', async () => {
      const page = await staff.agent.get('/findings/DER-2025-AFI-01/notes/new').expect(200);
      const { version, loadedAt } = hiddenFields(page.text);
      const missing = await staff.agent
        .post('/findings/DER-2025-AFI-01/notes')
        .type('form')
        .send({ version, loadedAt, commentary: 'forged' });
      expect(missing.status).toBe(403);
      expect(mainText(missing.text)).toContain(
        'The form could not be sent because it expired or did not come from this service',
      );
      const other = await signIn(testApp.app, await createUser(testApp.app, 'force_staff'));
      const wrong = await staff.agent
        .post('/findings/DER-2025-AFI-01/notes')
        .type('form')
        .send({ _csrf: other.csrf, version, loadedAt, commentary: 'forged' });
      expect(wrong.status).toBe(403);
      const history = sectionText((await staff.agent.get('/findings/DER-2025-AFI-01').expect(200)).text, 'history');
      expect(history).not.toContain('forged');
    });

    it('takes a multipart upload’s token from its form field or the x-csrf-token header, never from the address', async () => {
      const ref = 'DER-2025-AFI-03';
      /** Posts the evidence form as multipart with its version fields; the token goes where `token` puts it. */
      const postEvidence = async (
        title: string,
        token: (call: request.Test, csrf: string) => request.Test,
        path = `/findings/${ref}/evidence`,
      ) => {
        const page = await staff.agent.get(`/findings/${ref}/evidence/new`).expect(200);
        const hidden = hiddenFields(page.text);
        const call = staff.agent.post(path.replace(':csrf', encodeURIComponent(hidden._csrf)));
        return token(call, hidden._csrf)
          .field('version', hidden.version)
          .field('loadedAt', hidden.loadedAt)
          .field('kind', 'file')
          .field('title', title)
          .attach('file', Buffer.from('%PDF-1.4\n% evidence\n'), 'evidence.pdf')
          .redirects(0);
      };
      const other = await signIn(testApp.app, await createUser(testApp.app, 'force_staff'));
      const refusals: Array<[string, request.Response]> = [
        [
          'only in the address',
          await postEvidence('Token in the address', (call) => call, `/findings/${ref}/evidence?_csrf=:csrf`),
        ],
        ['missing', await postEvidence('No token', (call) => call)],
        [
          'another session’s, in the field',
          await postEvidence('Other token', (call) => call.field('_csrf', other.csrf)),
        ],
        [
          'another session’s, in the header',
          await postEvidence('Other header', (call) => call.set('x-csrf-token', other.csrf)),
        ],
      ];
      for (const [label, response] of refusals) {
        expect({ label, status: response.status }).toEqual({ label, status: 403 });
        expect(mainText(response.text)).toContain(
          'The form could not be sent because it expired or did not come from this service',
        );
      }
      expect((await postEvidence('Token in the field', (call, csrf) => call.field('_csrf', csrf))).status).toBe(303);
      expect((await postEvidence('Token in the header', (call, csrf) => call.set('x-csrf-token', csrf))).status).toBe(
        303,
      );
      const api = (await staff.agent.get(`/api/findings/${ref}`).expect(200)).body as FindingBody;
      expect(api.evidence.map((item) => item.title).sort()).toEqual(['Token in the field', 'Token in the header']);

      // The report upload likewise: the token in the address only is refused, and nothing is read or stored.
      const inspector = await signIn(testApp.app, await createUser(testApp.app, 'inspector'));
      const imports = async () =>
        Number(
          (
            await testApp.app
              .get(DataSource)
              .query<Array<{ n: number | string }>>('SELECT COUNT(*) AS n FROM report_imports')
          )[0].n,
        );
      const before = await imports();
      const report = Buffer.from('Areas for improvement\n\n• The force should record the use of force.\n');
      const inAddress = await inspector.agent
        .post(`/imports?_csrf=${encodeURIComponent(inspector.csrf)}`)
        .attach('file', report, 'report.txt')
        .redirects(0);
      expect(inAddress.status).toBe(403);
      expect(mainText(inAddress.text)).toContain('The form could not be sent because it expired');
      expect(await imports()).toBe(before);
      const inField = await inspector.agent
        .post('/imports')
        .field('_csrf', inspector.csrf)
        .attach('file', report, 'report.txt')
        .redirects(0);
      expect(inField.status).toBe(303);
      expect(await imports()).toBe(before + 1);
      // No page puts a token in an address.
      for (const path of ['/imports', `/findings/${ref}/evidence/new`]) {
        const html = (await (path === '/imports' ? inspector : staff).agent.get(path).expect(200)).text;
        expect(html).not.toMatch(/_csrf=/);
      }
    });

    it('refuses a multipart post to a form that takes no file, even with the token in its body', async () => {
      const page = await staff.agent.get('/findings/DER-2025-AFI-01/notes/new').expect(200);
      const { _csrf, version, loadedAt } = hiddenFields(page.text);
      const response = await staff.agent
        .post('/findings/DER-2025-AFI-01/notes')
        .field('_csrf', _csrf)
        .field('version', version)
        .field('loadedAt', loadedAt)
        .field('commentary', 'sent as multipart');
      expect(response.status).toBe(403);
      const history = sectionText((await staff.agent.get('/findings/DER-2025-AFI-01').expect(200)).text, 'history');
      expect(history).not.toContain('sent as multipart');
    });

    it('never writes a token to the log, even one sent in the address of a request that fails', async () => {
      const inspector = await signIn(testApp.app, await createUser(testApp.app, 'inspector'));
      const imports = testApp.app.get(ImportsService);
      const failure = jest.spyOn(imports, 'upload').mockRejectedValueOnce(new Error('the database went away'));
      const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      try {
        const response = await inspector.agent
          .post(`/imports?_csrf=${encodeURIComponent(inspector.csrf)}&kind=report`)
          .set('x-csrf-token', inspector.csrf)
          .attach('file', Buffer.from('Areas for improvement\n'), 'report.txt')
          .redirects(0);
        expect(response.status).toBe(500);
        const lines = logged.mock.calls.map((call) => call.map(String).join(' ')).join('\n');
        expect(lines).toContain('POST /imports?_csrf=[removed]&kind=report');
        expect(lines).toContain('the database went away');
        expect(lines).not.toContain(inspector.csrf);
      } finally {
        failure.mockRestore();
        logged.mockRestore();
      }
    });

    it('refuses a sign-in form posted without its token', async () => {
      const response = await request(testApp.app.getHttpServer())
        .post('/sign-in')
        .type('form')
        .send({ username: 'sue.staff', password: TEST_PASSWORD });
      expect(response.status).toBe(403);
    });
  });

  describe('user input is shown as typed and never runs', () => {
    const payloads = [
      '<script>alert("xss")</script>',
      '"><img src=x onerror=alert(1)>',
      "'; DROP TABLE findings; --",
      '{{constructor.constructor("alert(1)")()}}',
      '50% of _all_ \\ cases',
    ];

    it.each(payloads)('keeps %s inert and verbatim in every text field', async (payload) => {
      const ref = 'DER-2025-AFI-05';
      expect(
        (await submitForm(staff.agent, `/findings/${ref}/notes/new`, `/findings/${ref}/notes`, { commentary: payload }))
          .status,
      ).toBe(303);
      expect(
        (
          await submitForm(staff.agent, `/findings/${ref}/actions/new`, `/findings/${ref}/actions`, {
            description: payload,
            owner: payload,
            ...dateFields('dueDate', daysFromToday(30)),
            status: 'not_started',
          })
        ).status,
      ).toBe(303);
      expect(
        (await uploadEvidence(staff.agent, ref, { kind: 'note', title: payload.slice(0, 200), description: payload }))
          .status,
      ).toBe(303);
      const html = (await staff.agent.get(`/findings/${ref}`).expect(200)).text;
      expect(html).not.toContain('<script>alert');
      expect(html).not.toContain('<img src=x');
      expect(mainText(html)).toContain(payload);
      // Stored verbatim, SQL and LIKE characters included.
      const api = (await staff.agent.get(`/api/findings/${ref}`).expect(200)).body as FindingBody;
      expect(api.history.some((entry) => entry.commentary === payload)).toBe(true);
      expect(api.actions.some((action) => action.description === payload)).toBe(true);
    });
  });

  describe('evidence files', () => {
    const ref = 'DER-2025-AFI-02';
    const refusal = async (name: string, content: Buffer) => {
      const response = await uploadEvidence(
        staff.agent,
        ref,
        { kind: 'file', title: `Refused ${name}` },
        { content, name },
      );
      return { status: response.status, text: mainText(response.text), html: response.text };
    };

    it('accepts a real PDF, stores its SHA-256 and serves it only as a download with safe headers', async () => {
      const content = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n');
      expect(
        (
          await uploadEvidence(
            staff.agent,
            ref,
            { kind: 'file', title: 'Vetting policy' },
            { content, name: '../../Vetting policy.pdf' },
          )
        ).status,
      ).toBe(303);
      const api = (await staff.agent.get(`/api/findings/${ref}`).expect(200)).body as FindingBody;
      const item = api.evidence.find((entry) => entry.title === 'Vetting policy')!;
      expect(item.sha256).toBe(createHash('sha256').update(content).digest('hex'));
      expect(item.fileName).toBe('Vetting policy.pdf');
      const download = await staff.agent.get(item.downloadHref!).expect(200);
      expect(download.headers['content-type']).toBe('application/pdf');
      expect(download.headers['content-disposition']).toMatch(/^attachment; filename="Vetting policy.pdf"/);
      expect(download.headers['x-content-type-options']).toBe('nosniff');
      expect(Buffer.from(download.body as Buffer).equals(content) || download.text === content.toString()).toBe(true);
      // Another force's user cannot download it: the finding does not exist for them.
      const other = await signIn(testApp.app, await createUser(testApp.app, 'force_staff', { forceCode: 'CHE' }));
      await other.agent.get(item.downloadHref!).expect(404);
      // Nor can anyone signed out.
      await request(testApp.app.getHttpServer()).get(item.downloadHref!).expect(303);
    });

    it('refuses each bad file with a clear message beside the field, and stores nothing', async () => {
      const cases: Array<[string, Buffer, string]> = [
        ['empty.pdf', Buffer.alloc(0), 'The selected file is empty'],
        ['tool.exe', Buffer.from('MZ\x90\x00'), 'The selected file must be a PDF, Word, Excel, PowerPoint'],
        ['page.html', Buffer.from('<html></html>'), 'The selected file must be a PDF, Word, Excel, PowerPoint'],
        ['fake.pdf', Buffer.from('just text'), 'it is not a real PDF'],
        ['photo.png', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]), 'it is not a real'],
        ['notes.txt', Buffer.from('<!doctype html><script>alert(1)</script>'), 'looks like a web page'],
        ['binary.txt', Buffer.from([0x41, 0x00, 0x42]), 'it is not a real text file'],
      ];
      for (const [name, content, message] of cases) {
        const response = await refusal(name, content);
        expect({ name, status: response.status }).toEqual({ name, status: 400 });
        expect(response.text).toContain('There is a problem');
        expect(response.text).toContain(message);
        // The form comes back with what was typed.
        expect(response.html).toContain(`value="Refused ${name}"`);
      }
      const api = (await staff.agent.get(`/api/findings/${ref}`).expect(200)).body as FindingBody;
      expect(api.evidence.filter((entry) => entry.title.startsWith('Refused '))).toEqual([]);
    });

    it('refuses a file over the size limit', async () => {
      const big = Buffer.alloc(20 * 1024 * 1024 + 10, 0x41);
      big.write('%PDF-1.4\n');
      const response = await refusal('huge.pdf', big);
      expect(response.status).toBe(413);
      expect(response.text).toContain('The selected file is larger than the upload limit of 20 MB');
    });

    it('requires a file for file evidence and a web address for a link', async () => {
      const noFile = await uploadEvidence(staff.agent, ref, { kind: 'file', title: 'Nothing attached' });
      expect(mainText(noFile.text)).toContain('Select a file');
      const badLink = await uploadEvidence(staff.agent, ref, {
        kind: 'link',
        title: 'Bad link',
        url: 'javascript:alert(1)',
      });
      expect(badLink.status).toBe(400);
      expect(mainText(badLink.text)).toContain('Enter a web address starting with https:// or http://');
      expect(badLink.text).toContain('value="Bad link"');
    });

    it('withdraws evidence with a reason, never deleting it', async () => {
      const api = (await staff.agent.get(`/api/findings/${ref}`).expect(200)).body as FindingBody;
      const item = api.evidence.find((entry) => entry.title === 'Vetting policy')!;
      const page = await staff.agent.get(`/findings/${ref}/evidence/${item.id}/withdraw`).expect(200);
      const noReason = await staff.agent
        .post(`/findings/${ref}/evidence/${item.id}/withdraw`)
        .type('form')
        .send({ ...hiddenFields(page.text), reason: '' });
      expect(mainText(noReason.text)).toContain('Give the reason for withdrawing the evidence');
      await staff.agent
        .post(`/findings/${ref}/evidence/${item.id}/withdraw`)
        .type('form')
        .send({ ...hiddenFields(page.text), reason: 'Superseded by the 2026 policy' })
        .expect(303);
      const text = mainText((await staff.agent.get(`/findings/${ref}`).expect(200)).text);
      expect(text).toContain('Vetting policy');
      expect(text).toContain('Withdrawn: Superseded by the 2026 policy');
    });
  });

  describe('sign-in and sessions', () => {
    it('gives a new session id at each sign-in and ends the session at sign-out', async () => {
      const user = await createUser(testApp.app, 'board_member', { username: 'bea.board' });
      const first = await signIn(testApp.app, user);
      const second = await signIn(testApp.app, user);
      const cookieOf = async (session: Session) => (await session.agent.get('/').expect(200)).request.cookies;
      expect(await cookieOf(first)).not.toEqual(await cookieOf(second));
      const page = await first.agent.get('/').expect(200);
      await first.agent
        .post('/sign-out')
        .type('form')
        .send({ _csrf: csrfFrom(page.text) })
        .expect(303);
      const after = await first.agent.get('/').redirects(0);
      expect(after.status).toBe(303);
      expect(after.headers.location).toBe('/sign-in?returnTo=%2F');
      await second.agent.get('/').expect(200);
    });

    it('sets the session cookie HttpOnly and SameSite, and the pages a strict content security policy', async () => {
      const agent = request.agent(testApp.app.getHttpServer());
      const form = await agent.get('/sign-in').expect(200);
      expect(form.headers['content-security-policy']).toContain("script-src 'self'");
      expect(form.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(form.headers['x-content-type-options']).toBe('nosniff');
      const response = await agent
        .post('/sign-in')
        .type('form')
        .send({ username: 'sue.staff', password: TEST_PASSWORD, _csrf: csrfFrom(form.text) })
        .expect(303);
      const cookie = String(response.headers['set-cookie']);
      expect(cookie).toMatch(/tracker_session=[^;]+;.*HttpOnly/);
      expect(cookie).toMatch(/SameSite=Lax/);
    });

    it('says the same for a wrong password and an unknown user, then slows and locks repeated failures', async () => {
      await createUser(testApp.app, 'force_staff', { username: 'lockme' });
      const attempt = async (username: string, password: string) => {
        const agent = request.agent(testApp.app.getHttpServer());
        const form = await agent.get('/sign-in').expect(200);
        return agent
          .post('/sign-in')
          .type('form')
          .send({ username, password, _csrf: csrfFrom(form.text) });
      };
      const wrongPassword = await attempt('lockme', 'not the password at all');
      const unknownUser = await attempt('nobody-here', 'not the password at all');
      expect(wrongPassword.status).toBe(401);
      expect(mainText(wrongPassword.text)).toContain('Enter a correct username and password');
      expect(mainText(unknownUser.text)).toContain('Enter a correct username and password');
      expect(wrongPassword.text).toContain('value="lockme"');
      expect(wrongPassword.text).not.toContain('not the password at all');
      for (let index = 0; index < 9; index += 1) {
        await attempt('lockme', 'still wrong password');
      }
      const locked = await attempt('lockme', TEST_PASSWORD);
      expect(locked.status).toBe(401);
      expect(mainText(locked.text)).toContain('Too many failed attempts to sign in. Wait 15 minutes and try again.');
    });

    it('sends a signed-out visitor to sign in, and back to the page asked for afterwards', async () => {
      const agent = request.agent(testApp.app.getHttpServer());
      const redirect = await agent.get('/findings?kind=area_for_improvement').redirects(0).expect(303);
      expect(redirect.headers.location).toBe('/sign-in?returnTo=%2Ffindings%3Fkind%3Darea_for_improvement');
      const form = await agent.get(redirect.headers.location).expect(200);
      const signedIn = await agent
        .post('/sign-in')
        .type('form')
        .send({
          username: 'sue.staff',
          password: TEST_PASSWORD,
          _csrf: csrfFrom(form.text),
          returnTo: '/findings?kind=area_for_improvement',
        })
        .expect(303);
      expect(signedIn.headers.location).toBe('/findings?kind=area_for_improvement');
      // Never to another site.
      const form2 = await request
        .agent(testApp.app.getHttpServer())
        .get('/sign-in?returnTo=//evil.example')
        .expect(200);
      expect(form2.text).toContain('name="returnTo" value="/"');
    });
  });

  describe('audit chain', () => {
    it('records every change with who, what, old and new values and the address, and verifies', async () => {
      const audit = testApp.app.get(AuditService);
      const result = await audit.verify();
      expect(result).toMatchObject({ ok: true });
      const admin = await signIn(testApp.app, await createUser(testApp.app, 'administrator'));
      const text = mainText((await admin.agent.get('/admin/audit?entityId=DER-2025-AFI-05').expect(200)).text);
      expect(text).toContain('Chain intact');
      expect(text).toContain('finding.progress_note');
      expect(text).toContain('sue.staff');
      expect(text).toMatch(/::ffff:127\.0\.0\.1|127\.0\.0\.1/);
    });

    it('detects an edited entry and names it, and a chain cut short against a published head', async () => {
      const audit = testApp.app.get(AuditService);
      const head = (await audit.latestHead())!;
      const dataSource = testApp.app.get(DataSource);
      const postgres = dataSource.options.type === 'postgres';
      await dataSource.query(
        postgres ? 'UPDATE audit_log SET actor = $1 WHERE id = $2' : 'UPDATE audit_log SET actor = ? WHERE id = ?',
        ['mallory', 3],
      );
      expect(await audit.verify()).toMatchObject({
        ok: false,
        firstBroken: { id: 3, reason: expect.stringContaining('was edited') as unknown },
      });
      await dataSource.query(
        postgres ? 'DELETE FROM audit_log WHERE id >= $1' : 'DELETE FROM audit_log WHERE id >= ?',
        [3],
      );
      expect(await audit.verify()).toMatchObject({ ok: true });
      expect(await audit.verify(head.hash)).toMatchObject({
        ok: false,
        firstBroken: { reason: expect.stringContaining('rewritten or cut short') as unknown },
      });
    });
  });
});
