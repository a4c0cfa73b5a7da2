import type { INestApplication } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Server } from 'node:http';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { FindingDetail, FindingsPage, Problem } from '../src/api/dto/api-responses.dto';
import { ApiToken } from '../src/auth/api-token.entity';
import { makeApiToken, script } from './factories/api-tokens';
import { recordSecondForceReport, SECOND_FORCE } from './factories/second-force';
import { createUser, signIn } from './factories/users';
import { mainText } from './utils/page-text';
import { createTestApp, type TestApp } from './utils/create-test-app';

type Session = Awaited<ReturnType<typeof signIn>>;

/** The row of the token list naming this token, as the page reads. */
async function tokenRow(session: Session, name: string): Promise<string> {
  const text = mainText((await session.agent.get('/account/api-tokens').expect(200)).text);
  const line = text.split('\n').find((row) => row.includes(name));
  if (!line) {
    throw new Error(`No token named ${name} on the page:\n${text}`);
  }
  return line;
}

describe('Personal API tokens', () => {
  let testApp: TestApp;
  let app: INestApplication<Server>;
  let cheshire: Session;
  let cheshireUsername: string;
  let administrator: Session;

  beforeAll(async () => {
    testApp = await createTestApp();
    app = testApp.app;
    await recordSecondForceReport(app);
    const user = await createUser(app, 'force_staff', { forceCode: SECOND_FORCE.code, team: SECOND_FORCE.team });
    cheshireUsername = user.username;
    cheshire = await signIn(app, user);
    administrator = await signIn(app, await createUser(app, 'administrator'));
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('is made on a page, shown once, stored only as its SHA-256, and listed with its last use', async () => {
    const made = await cheshire.agent
      .post('/account/api-tokens')
      .type('form')
      .send({ _csrf: cheshire.csrf, name: 'Power BI refresh', scope: 'read', days: '90' })
      .expect(201);
    const token = /id="token"[^>]*value="([^"]+)"/.exec(made.text)![1];
    expect(mainText(made.text)).toContain('Copy the token now: it is shown only this once.');
    expect(token).toMatch(/^ift_[A-Za-z0-9_-]{43}$/);

    const page = await cheshire.agent.get('/account/api-tokens').expect(200);
    expect(page.text).not.toContain(token);
    expect(await tokenRow(cheshire, 'Power BI refresh')).toMatch(
      /Power BI refresh\s+Read only\s+.+\s+.+\s+Never used\s+Active/,
    );

    const rows = await app
      .get(DataSource)
      .getRepository(ApiToken)
      .find({ where: { name: 'Power BI refresh' } });
    expect(rows).toHaveLength(1);
    expect(rows[0].tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(token.slice(4));

    const list = await script(app, token).get('/api/v1/findings').expect(200);
    expect(list.headers['cache-control']).toBe('no-store');
    expect(await tokenRow(cheshire, 'Power BI refresh')).not.toContain('Never used');
    // Another user's page does not list it.
    expect(mainText((await administrator.agent.get('/account/api-tokens').expect(200)).text)).not.toContain(
      'Power BI refresh',
    );
  });

  it('refuses a form without a name, and a lifetime not offered, beside their fields', async () => {
    const refused = await cheshire.agent
      .post('/account/api-tokens')
      .type('form')
      .send({ _csrf: cheshire.csrf, name: ' ', scope: 'read', days: '10000' })
      .expect(400);
    const text = mainText(refused.text);
    expect(text).toContain('Enter a name for the token');
    expect(text).toContain('Select when the token expires');
  });

  it('sees only what its user may see: another force’s finding is not found', async () => {
    const token = await makeApiToken(cheshire, { name: 'Scope check' });
    const list = (await script(app, token).get('/api/v1/findings?kind=area_for_improvement').expect(200))
      .body as FindingsPage;
    expect(list.items.map((item) => item.reference)).toEqual([SECOND_FORCE.reference]);
    const other = await script(app, token).get('/api/v1/findings/DER-2025-AFI-01').expect(404);
    expect((other.body as Problem).detail).toBe('No finding has the reference DER-2025-AFI-01');
    await script(app, token).get('/api/v1/reports/der-2025-integrity').expect(404);
    const writes = await makeApiToken(cheshire, { name: 'Scope check (write)', scope: 'read_write' });
    await script(app, writes)
      .post('/api/v1/findings/DER-2025-AFI-01/notes')
      .set('If-Match', '"1"')
      .send({ commentary: 'Not ours' })
      .expect(404);
  });

  it('refuses a read token any change (403), and a role any change it may not make on the page', async () => {
    const token = await makeApiToken(cheshire, { name: 'Read only', scope: 'read' });
    const { headers } = await script(app, token).get(`/api/v1/findings/${SECOND_FORCE.reference}`).expect(200);
    const refused = await script(app, token)
      .post(`/api/v1/findings/${SECOND_FORCE.reference}/notes`)
      .set('If-Match', String(headers.etag))
      .send({ commentary: 'A read token writing' })
      .expect(403);
    expect((refused.body as Problem).detail).toContain('may only read');

    const boardMember = await signIn(app, await createUser(app, 'board_member', { forceCode: SECOND_FORCE.code }));
    const boardToken = await makeApiToken(boardMember, { name: 'Board', scope: 'read_write' });
    await script(app, boardToken)
      .post(`/api/v1/findings/${SECOND_FORCE.reference}/notes`)
      .set('If-Match', String(headers.etag))
      .send({ commentary: 'A board member writing' })
      .expect(403);
  });

  it('refuses a revoked, expired or unknown token with 401 and WWW-Authenticate: Bearer', async () => {
    const revoked = await makeApiToken(cheshire, { name: 'To revoke' });
    await script(app, revoked).get('/api/v1/reports').expect(200);
    const id = /action="\/account\/api-tokens\/(\d+)\/revoke"/.exec(
      (await cheshire.agent.get('/account/api-tokens')).text,
    )![1];
    // Revoked from the list (the newest token first).
    await cheshire.agent
      .post(`/account/api-tokens/${id}/revoke`)
      .type('form')
      .send({ _csrf: cheshire.csrf })
      .expect(303);
    expect(await tokenRow(cheshire, 'To revoke')).toContain('Revoked');
    const afterRevoke = await script(app, revoked).get('/api/v1/reports').expect(401);
    expect(afterRevoke.headers['www-authenticate']).toBe(
      'Bearer realm="inspection-findings-tracker", error="invalid_token", error_description="The API token has been revoked"',
    );
    expect(afterRevoke.headers['content-type']).toMatch(/application\/problem\+json/);

    const expiring = await makeApiToken(cheshire, { name: 'Expiring', days: 7 });
    await script(app, expiring).get('/api/v1/reports').expect(200);
    // A week and a moment later (the clock is not mocked: the stored expiry is moved into the past).
    await app
      .get(DataSource)
      .getRepository(ApiToken)
      .update({ name: 'Expiring' }, { expiresAt: new Date(Date.now() - 1000).toISOString() });
    const expired = await script(app, expiring).get('/api/v1/reports').expect(401);
    expect(expired.headers['www-authenticate']).toContain('error="invalid_token"');
    expect((expired.body as Problem).detail).toContain('has expired');
    expect(await tokenRow(cheshire, 'Expiring')).toContain('Expired');

    const unknown = await script(app, 'ift_not-a-token-anyone-made').get('/api/v1/reports').expect(401);
    expect((unknown.body as Problem).detail).toBe('The API token is not recognised');

    // A disabled account's tokens stop working with it.
    const leaver = await createUser(app, 'force_staff', { forceCode: SECOND_FORCE.code });
    const leaversToken = await makeApiToken(await signIn(app, leaver), { name: 'Leaver' });
    await script(app, leaversToken).get('/api/v1/reports').expect(200);
    await administrator.agent
      .post(`/users/${leaver.username}/disable`)
      .type('form')
      .send({ _csrf: administrator.csrf })
      .expect(303);
    const disabled = await script(app, leaversToken).get('/api/v1/reports').expect(401);
    expect((disabled.body as Problem).detail).toBe('The account this API token belongs to is disabled');
  });

  it('is taken only by /api/v1, and never together with the session cookie', async () => {
    const token = await makeApiToken(cheshire, { name: 'Where' });
    await script(app, token).get('/api/findings').expect(401);
    await script(app, token).get('/findings').expect(401);
    const both = await cheshire.agent.get('/api/v1/reports').set('Authorization', `Bearer ${token}`).expect(400);
    expect((both.body as Problem).detail).toBe('Send either an API token or the session cookie, not both');
    // The session alone still reads the API.
    await cheshire.agent.get('/api/v1/reports').expect(200);
  });

  it('lets a token-holding script update a finding’s status using only the published OpenAPI document', async () => {
    const token = await makeApiToken(cheshire, { name: 'Status script', scope: 'read_write' });
    const http = script(app, token);

    // The script knows the address of the document and the operations' ids, nothing else.
    const document = (await request(app.getHttpServer()).get('/api/v1/openapi.json').expect(200)).body as {
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    const operation = (id: string) => {
      for (const [path, item] of Object.entries(document.paths)) {
        for (const [method, described] of Object.entries(item)) {
          if (described.operationId === id) {
            return { method, path };
          }
        }
      }
      throw new Error(`No operation ${id}`);
    };
    const list = operation('listFindings');
    const get = operation('getFinding');
    const changeStatus = operation('changeFindingStatus');
    expect([list.method, get.method, changeStatus.method]).toEqual(['get', 'get', 'post']);

    const page = (await http.get(`${list.path}?status=in_progress`).expect(200)).body as FindingsPage;
    const target = page.items.find((item) => item.reference === SECOND_FORCE.reference)!;
    const read = await http.get(target.url).expect(200);
    expect(get.path.replace('{reference}', target.reference)).toBe(target.url);
    // The same rules as the page: a claim needs evidence.
    const refused = await http
      .post(changeStatus.path.replace('{reference}', encodeURIComponent(target.reference)))
      .set('If-Match', String(read.headers.etag))
      .send({ transition: 'claim', commentary: 'Cleared the backlog' })
      .expect(400);
    expect(JSON.stringify(refused.body)).toContain('evidence');

    await http
      .post(`${target.url}/evidence`)
      .set('If-Match', String(read.headers.etag))
      .send({ title: 'Backlog closed report', url: 'https://intranet.example.police.uk/vetting/closed' })
      .expect(201);
    const again = await http.get(target.url).expect(200);
    const claimed = await http
      .post(changeStatus.path.replace('{reference}', encodeURIComponent(target.reference)))
      .set('If-Match', String(again.headers.etag))
      .send({ transition: 'claim', commentary: 'Cleared the backlog' })
      .expect(200);
    const finding = claimed.body as FindingDetail;
    expect(finding.status).toBe('implemented');
    expect(finding.history[0]).toMatchObject({
      type: 'status_change',
      fromValue: 'In progress',
      toValue: 'Implemented – awaiting verification',
      author: cheshireUsername,
      commentary: 'Cleared the backlog',
    });

    // The finding's page says so, and the audit log names the token that made the change.
    expect(mainText((await cheshire.agent.get(`/findings/${target.reference}`).expect(200)).text)).toContain(
      'Cleared the backlog',
    );
    const audit = mainText(
      (await administrator.agent.get(`/admin/audit?entityId=${target.reference}`).expect(200)).text,
    );
    expect(audit).toContain(
      `${target.reference}: In progress → Implemented – awaiting verification (through API token “Status script”, #`,
    );
    const made = mainText((await administrator.agent.get('/admin/audit?action=api_token.created').expect(200)).text);
    expect(made).toContain(`${cheshireUsername} made API token “Status script” (read and write`);
  });
});
