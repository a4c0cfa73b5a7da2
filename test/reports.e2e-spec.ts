import type request from 'supertest';
import { createUser, signIn } from './factories/users';
import { createTestApp, type TestApp } from './utils/create-test-app';
import { mainText } from './utils/page-text';

describe('Reports pages', () => {
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

  it('lists every report in date order with its findings count', async () => {
    const text = mainText((await agent.get('/reports').expect(200)).text);
    for (const title of [
      'PEEL 2016: Legitimacy – Derbyshire Constabulary',
      'PEEL: Police effectiveness, efficiency and legitimacy 2018/19 – Derbyshire Constabulary',
      'An inspection of vetting, misconduct and misogyny in the police service',
      'A report into the effectiveness of integrity arrangements in Derbyshire Constabulary',
    ]) {
      expect(text).toContain(title);
    }
    expect(text.indexOf('PEEL 2016: Legitimacy')).toBeLessThan(text.indexOf('integrity arrangements in Derbyshire'));
    expect(text).toContain('HMICFRS · Integrity inspection · Derbyshire Constabulary');
    expect(text).toContain('HMIC · National thematic report · national');
  });

  it('shows the 2025 integrity report with its judgments, its findings in report order and the PCC response due date', async () => {
    const text = mainText((await agent.get('/reports/der-2025-integrity').expect(200)).text);
    expect(text).toContain('Published 22 January 2025');
    expect(text).toContain('PCC response (section 55) Overdue: due 19 March 2025');
    expect(text).toContain('Vetting police officers and staff Adequate This inspection');
    expect(text).toContain('Upholding the standards of professional behaviour Adequate');
    expect(text).toContain('Tackling potential corruption Adequate');
    const order = ['DER-2025-AFI-01', 'DER-2025-AFI-02', 'DER-2025-AFI-03', 'DER-2025-AFI-04', 'DER-2025-AFI-05'].map(
      (reference) => text.indexOf(reference),
    );
    expect(order.every((position) => position > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).toContain('NAT-2022-REC-01');
    expect(text).toContain('Cited in this report');
  });

  it('shows carried-over judgments with the year last inspected, and the other document of the inspection', async () => {
    const text = mainText((await agent.get('/reports/der-2018-19-integrated-peel-assessment').expect(200)).text);
    expect(text).toContain('Effectiveness Effectiveness Requires improvement This inspection');
    expect(text).toContain('Preventing crime and tackling anti-social behaviour Good 2016 (carried over)');
    expect(text).toContain(
      'Other documents of this inspection Derbyshire PEEL 2018: How legitimately does the force treat the public and its workforce? (Web summary)',
    );
  });

  it('shows a national report as made to all forces, with no PCC response required', async () => {
    const text = mainText((await agent.get('/reports/nat-2022-vetting-misconduct-misogyny').expect(200)).text);
    expect(text).toContain('Force All forces (national report)');
    expect(text).toContain('PCC response (section 55) Not required');
    expect(text).toContain('NAT-2022-REC-04');
  });

  it('is a 404 page for an unknown report', async () => {
    const response = await agent.get('/reports/der-1999-nothing').expect(404);
    expect(mainText(response.text)).toContain('No report has the identifier der-1999-nothing');
  });
});
