import { DataSource } from 'typeorm';
import { AuditService } from '../src/audit/audit.service';
import { OrganisationsService } from '../src/organisations/organisations.service';
import { Force } from '../src/reports/force.entity';
import { recordSecondForceReport, SECOND_FORCE } from './factories/second-force';
import { createUser, signIn } from './factories/users';
import { createTestApp, type TestApp } from './utils/create-test-app';
import { mainText, sectionText } from './utils/page-text';

type Session = Awaited<ReturnType<typeof signIn>>;

/** The codes of the organisations a list page links to, in its order. */
function listedCodes(html: string): string[] {
  return [...html.matchAll(/<a class="govuk-link" href="\/organisations\/([A-Z]+)">/g)].map((match) => match[1]);
}

describe('Organisations: who is inspected, and their monitoring stages', () => {
  let testApp: TestApp;
  let inspector: Session;
  let administrator: Session;
  let derbyshire: Session;
  let cheshire: Session;

  beforeAll(async () => {
    testApp = await createTestApp();
    const app = testApp.app;
    await recordSecondForceReport(app);
    inspector = await signIn(app, await createUser(app, 'inspector'));
    administrator = await signIn(app, await createUser(app, 'administrator'));
    derbyshire = await signIn(app, await createUser(app, 'force_lead'));
    cheshire = await signIn(app, await createUser(app, 'force_staff', { forceCode: SECOND_FORCE.code }));
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('holds the 43 police forces, the 44 fire and rescue services and the national bodies, listed by kind', async () => {
    const police = (await inspector.agent.get('/organisations?kind=police').expect(200)).text;
    expect(listedCodes(police)).toHaveLength(43);
    expect(listedCodes(police)).toEqual(expect.arrayContaining(['DER', 'CHE', 'LEI', 'NOT']));
    expect(mainText(police)).toContain('43 organisations');

    const fire = (await inspector.agent.get('/organisations?kind=fire').expect(200)).text;
    expect(listedCodes(fire)).toHaveLength(44);
    expect(listedCodes(fire).every((code) => code.startsWith('FRS'))).toBe(true);
    expect(mainText(fire)).toContain('Hereford & Worcester Fire and Rescue Service');
    expect(mainText(fire)).toContain('Isles of Scilly Fire and Rescue Service');

    const nationalPage = (await inspector.agent.get('/organisations?kind=national').expect(200)).text;
    const national = mainText(nationalPage);
    for (const name of [
      'National Police Chiefs’ Council',
      'College of Policing',
      'Home Office',
      'National Crime Agency',
    ]) {
      expect(national).toContain(name);
    }
    expect(national).not.toContain('Constabulary');

    const all = (await administrator.agent.get('/organisations').expect(200)).text;
    expect(listedCodes(all).length).toBe(43 + 44 + listedCodes(nationalPage).length);
    expect(mainText(all)).toContain('Police forces (43)');
    expect(mainText(all)).toContain('Fire and rescue services (44)');
    await inspector.agent.get('/organisations?kind=army').expect(400);

    // Progress on a national recommendation across forces lists the police forces, not the other organisations.
    const progress = mainText(
      (await inspector.agent.get(`/progress?reference=${SECOND_FORCE.national}`).expect(200)).text,
    );
    expect(progress).toContain(SECOND_FORCE.name);
    expect(progress).not.toContain('Fire and Rescue Service');
    expect(progress).not.toContain('College of Policing');
  });

  it('keeps what the default data and the database hold: Derbyshire stays at scan, nothing is added twice', async () => {
    const organisations = testApp.app.get(OrganisationsService);
    await expect(organisations.addMissingReferenceOrganisations()).resolves.toBe(0);
    const forces = testApp.app.get(DataSource).getRepository(Force);
    await expect(forces.findOneByOrFail({ code: 'DER' })).resolves.toMatchObject({
      kind: 'police',
      monitoringStage: 'scan',
    });
    expect(await forces.count()).toBe(43 + 44 + (await forces.countBy({ kind: 'national' })));
  });

  it('lets an inspector change a stage with a reason, and shows it in the history and the audit log', async () => {
    const form = await inspector.agent.get(`/organisations/${SECOND_FORCE.code}/stage`).expect(200);
    expect(mainText(form.text)).toContain('Change the monitoring stage');

    const refused = await inspector.agent
      .post(`/organisations/${SECOND_FORCE.code}/stage`)
      .type('form')
      .send({ _csrf: inspector.csrf, stage: 'engage', since: '2025-09-02', reason: '  ' })
      .expect(400);
    expect(mainText(refused.text)).toContain('Enter the reason for the change');
    expect(refused.text).toContain('value="2025-09-02"');
    expect(refused.text).toMatch(/id="stage-engage"[^>]* checked/);

    const reason = 'The cause of concern on vetting renewals is not being addressed';
    await inspector.agent
      .post(`/organisations/${SECOND_FORCE.code}/stage`)
      .type('form')
      .send({ _csrf: inspector.csrf, stage: 'engage', since: '2025-09-02', reason })
      .expect(303)
      .expect('Location', `/organisations/${SECOND_FORCE.code}`);

    const page = (await inspector.agent.get(`/organisations/${SECOND_FORCE.code}`).expect(200)).text;
    expect(mainText(page)).toContain(SECOND_FORCE.name);
    expect(sectionText(page, 'stage')).toContain('Engage');
    expect(sectionText(page, 'stage-history')).toContain(`None → Engage 2 September 2025 ${reason}`);
    // Beside the stage: Cheshire's own open area for improvement, not Derbyshire's.
    expect(sectionText(page, 'open-items')).toContain(SECOND_FORCE.reference);
    expect(sectionText(page, 'open-items')).not.toContain('DER-');

    const entries = await testApp.app.get(AuditService).forEntity('organisation', SECOND_FORCE.code);
    expect(entries[0]).toMatchObject({ action: 'organisation.stage_changed' });
    expect(entries[0].summary).toContain(reason);

    const list = mainText((await inspector.agent.get('/organisations?kind=police').expect(200)).text);
    expect(list).toContain(`${SECOND_FORCE.name} CHE Police force Engage 2 September 2025`);

    // The same change again changes nothing, and is refused beside the field.
    const again = await administrator.agent
      .post(`/organisations/${SECOND_FORCE.code}/stage`)
      .type('form')
      .send({ _csrf: administrator.csrf, stage: 'engage', since: '2025-09-02', reason: 'again' })
      .expect(400);
    expect(mainText(again.text)).toContain('already at this stage since 2025-09-02');
  });

  it('refuses a force user the change (403), and shows them only their own organisation', async () => {
    await derbyshire.agent
      .post('/organisations/DER/stage')
      .type('form')
      .send({ _csrf: derbyshire.csrf, stage: 'engage', since: '2025-09-02', reason: 'Not allowed' })
      .expect(403);
    await derbyshire.agent.get('/organisations/DER/stage').expect(403);

    const own = (await derbyshire.agent.get('/organisations/DER').expect(200)).text;
    expect(sectionText(own, 'stage')).toContain('Scan');
    expect(sectionText(own, 'open-items')).toContain('DER-2025-AFI-01');
    expect(sectionText(own, 'open-items')).not.toContain(SECOND_FORCE.reference);
    expect(own).not.toContain('Change the monitoring stage');

    await derbyshire.agent.get(`/organisations/${SECOND_FORCE.code}`).expect(404);
    await cheshire.agent.get('/organisations/DER').expect(404);
    await cheshire.agent.get('/organisations/FRSDER').expect(404);
    expect(listedCodes((await derbyshire.agent.get('/organisations').expect(200)).text)).toEqual(['DER']);
    expect(listedCodes((await cheshire.agent.get('/organisations?kind=fire').expect(200)).text)).toEqual([]);
  });
});
