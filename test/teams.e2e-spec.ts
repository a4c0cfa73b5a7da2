import { DataSource } from 'typeorm';
import { CreateTeams1795425600000 } from '../migrations/1795425600000-CreateTeams';
import { Team } from '../src/teams/team.entity';
import { recordSecondForceReport, SECOND_FORCE } from './factories/second-force';
import { createUser, csrfFrom, signIn } from './factories/users';
import { createTestApp, type TestApp } from './utils/create-test-app';
import { mainText, sectionText } from './utils/page-text';

type Session = Awaited<ReturnType<typeof signIn>>;

const NEW_TEAM = 'Neighbourhood policing team';

/** The names a form's owner field offers: the options of its datalist. */
function offeredOwners(html: string): string[] {
  const list = /<datalist id="owner-teams">([\s\S]*?)<\/datalist>/.exec(html);
  return list ? [...list[1].matchAll(/<option value="([^"]*)">/g)].map((match) => match[1]) : [];
}

describe('Teams each force keeps', () => {
  let testApp: TestApp;
  let lead: Session;
  let staff: Session;
  let otherLead: Session;
  let inspector: Session;
  let administrator: Session;

  beforeAll(async () => {
    testApp = await createTestApp();
    const app = testApp.app;
    await recordSecondForceReport(app);
    lead = await signIn(app, await createUser(app, 'force_lead'));
    staff = await signIn(app, await createUser(app, 'force_staff'));
    otherLead = await signIn(app, await createUser(app, 'force_lead', { forceCode: SECOND_FORCE.code }));
    inspector = await signIn(app, await createUser(app, 'inspector'));
    administrator = await signIn(app, await createUser(app, 'administrator'));
  });

  afterAll(async () => {
    await testApp.close();
  });

  const teamId = async (name: string) =>
    (await testApp.app.get(DataSource).getRepository(Team).findOneByOrFail({ name })).id;

  it('starts, on a fresh database, with the owners the default data’s force already uses', async () => {
    const page = await lead.agent.get('/teams').expect(200);
    const offered = sectionText(page.text, 'active');
    // A finding's owner, an action's owner, and an action owner named on a finding.
    expect(offered).toContain('Force vetting unit (FVU)');
    expect(offered).toContain('Vetting manager');
    expect(offered).toContain('Detective chief inspector, investigation standards');
    expect(mainText(page.text)).toContain('Add a team');

    // The second force keeps its own list: none of the first force's teams.
    const other = mainText((await otherLead.agent.get('/teams').expect(200)).text);
    expect(other).toContain(SECOND_FORCE.name);
    expect(other).not.toContain('Vetting manager');
  });

  it('lets a lead add a team, offered on the assign and action forms, and retire it, no longer offered', async () => {
    const page = await lead.agent.get('/teams').expect(200);
    await lead.agent
      .post('/teams')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), name: `  ${NEW_TEAM} `, force: 'DER' })
      .redirects(0)
      .expect(303)
      .expect('location', '/teams?force=DER');
    expect(sectionText((await lead.agent.get('/teams').expect(200)).text, 'active')).toContain(NEW_TEAM);

    const assign = await lead.agent.get('/findings/DER-2025-AFI-01/assign').expect(200);
    expect(assign.text).toContain('list="owner-teams"');
    expect(offeredOwners(assign.text)).toContain(NEW_TEAM);
    expect(offeredOwners(assign.text)).toContain('Force vetting unit (FVU)');
    expect(offeredOwners((await staff.agent.get('/findings/DER-2025-AFI-01/actions/new').expect(200)).text)).toContain(
      NEW_TEAM,
    );

    const id = await teamId(NEW_TEAM);
    await lead.agent.post(`/teams/${id}/retire`).type('form').send({ _csrf: lead.csrf }).redirects(0).expect(303);
    const after = await lead.agent.get('/teams').expect(200);
    expect(sectionText(after.text, 'active')).not.toContain(NEW_TEAM);
    expect(sectionText(after.text, 'retired')).toContain(NEW_TEAM);
    const assignAfter = await lead.agent.get('/findings/DER-2025-AFI-01/assign').expect(200);
    expect(offeredOwners(assignAfter.text)).not.toContain(NEW_TEAM);
    expect(offeredOwners(assignAfter.text)).toContain('Force vetting unit (FVU)');

    // Both changes are in the audit log.
    const audit = mainText((await administrator.agent.get('/admin/audit').expect(200)).text);
    expect(audit).toContain(`Added the team ${NEW_TEAM} to Derbyshire Constabulary`);
    expect(audit).toContain(`Retired the team ${NEW_TEAM} of Derbyshire Constabulary`);
  });

  it('keeps a force’s teams from another force’s lead: not listed, not offered, not retired (404)', async () => {
    const name = 'Roads policing unit';
    await lead.agent.post('/teams').type('form').send({ _csrf: lead.csrf, name }).redirects(0).expect(303);
    const id = await teamId(name);

    expect(mainText((await otherLead.agent.get('/teams').expect(200)).text)).not.toContain(name);
    await otherLead.agent.get('/teams?force=DER').expect(404);
    const otherForm = await otherLead.agent.get(`/findings/${SECOND_FORCE.reference}/assign`).expect(200);
    expect(offeredOwners(otherForm.text)).not.toContain(name);
    await otherLead.agent
      .post(`/teams/${id}/retire`)
      .type('form')
      .send({ _csrf: otherLead.csrf })
      .redirects(0)
      .expect(404);
    // Nor can they add to it.
    await otherLead.agent
      .post('/teams')
      .type('form')
      .send({ _csrf: otherLead.csrf, name: 'Planted team', force: 'DER' })
      .redirects(0)
      .expect(404);
    expect(sectionText((await lead.agent.get('/teams').expect(200)).text, 'active')).toContain(name);
    expect(sectionText((await lead.agent.get('/teams').expect(200)).text, 'active')).not.toContain('Planted team');
  });

  it('refuses a name the force already has, beside the field, with what was typed', async () => {
    const response = await lead.agent
      .post('/teams')
      .type('form')
      .send({ _csrf: lead.csrf, name: ' force VETTING unit (FVU) ', force: 'DER' })
      .redirects(0)
      .expect(400);
    expect(response.text).toMatch(
      /id="name-error" class="govuk-error-message">.*There is already a team called Force vetting unit \(FVU\)/,
    );
    expect(response.text).toContain('value=" force VETTING unit (FVU) "');
    expect(mainText(response.text)).toContain('There is a problem');

    const empty = await lead.agent
      .post('/teams')
      .type('form')
      .send({ _csrf: lead.csrf, name: '   ' })
      .redirects(0)
      .expect(400);
    expect(empty.text).toMatch(/id="name-error" class="govuk-error-message">.*Enter the team’s name/);

    // The second force may have a team of the same name: a team is one force's.
    await otherLead.agent
      .post('/teams')
      .type('form')
      .send({ _csrf: otherLead.csrf, name: 'Force vetting unit (FVU)' })
      .redirects(0)
      .expect(303);
    expect(sectionText((await otherLead.agent.get('/teams').expect(200)).text, 'active')).toContain(
      'Force vetting unit (FVU)',
    );
  });

  it('lets force staff read their force’s list but not change it; inspectors choose the force', async () => {
    const page = await staff.agent.get('/teams').expect(200);
    expect(sectionText(page.text, 'active')).toContain('Force vetting unit (FVU)');
    expect(mainText(page.text)).not.toContain('Add a team');
    expect(page.text).not.toContain('/retire"');
    await staff.agent.post('/teams').type('form').send({ _csrf: staff.csrf, name: 'Staff team' }).expect(403);

    const chosen = await inspector.agent.get('/teams?force=DER').expect(200);
    expect(chosen.text).toContain('<option value="DER" selected>');
    expect(sectionText(chosen.text, 'active')).toContain('Vetting manager');
    expect(mainText(chosen.text)).not.toContain('Add a team');
    // With no force asked for: the first force (by name) with findings.
    const first = await inspector.agent.get('/teams').expect(200);
    expect(first.text).toContain(`<option value="${SECOND_FORCE.code}" selected>`);
  });

  it('lets an administrator add to and retire from the force they choose', async () => {
    const page = await administrator.agent.get(`/teams?force=${SECOND_FORCE.code}`).expect(200);
    await administrator.agent
      .post('/teams')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), name: 'Cheshire custody', force: SECOND_FORCE.code })
      .redirects(0)
      .expect(303)
      .expect('location', `/teams?force=${SECOND_FORCE.code}`);
    expect(mainText((await otherLead.agent.get('/teams').expect(200)).text)).toContain('Cheshire custody');
    expect(mainText((await lead.agent.get('/teams').expect(200)).text)).not.toContain('Cheshire custody');
  });
});

describe('The migration that begins the lists (CreateTeams), on a database already in use', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
    await recordSecondForceReport(testApp.app);
    await createUser(testApp.app, 'force_staff', { forceCode: SECOND_FORCE.code, team: '  Cheshire control room ' });
    await createUser(testApp.app, 'inspector', { team: 'Inspectors’ own team' });
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('fills each force’s list with the owners of its findings and actions and its users’ teams', async () => {
    const dataSource = testApp.app.get(DataSource);
    const queryRunner = dataSource.createQueryRunner();
    try {
      // As before the migration: no list of teams; the data as the app left it.
      await queryRunner.dropTable('teams');
      await new CreateTeams1795425600000().up(queryRunner);
    } finally {
      await queryRunner.release();
    }
    const teams = await dataSource.getRepository(Team).find({ relations: { force: true } });
    const namesOf = (code: string) =>
      teams
        .filter((team) => team.force.code === code)
        .map((team) => team.name)
        .sort();
    expect(namesOf(SECOND_FORCE.code)).toEqual(['Cheshire control room', SECOND_FORCE.team]);
    expect(namesOf('DER')).toEqual(expect.arrayContaining(['Force vetting unit (FVU)', 'Vetting manager']));
    expect(namesOf('DER')).not.toContain('Cheshire control room');
    // The same as a new database's default data load gives.
    const fresh = await createTestApp();
    try {
      const loaded = await fresh.app
        .get(DataSource)
        .getRepository(Team)
        .find({ relations: { force: true } });
      expect(namesOf('DER')).toEqual(loaded.map((team) => team.name).sort());
    } finally {
      await fresh.close();
    }
    expect(teams.every((team) => team.retiredAt === null && team.createdBy === 'system')).toBe(true);
    expect(teams.map((team) => team.name)).not.toContain('Inspectors’ own team');
  });
});
