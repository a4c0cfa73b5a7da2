import { createUser, signIn } from './factories/users';
import { createTestApp, type TestApp } from './utils/create-test-app';
import { decodeEntities, mainText, sectionText } from './utils/page-text';

describe('Dashboard (GET /)', () => {
  let testApp: TestApp;
  /** The inspector's dashboard (every force). */
  let inspectorHtml: string;
  /** A Derbyshire user's dashboard: Derbyshire's findings and its records of the national recommendations. */
  let html: string;

  beforeAll(async () => {
    testApp = await createTestApp();
    const inspector = await signIn(testApp.app, await createUser(testApp.app, 'inspector'));
    inspectorHtml = (await inspector.agent.get('/').expect(200)).text;
    const derbyshire = await signIn(testApp.app, await createUser(testApp.app, 'force_staff'));
    html = (await derbyshire.agent.get('/').expect(200)).text;
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('introduces the history of the force in view, never a fixed force', async () => {
    expect(mainText(inspectorHtml)).toContain('HMIC and HMICFRS inspection history of the forces you can see');
    for (const [forceCode, forceName, otherName] of [
      ['DER', 'Derbyshire Constabulary', 'Cheshire Constabulary'],
      ['CHE', 'Cheshire Constabulary', 'Derbyshire Constabulary'],
    ]) {
      const { agent } = await signIn(testApp.app, await createUser(testApp.app, 'force_staff', { forceCode }));
      const intro = mainText((await agent.get('/').expect(200)).text);
      expect(intro).toContain(`${forceName}’s HMIC and HMICFRS inspection history`);
      expect(intro).not.toContain(otherName);
    }
  });

  it('counts findings by status and by kind', () => {
    const text = mainText(html);
    expect(text).toMatch(/Findings by status \d+ Not started \d+ In progress/);
    expect(text).toContain('17 Area for improvement');
    expect(text).toContain('10 National recommendation');
    // An inspector counts every police force's record of each of the ten national recommendations.
    expect(mainText(inspectorHtml)).toContain('430 National recommendation');
  });

  it('lists what is still unimplemented, oldest first, with its age and the latest verdict', () => {
    const text = sectionText(html, 'unimplemented').split('Re-raised by a later report')[0];
    expect(text).toMatch(/Still unimplemented \(\d+\)/);
    // The 2017 stop and search recommendation (complied with only in part by 2018/19) comes
    // before the 2025 areas for improvement.
    expect(text.indexOf('DER-NAT-2017-REC-01')).toBeGreaterThan(-1);
    expect(text.indexOf('DER-NAT-2017-REC-01')).toBeLessThan(text.indexOf('DER-2025-AFI-01'));
    expect(text).toMatch(/DER-NAT-2017-REC-01 .*? \d+ years/);
    expect(text).toContain('Partially implemented');
    // Adopted, says the 2025 report: not in the list.
    expect(text).not.toContain('NAT-2022-REC-05');
    // Observations are never in the list.
    expect(text).not.toContain('OBS');
  });

  it('lets an inspector choose the force in view, and lists only the oldest of many unimplemented', async () => {
    const inspector = await signIn(testApp.app, await createUser(testApp.app, 'inspector'));
    const all = mainText(inspectorHtml);
    // Every police force's record of each national recommendation: far more than the dashboard lists.
    const total = Number(/Still unimplemented \((\d+)\)/.exec(all)![1]);
    expect(total).toBeGreaterThan(400);
    expect(all).toContain(`the 50 oldest are shown here`);
    expect(all).toContain(`See all ${total} in the findings list`);
    expect(sectionText(inspectorHtml, 'unimplemented').match(/NAT-\d{4}-REC-\d{2}/g)!.length).toBeLessThanOrEqual(50);

    const derbyshireHtml = (await inspector.agent.get('/?force=DER').expect(200)).text;
    const derbyshire = mainText(derbyshireHtml);
    expect(derbyshire).toContain('Derbyshire Constabulary’s HMIC and HMICFRS inspection history');
    expect(derbyshire).toContain('10 National recommendation');
    expect(derbyshire).toContain('17 Area for improvement');
    expect(derbyshire).not.toContain('the 50 oldest are shown here');
    expect(decodeEntities(derbyshireHtml)).toContain('href="/findings?force=DER&status=unimplemented"');
    expect(derbyshireHtml).toContain('<option value="DER" selected>');
    const api = (await inspector.agent.get('/api?force=CHE').expect(200)).body as { counts: { total: number } };
    expect(api.counts.total).toBe(10);

    // A force's user sees their own force; another's code is a 404, a bad one a clear 400.
    const staff = await signIn(testApp.app, await createUser(testApp.app, 'force_staff'));
    expect(mainText((await staff.agent.get('/?force=CHE').expect(404)).text)).toContain('No force has the code CHE');
    expect(mainText((await staff.agent.get('/?force=1').expect(400)).text)).toContain(
      'Force must be a force code such as DER',
    );
    expect(html).not.toContain('id="force-choice"');
  });

  it('lists every finding raised again in the findings list, and the oldest of many on the dashboard', async () => {
    const inspector = await signIn(testApp.app, await createUser(testApp.app, 'inspector'));
    const raised = sectionText(html, 're-raised');
    const total = Number(/Re-raised by a later report \((\d+)\)/.exec(raised)![1]);
    expect(total).toBeGreaterThan(0);
    expect(decodeEntities(html)).toContain('href="/findings?force=DER&raised=again"');
    const list = mainText((await inspector.agent.get('/findings?raised=again&force=DER').expect(200)).text);
    expect(list).toContain(`${total} findings`);
    expect(list).toContain('Raised again by a later report');
    expect(list).toContain('DER-NAT-2022-REC-01');
    // An area for improvement nothing later cites or judges is not in it.
    expect(list).not.toContain('DER-2025-AFI-04');
    const api = (await inspector.agent.get('/api/findings?raised=again&force=DER').expect(200)).body as {
      total: number;
    };
    expect(api.total).toBe(total);
  });

  it('shows findings re-raised by a later report and by which', () => {
    const text = sectionText(html, 're-raised').split('Reports and judgments')[0];
    expect(text).toContain('NAT-2022-REC-01');
    expect(text).toContain('Cited by: DER-2025-AFI-01 (2024/25)');
    expect(text).toContain(
      'Assessed as not implemented: A report into the effectiveness of integrity arrangements in Derbyshire Constabulary (2024/25)',
    );
  });

  it('shows a timeline of the reports 2016 to 2025 with their judgments, newest first', () => {
    const text = sectionText(html, 'timeline');
    expect(text).toContain('Vetting police officers and staff: Adequate');
    expect(text).toContain('Tackling serious and organised crime: Outstanding (last inspected 2017)');
    expect(text).toContain('Legitimacy: Outstanding');
    expect(text.indexOf('integrity arrangements in Derbyshire')).toBeLessThan(text.indexOf('PEEL 2016: Legitimacy'));
    expect(text).toContain('Published 22 January 2025');
  });
});
