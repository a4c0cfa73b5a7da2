import type { INestApplication } from '@nestjs/common';
import { MEETING_FIELDS } from './factories/board-pack-meeting';
import request from 'supertest';
import type { Role } from '../src/access/roles';
import { createUser, signIn } from './factories/users';
import { recordSecondForceReport, SECOND_FORCE } from './factories/second-force';
import type { DashboardBody, FindingBody, FindingListBody } from './utils/api-bodies';
import { mainText, sectionText } from './utils/page-text';
import { createTestApp, type TestApp } from './utils/create-test-app';

type Persona = Role | 'anonymous' | 'other_force_staff' | 'other_force_lead';
const SIGNED_IN: readonly Role[] = ['force_staff', 'force_lead', 'inspector', 'board_member', 'administrator'];
const WORK: readonly Role[] = ['force_staff', 'force_lead'];

/**
 * Who may use each route (method and path pattern). Every route the app serves must be here:
 * a new route without an entry fails this test, and so does one whose guard disagrees.
 */
const EXPECTED: Record<
  string,
  {
    allowed: readonly Role[] | 'public';
    forceItem?: boolean;
    otherForceRefused?: boolean;
    query?: string;
    redirects?: boolean;
  }
> = {
  'GET /sign-in': { allowed: 'public' },
  'POST /sign-in': { allowed: 'public' },
  'POST /sign-out': { allowed: SIGNED_IN },
  'GET /': { allowed: SIGNED_IN },
  'GET /api': { allowed: SIGNED_IN },
  'GET /my-work': { allowed: SIGNED_IN },
  'GET /my-work/export.csv': { allowed: SIGNED_IN },
  'GET /my-work/export.xlsx': { allowed: SIGNED_IN },
  'GET /reports': { allowed: SIGNED_IN },
  'GET /reports/:key': { allowed: SIGNED_IN, forceItem: true },
  'GET /api/reports': { allowed: SIGNED_IN },
  'GET /api/reports/:key': { allowed: SIGNED_IN, forceItem: true },
  'GET /findings': { allowed: SIGNED_IN },
  'GET /findings/export.csv': { allowed: SIGNED_IN },
  'GET /findings/export.xlsx': { allowed: SIGNED_IN },
  'GET /findings/:reference': { allowed: SIGNED_IN, forceItem: true },
  'GET /api/findings': { allowed: SIGNED_IN },
  'GET /api/findings/:reference': { allowed: SIGNED_IN, forceItem: true },
  'GET /findings/:reference/status': { allowed: SIGNED_IN, forceItem: true },
  'POST /findings/:reference/status': { allowed: SIGNED_IN },
  'GET /findings/:reference/notes/new': { allowed: WORK, forceItem: true },
  'POST /findings/:reference/notes': { allowed: WORK },
  'GET /findings/:reference/actions/new': { allowed: WORK, forceItem: true },
  'POST /findings/:reference/actions': { allowed: WORK },
  'GET /findings/:reference/actions/:actionId/edit': { allowed: WORK, forceItem: true },
  'POST /findings/:reference/actions/:actionId': { allowed: WORK },
  'GET /findings/:reference/assign': { allowed: ['force_lead'], forceItem: true },
  'POST /findings/:reference/assign': { allowed: ['force_lead'] },
  'GET /findings/:reference/assessments/new': { allowed: ['inspector'], forceItem: true },
  'POST /findings/:reference/assessments': { allowed: ['inspector'] },
  'GET /findings/:reference/recipients/new': { allowed: ['inspector'], forceItem: true },
  'POST /findings/:reference/recipients': { allowed: ['inspector'] },
  'GET /findings/:reference/links/new': { allowed: ['inspector', 'force_lead'], forceItem: true },
  'POST /findings/:reference/links': { allowed: ['inspector', 'force_lead'] },
  'GET /findings/:reference/evidence/new': { allowed: WORK, forceItem: true },
  'POST /findings/:reference/evidence': { allowed: WORK },
  'GET /findings/:reference/evidence/:evidenceId/download': { allowed: SIGNED_IN, forceItem: true },
  'GET /findings/:reference/evidence/:evidenceId/review': { allowed: ['inspector', 'force_lead'], forceItem: true },
  'POST /findings/:reference/evidence/:evidenceId/review': { allowed: ['inspector', 'force_lead'] },
  'GET /findings/:reference/evidence/:evidenceId/withdraw': { allowed: WORK, forceItem: true },
  'POST /findings/:reference/evidence/:evidenceId/withdraw': { allowed: WORK },
  'GET /admin/audit': { allowed: ['administrator'] },
  'GET /admin/audit/export.csv': { allowed: ['administrator'] },
  'GET /admin/audit/export.xlsx': { allowed: ['administrator'] },
  'GET /board-packs': { allowed: SIGNED_IN },
  'GET /board-packs/current': { allowed: SIGNED_IN },
  'POST /board-packs': { allowed: ['force_lead', 'board_member', 'inspector', 'administrator'] },
  'GET /board-packs/latest': { allowed: SIGNED_IN, redirects: true },
  'GET /board-packs/:id': { allowed: SIGNED_IN, forceItem: true },
  'GET /board-packs/:id/compare': { allowed: SIGNED_IN, forceItem: true, query: '?with=:id' },
  'GET /progress': { allowed: ['inspector'] },
  'GET /progress/export.csv': { allowed: ['inspector'], query: '?theme=Vetting' },
  'GET /progress/export.xlsx': { allowed: ['inspector'], query: '?theme=Vetting' },
  'GET /imports': { allowed: ['inspector', 'administrator'] },
  'POST /imports': { allowed: ['inspector', 'administrator'] },
  'GET /imports/:importId': { allowed: ['inspector', 'administrator'] },
  'POST /imports/:importId': { allowed: ['inspector', 'administrator'] },
  'POST /imports/:importId/section': { allowed: ['inspector', 'administrator'] },
  'POST /imports/:importId/discard': { allowed: ['inspector', 'administrator'] },
  'GET /tracker-imports': { allowed: ['force_lead', 'inspector', 'administrator'] },
  'POST /tracker-imports': { allowed: ['force_lead', 'inspector', 'administrator'] },
  'GET /tracker-imports/:trackerImportId': { allowed: ['force_lead', 'inspector', 'administrator'], forceItem: true },
  'POST /tracker-imports/:trackerImportId': { allowed: ['force_lead', 'inspector', 'administrator'], forceItem: true },
  'GET /findings/:reference/board-decision': { allowed: ['board_member', 'force_lead'], forceItem: true },
  'POST /findings/:reference/board-decision': { allowed: ['board_member', 'force_lead'] },
  'GET /organisations': { allowed: SIGNED_IN },
  'GET /organisations/:code': { allowed: SIGNED_IN, forceItem: true },
  'GET /organisations/:code/stage': { allowed: ['inspector', 'administrator'] },
  'POST /organisations/:code/stage': { allowed: ['inspector', 'administrator'] },
  'GET /users': { allowed: ['force_lead', 'administrator'] },
  'GET /users/new': { allowed: ['force_lead', 'administrator'] },
  'POST /users': { allowed: ['force_lead', 'administrator'] },
  // Another force's account is a 404 for a lead, as another force's item is.
  'GET /users/:username/edit': { allowed: ['force_lead', 'administrator'], forceItem: true },
  'POST /users/:username': { allowed: ['force_lead', 'administrator'], forceItem: true },
  'POST /users/:username/reset-password': { allowed: ['force_lead', 'administrator'], forceItem: true },
  'POST /users/:username/disable': { allowed: ['force_lead', 'administrator'], forceItem: true },
  'POST /users/:username/enable': { allowed: ['force_lead', 'administrator'], forceItem: true },
  'GET /teams': { allowed: SIGNED_IN },
  'POST /teams': { allowed: ['force_lead', 'administrator'] },
  // :id is the saved board pack's id (a small number): on a fresh database every team is the default data's force's.
  'POST /teams/:id/retire': { allowed: ['force_lead', 'administrator'], forceItem: true },
  // Personal API tokens: each user's own (:id, a board pack's id here, is no token of theirs: a 404 once let in).
  'GET /account/api-tokens': { allowed: SIGNED_IN },
  'POST /account/api-tokens': { allowed: SIGNED_IN },
  'POST /account/api-tokens/:id/revoke': { allowed: SIGNED_IN },
  // The versioned API and its description (writes without If-Match are a 428 once let in).
  'GET /api/docs': { allowed: 'public' },
  'GET /api/v1/openapi.json': { allowed: 'public' },
  'GET /api/v1/reports': { allowed: SIGNED_IN },
  'GET /api/v1/reports/:key': { allowed: SIGNED_IN, forceItem: true },
  'GET /api/v1/findings': { allowed: SIGNED_IN },
  'GET /api/v1/findings/:reference': { allowed: SIGNED_IN, forceItem: true },
  'POST /api/v1/findings/:reference/status': { allowed: SIGNED_IN },
  'POST /api/v1/findings/:reference/notes': { allowed: WORK },
  'POST /api/v1/findings/:reference/actions': { allowed: WORK },
  'POST /api/v1/findings/:reference/actions/:actionId': { allowed: WORK },
  'POST /api/v1/findings/:reference/evidence': { allowed: WORK },
  // Notifications: each person's own (:id, a board pack's id here, is none of theirs: back to the list); the
  // unsubscribe link needs no sign-in (its signed token is the permission; without one the page says it is not valid).
  'GET /notifications': { allowed: SIGNED_IN },
  'POST /notifications/read-all': { allowed: SIGNED_IN },
  'GET /notifications/preferences': { allowed: SIGNED_IN },
  'POST /notifications/preferences': { allowed: SIGNED_IN },
  'GET /notifications/unsubscribe': { allowed: 'public' },
  'POST /notifications/unsubscribe': { allowed: 'public' },
  'GET /notifications/organisations': { allowed: ['force_lead', 'administrator'] },
  'GET /notifications/organisations/:code': { allowed: ['force_lead', 'administrator'], forceItem: true },
  'POST /notifications/organisations/:code': { allowed: ['force_lead', 'administrator'] },
  'GET /notifications/outbox': { allowed: ['administrator'] },
  'POST /notifications/outbox/:id/retry': { allowed: ['administrator'] },
  'GET /notifications/:id': { allowed: SIGNED_IN, redirects: true },
};

interface Route {
  method: string;
  path: string;
}

/** Every route Express has, read from its router (Express 5 keeps it at app.router). */
function routesOf(app: INestApplication): Route[] {
  const express = app.getHttpAdapter().getInstance() as {
    router: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> };
  };
  return express.router.stack
    .filter((layer) => layer.route)
    .flatMap((layer) =>
      Object.keys(layer.route!.methods)
        .filter((method) => method !== '_all')
        .map((method) => ({ method: method.toUpperCase(), path: layer.route!.path })),
    );
}

describe('Access matrix: every route, for anonymous, each role and a user of another force', () => {
  let testApp: TestApp;
  const agents = new Map<Persona, ReturnType<typeof request.agent>>();
  const csrf = new Map<Persona, string>();
  let values: Record<string, string>;

  beforeAll(async () => {
    testApp = await createTestApp();
    const app = testApp.app;
    for (const role of SIGNED_IN) {
      const session = await signIn(app, await createUser(app, role));
      agents.set(role, session.agent);
      csrf.set(role, session.csrf);
    }
    for (const [persona, role] of [
      ['other_force_staff', 'force_staff'],
      ['other_force_lead', 'force_lead'],
    ] as const) {
      const session = await signIn(app, await createUser(app, role, { forceCode: 'CHE' }));
      agents.set(persona, session.agent);
      csrf.set(persona, session.csrf);
    }
    agents.set('anonymous', request.agent(app.getHttpServer()));

    // A file of evidence on DER-2025-AFI-01, so the evidence routes have something to act on.
    const lead = agents.get('force_lead')!;
    const page = await lead.get('/findings/DER-2025-AFI-01/evidence/new').expect(200);
    const version = /name="version" value="(\d+)"/.exec(page.text)![1];
    const loadedAt = /name="loadedAt" value="([^"]+)"/.exec(page.text)![1];
    await lead
      .post('/findings/DER-2025-AFI-01/evidence')
      .field('_csrf', csrf.get('force_lead')!)
      .field('version', version)
      .field('loadedAt', loadedAt)
      .field('kind', 'file')
      .field('title', 'Vetting backlog report')
      .attach('file', Buffer.from('%PDF-1.4\n% test\n'), 'backlog.pdf')
      .expect(303);
    const api = (await lead.get('/api/findings/DER-2025-AFI-01').expect(200)).body as FindingBody;
    values = {
      reference: 'DER-2025-AFI-01',
      key: 'der-2025-integrity',
      // Derbyshire: its page is another force's item for Cheshire's users.
      code: 'DER',
      actionId: String(api.actions[0].id),
      evidenceId: String(api.evidence[0].id),
      // Changing, resetting, disabling or enabling this (Derbyshire) account needs the persona's rights;
      // whoever is allowed, it is the same spare account.
      username: (await createUser(app, 'force_staff', { username: 'spare-account' })).username,
      // A tracker spreadsheet uploaded for Derbyshire: another force's item for Cheshire's lead.
      trackerImportId: String(
        (
          await lead
            .post('/tracker-imports')
            .field('_csrf', csrf.get('force_lead')!)
            .attach('file', Buffer.from('Ref,Owner,Status\nDER-2025-AFI-01,Force vetting unit (FVU),Green\n'), 't.csv')
            .redirects(0)
            .expect(303)
        ).headers.location,
      )
        .split('/')
        .pop()!,
      // The default data's first report, recorded as an import of its shipped text.
      importId: String(
        (await agents.get('inspector')!.get('/imports').expect(200)).text.match(/href="\/imports\/(\d+)"/)![1],
      ),
      id: await (async () => {
        const page = await lead.get('/board-packs/current?force=DER').expect(200);
        const saved = await lead
          .post('/board-packs')
          .type('form')
          .send({ _csrf: csrf.get('force_lead'), force: 'DER', ...MEETING_FIELDS })
          .redirects(0)
          .expect(303);
        expect(page.status).toBe(200);
        return String(saved.headers.location).split('/').pop()!;
      })(),
    };
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('has an expectation for every route the app serves, and a route for every expectation', () => {
    const served = routesOf(testApp.app).map((route) => `${route.method} ${route.path}`);
    expect(served.filter((route) => !(route in EXPECTED))).toEqual([]);
    expect(Object.keys(EXPECTED).filter((route) => !served.includes(route))).toEqual([]);
  });

  const personas: Persona[] = ['anonymous', ...SIGNED_IN, 'other_force_staff', 'other_force_lead'];

  it.each(personas)('answers %s as the matrix says on every route', async (persona) => {
    const agent = agents.get(persona)!;
    const failures: string[] = [];
    for (const [route, rule] of Object.entries(EXPECTED)) {
      if (route === 'POST /sign-out' || route === 'POST /sign-in') {
        continue; // signing out would end the persona's session; sign-in is tested on its own
      }
      const [method, pattern] = route.split(' ');
      const path = `${pattern}${rule.query ?? ''}`.replace(/:(\w+)/g, (_match, name: string) =>
        encodeURIComponent(values[name]),
      );
      const role: Role | null =
        persona === 'anonymous'
          ? null
          : persona.startsWith('other_force')
            ? persona === 'other_force_lead'
              ? 'force_lead'
              : 'force_staff'
            : (persona as Role);
      const call =
        method === 'GET'
          ? agent.get(path)
          : agent
              .post(path)
              .type('form')
              .send({ _csrf: csrf.get(persona) ?? '' });
      const response = await call.redirects(0);
      const status = response.status;

      let expected: string;
      let ok: boolean;
      if (rule.allowed === 'public') {
        expected = 'public';
        ok = status < 400;
      } else if (role === null) {
        expected = 'sign in';
        ok = path.startsWith('/api')
          ? status === 401
          : status === 303 && String(response.headers.location).startsWith('/sign-in');
      } else if (!rule.allowed.includes(role)) {
        expected = 'refused (403)';
        ok = status === 403;
      } else if (persona.startsWith('other_force') && rule.otherForceRefused) {
        expected = 'refused (403): another force’s account';
        ok = status === 403;
      } else if (persona.startsWith('other_force') && rule.forceItem) {
        expected = 'not found (404): another force’s item';
        ok = status === 404;
      } else {
        expected = 'allowed';
        // Allowed through the gate: a page, a redirect, or (for an empty POST) a validation error.
        ok = method === 'GET' ? status === (rule.redirects ? 303 : 200) : status !== 401 && status !== 403;
      }
      if (!ok) {
        failures.push(`${route} as ${persona}: expected ${expected}, got ${status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('never lists another force’s findings to a force user', async () => {
    const response = await agents.get('other_force_staff')!.get('/api/findings?kind=area_for_improvement').expect(200);
    expect((response.body as FindingListBody).total).toBe(0);
    const national = await agents
      .get('other_force_staff')!
      .get('/api/findings?kind=national_recommendation')
      .expect(200);
    expect((national.body as FindingListBody).total).toBe(10);
    const dashboard = await agents.get('other_force_staff')!.get('/').expect(200);
    expect(dashboard.text).not.toContain('DER-2025-AFI-01');
  });
});

describe('Every list and count, seen by a second force', () => {
  let testApp: TestApp;
  let derbyshire: Awaited<ReturnType<typeof signIn>>;
  let derbyshireLead: Awaited<ReturnType<typeof signIn>>;
  let cheshire: Awaited<ReturnType<typeof signIn>>;
  let cheshireLead: Awaited<ReturnType<typeof signIn>>;
  let inspector: Awaited<ReturnType<typeof signIn>>;

  beforeAll(async () => {
    testApp = await createTestApp();
    const app = testApp.app;
    await recordSecondForceReport(app);
    const team = SECOND_FORCE.team;
    derbyshire = await signIn(app, await createUser(app, 'force_staff', { team }));
    derbyshireLead = await signIn(app, await createUser(app, 'force_lead'));
    cheshire = await signIn(app, await createUser(app, 'force_staff', { forceCode: SECOND_FORCE.code, team }));
    cheshireLead = await signIn(app, await createUser(app, 'force_lead', { forceCode: SECOND_FORCE.code }));
    inspector = await signIn(app, await createUser(app, 'inspector'));
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('dashboard: each force counts and lists its own findings and its own verdicts on national recommendations', async () => {
    const derCounts = ((await derbyshire.agent.get('/api').expect(200)).body as DashboardBody).counts.total;
    const cheCounts = ((await cheshire.agent.get('/api').expect(200)).body as DashboardBody).counts.total;
    const allCounts = ((await inspector.agent.get('/api').expect(200)).body as DashboardBody).counts.total;
    expect(derCounts).toBe(84);
    // Cheshire: its area for improvement and the ten national recommendations.
    expect(cheCounts).toBe(11);
    // Every force's own findings (74 + 1) and each police force's record of the ten national recommendations.
    expect(allCounts).toBe(75 + 43 * 10);

    const derPage = mainText((await derbyshire.agent.get('/').expect(200)).text);
    const chePage = mainText((await cheshire.agent.get('/').expect(200)).text);
    expect(derPage).not.toContain(SECOND_FORCE.reference);
    expect(chePage).toContain(SECOND_FORCE.reference);
    // Cheshire has implemented NAT-2022-REC-02 by its own report; Derbyshire has not.
    expect(sectionText((await cheshire.agent.get('/').expect(200)).text, 'unimplemented')).not.toContain(
      SECOND_FORCE.national,
    );
    expect(sectionText((await derbyshire.agent.get('/').expect(200)).text, 'unimplemented')).toContain(
      SECOND_FORCE.national,
    );
    expect(derPage).not.toContain(SECOND_FORCE.quote);
  });

  it('my work: a team is one force’s team, even with the same name', async () => {
    const derWork = mainText((await derbyshire.agent.get('/my-work').expect(200)).text);
    const cheWork = mainText((await cheshire.agent.get('/my-work').expect(200)).text);
    expect(cheWork).toContain(SECOND_FORCE.reference);
    expect(cheWork).toContain(SECOND_FORCE.action);
    expect(derWork).not.toContain(SECOND_FORCE.reference);
    expect(derWork).not.toContain(SECOND_FORCE.action);
    expect(derWork).toContain('DER-');
  });

  it('board pack: each force’s pack holds its own findings and its own verdicts', async () => {
    const derPack = (await derbyshireLead.agent.get('/board-packs/current').expect(200)).text;
    const chePack = (await cheshireLead.agent.get('/board-packs/current').expect(200)).text;
    expect(mainText(derPack)).not.toContain(SECOND_FORCE.reference);
    expect(mainText(derPack)).not.toContain(SECOND_FORCE.action);
    expect(sectionText(derPack, 'national')).toContain(SECOND_FORCE.national);
    expect(mainText(chePack)).toContain('Progress on inspection findings: Cheshire Constabulary');
    expect(mainText(chePack)).toContain('1 finding in scope');
    expect(sectionText(chePack, 'appendix')).toContain(SECOND_FORCE.reference);
    expect(sectionText(chePack, 'national')).not.toContain(SECOND_FORCE.national);
    expect(mainText(chePack)).toContain(SECOND_FORCE.action);
    await cheshireLead.agent.get('/board-packs/current?force=DER').expect(404);
  });

  it('progress: inspectors see each force’s own verdict on a national recommendation', async () => {
    const csv = (await inspector.agent.get(`/progress?reference=${SECOND_FORCE.national}&format=csv`).expect(200)).text;
    const rowOf = (name: string) => csv.split('\r\n').find((line) => line.startsWith(`${name},`))!;
    expect(rowOf(SECOND_FORCE.name)).toContain(`,Implemented,2025-08-01,${SECOND_FORCE.quote},`);
    expect(rowOf('Derbyshire Constabulary')).not.toContain(SECOND_FORCE.quote);
    expect(rowOf('Derbyshire Constabulary')).not.toContain(',Implemented,');
    await cheshire.agent.get(`/progress?reference=${SECOND_FORCE.national}`).expect(403);
  });

  it('API: lists, counts and a national recommendation show a force only its own work', async () => {
    const derList = (await derbyshire.agent.get('/api/findings?kind=area_for_improvement').expect(200))
      .body as FindingListBody;
    const cheList = (await cheshire.agent.get('/api/findings?kind=area_for_improvement').expect(200))
      .body as FindingListBody;
    expect(derList.items.map((item) => item.reference)).not.toContain(SECOND_FORCE.reference);
    expect(cheList.total).toBe(1);
    expect(cheList.items.map((item) => item.reference)).toEqual([SECOND_FORCE.reference]);
    const unimplemented = (
      await derbyshire.agent.get('/api/findings?status=unimplemented&kind=national_recommendation')
    ).body as FindingListBody;
    // Each force's own record: Derbyshire's remains unimplemented, Cheshire's was judged implemented.
    expect(unimplemented.items.map((item) => item.reference)).toContain(`DER-${SECOND_FORCE.national}`);
    expect(unimplemented.items.every((item) => item.reference.startsWith('DER-'))).toBe(true);
    const cheUnimplemented = (
      await cheshire.agent.get('/api/findings?status=unimplemented&kind=national_recommendation')
    ).body as FindingListBody;
    expect(cheUnimplemented.items.map((item) => item.reference)).not.toContain(`CHE-${SECOND_FORCE.national}`);
    expect(cheUnimplemented.items.every((item) => item.reference.startsWith('CHE-'))).toBe(true);

    const national = await derbyshire.agent.get(`/api/findings/${SECOND_FORCE.national}`).expect(200);
    expect(JSON.stringify(national.body)).not.toContain(SECOND_FORCE.quote);
    expect(JSON.stringify(national.body)).not.toContain(SECOND_FORCE.reportKey);
    const page = mainText((await derbyshire.agent.get(`/findings/${SECOND_FORCE.national}`).expect(200)).text);
    expect(page).not.toContain(SECOND_FORCE.quote);
    await derbyshire.agent.get(`/findings/${SECOND_FORCE.reference}`).expect(404);
    await derbyshire.agent.get(`/api/findings/${SECOND_FORCE.reference}`).expect(404);
    await derbyshire.agent.get(`/reports/${SECOND_FORCE.reportKey}`).expect(404);
  });
});
