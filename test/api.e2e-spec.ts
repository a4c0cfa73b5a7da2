import type request from 'supertest';
import { createUser, signIn } from './factories/users';
import type {
  DashboardBody,
  ErrorBody,
  FindingBody,
  FindingListBody,
  ReportBody,
  ReportListBody,
} from './utils/api-bodies';
import { createTestApp, type TestApp } from './utils/create-test-app';

describe('JSON API (/api)', () => {
  let testApp: TestApp;
  let agent: ReturnType<typeof request.agent>;

  beforeAll(async () => {
    testApp = await createTestApp();
    // An inspector reads every force.
    ({ agent } = await signIn(testApp.app, await createUser(testApp.app, 'inspector')));
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('lists reports', async () => {
    const response = await agent.get('/api/reports').expect(200).expect('Content-Type', /json/);
    const body = response.body as ReportListBody;
    const keys = body.items.map((report) => report.key);
    expect(keys).toContain('der-2025-integrity');
    expect(body.items.find((report) => report.key === 'der-2025-integrity')).toMatchObject({
      inspectorate: 'HMICFRS',
      publishedOn: '2025-01-22',
      findingCount: expect.any(Number) as unknown,
    });
  });

  it('shows a report with its judgments and findings', async () => {
    const response = await agent.get('/api/reports/der-2025-integrity').expect(200);
    const body = response.body as ReportBody;
    expect(body.judgments.map((judgment) => judgment.grade)).toEqual(['adequate', 'adequate', 'adequate']);
    expect(body.findings[0].reference).toBe('DER-2025-AFI-01');
  });

  it('filters findings like the page does, with counts', async () => {
    const response = await agent.get('/api/findings?kind=area_for_improvement&year=2025').expect(200);
    const body = response.body as FindingListBody;
    expect(body.total).toBe(5);
    expect(body.countsByKind.area_for_improvement).toBe(5);
    expect(body.items.map((item) => item.reference)).toEqual([
      'DER-2025-AFI-01',
      'DER-2025-AFI-02',
      'DER-2025-AFI-03',
      'DER-2025-AFI-04',
      'DER-2025-AFI-05',
    ]);
  });

  it('shows a finding with its lineage and the later report’s verdict with its quote', async () => {
    const response = await agent.get('/api/findings/DER-2025-AFI-01').expect(200);
    const body = response.body as FindingBody;
    expect(body.reference).toBe('DER-2025-AFI-01');
    expect(body.subPoints).toHaveLength(2);
    const cited = body.earlier.find((link) => link.type === 'cites')!;
    // Derbyshire's own record of the national recommendation it cites.
    expect(cited.finding.reference).toBe('DER-NAT-2022-REC-01');
    expect(cited.latestAssessment!.verdict).toBe('not_implemented');
    // The quote is verbatim, non-breaking spaces included.
    expect(cited.latestAssessment!.quote!.replace(/\s+/g, ' ')).toContain(
      'The constabulary still hasn’t implemented this recommendation.',
    );
  });

  it('answers errors as JSON, never HTML or a stack trace', async () => {
    const missing = await agent.get('/api/findings/NOPE-1').expect(404).expect('Content-Type', /json/);
    expect(missing.body).toEqual({
      statusCode: 404,
      error: 'Page not found',
      messages: ['No finding has the reference NOPE-1'],
    });
    const bad = await agent.get('/api/findings?year=twenty').expect(400);
    expect((bad.body as ErrorBody).messages).toContain('Year must be a year such as 2025');
    expect(JSON.stringify(bad.body)).not.toMatch(/at .+\.ts:\d+/);
  });

  it('gives the dashboard figures', async () => {
    const response = await agent.get('/api').expect(200);
    const body = response.body as DashboardBody;
    // Derbyshire's 74 findings and every police force's record of the ten national recommendations.
    expect(body.counts.total).toBe(74 + 43 * 10);
    expect(body.unimplemented.length).toBeGreaterThan(0);
  });
});
