import { createUser, signIn } from './factories/users';
import { MEETING_FIELDS } from './factories/board-pack-meeting';
import type { FindingBody } from './utils/api-bodies';
import { createTestApp, type TestApp } from './utils/create-test-app';
import { uploadEvidence } from './utils/forms';
import { binaryBody as binary } from './utils/binary-body';

type Session = Awaited<ReturnType<typeof signIn>>;

/** What signed-in people read is kept by no browser or proxy; the static assets keep their caching. */
describe('Cache-Control on signed-in responses', () => {
  let testApp: TestApp;
  let lead: Session;

  beforeAll(async () => {
    testApp = await createTestApp();
    lead = await signIn(testApp.app, await createUser(testApp.app, 'force_lead', { username: 'cara.lead' }));
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('sends no-store with every page, the JSON API and the board pack downloads', async () => {
    const saved = await lead.agent
      .post('/board-packs')
      .type('form')
      .send({ _csrf: lead.csrf, force: 'DER', staleDays: '90', ...MEETING_FIELDS })
      .redirects(0)
      .expect(303);
    const routes: Array<[string, number]> = [
      ['/', 200],
      ['/findings?kind=area_for_improvement', 200],
      ['/findings/DER-2025-AFI-01', 200],
      ['/findings/DER-2025-AFI-01/notes/new', 200],
      ['/reports', 200],
      ['/my-work', 200],
      ['/board-packs/current?force=DER', 200],
      ['/board-packs/current?force=DER&format=csv', 200],
      ['/board-packs/current?force=DER&format=pdf', 200],
      ['/board-packs/current?force=DER&format=xlsx', 200],
      ['/board-packs/current?force=DER&format=docx', 200],
      [saved.headers.location, 200],
      [`${saved.headers.location}?format=csv`, 200],
      ['/api', 200],
      ['/api/findings?force=DER', 200],
      ['/api/findings/DER-2025-AFI-01', 200],
      ['/api/reports', 200],
      // Error answers for a signed-in person, too.
      ['/findings/DER-1999-AFI-99', 404],
      ['/api/findings/DER-1999-AFI-99', 404],
      ['/findings?year=soon', 400],
    ];
    for (const [route, status] of routes) {
      const response = await lead.agent.get(route).buffer(true).parse(binary);
      expect({ route, status: response.status, cacheControl: response.headers['cache-control'] }).toEqual({
        route,
        status,
        cacheControl: 'no-store',
      });
    }
  });

  it('sends no-store with an evidence download and a form’s answer', async () => {
    const reference = 'DER-2025-AFI-03';
    const uploaded = await uploadEvidence(
      lead.agent,
      reference,
      { kind: 'file', title: 'Supervision policy' },
      { content: Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n'), name: 'Supervision policy.pdf' },
    );
    expect(uploaded.status).toBe(303);
    expect(uploaded.headers['cache-control']).toBe('no-store');
    const api = (await lead.agent.get(`/api/findings/${reference}`).expect(200)).body as FindingBody;
    const item = api.evidence.find((entry) => entry.title === 'Supervision policy')!;
    const download = await lead.agent.get(item.downloadHref!).buffer(true).parse(binary).expect(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['cache-control']).toMatch(/(^|[\s,])no-store($|[\s,])/);
  });

  it('keeps the caching of static assets for a signed-in person', async () => {
    for (const asset of ['/public/app.css', '/vendor/govuk/govuk-frontend.min.css', '/assets/images/favicon.svg']) {
      const response = await lead.agent.get(asset).expect(200);
      expect({ asset, cacheControl: response.headers['cache-control'] }).toEqual({
        asset,
        cacheControl: 'public, max-age=86400',
      });
    }
  });
});
