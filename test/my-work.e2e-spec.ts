import { DataSource } from 'typeorm';
import { createUser, signIn } from './factories/users';
import { recordSecondForceReport, SECOND_FORCE } from './factories/second-force';
import { createTestApp, type TestApp } from './utils/create-test-app';
import { uploadEvidence } from './utils/forms';
import { decodeEntities, mainText, pageText, sectionText } from './utils/page-text';

type Session = Awaited<ReturnType<typeof signIn>>;

/** The cells of the table row headed by this owner, as a reader sees them. */
function ownerRow(html: string, owner: string): string[] {
  const rows = html.match(/<tr class="govuk-table__row">[\s\S]*?<\/tr>/g) ?? [];
  const cellsOf = (row: string) =>
    [...row.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => pageText(cell[1]));
  const row = rows.map(cellsOf).find((cells) => cells[0] === owner);
  if (!row) {
    throw new Error(`No row for ${owner}`);
  }
  return row;
}

describe('My work', () => {
  let testApp: TestApp;
  let derbyshireLead: Session;
  let derbyshireStaff: Session;
  let cheshireLead: Session;

  beforeAll(async () => {
    testApp = await createTestApp();
    const app = testApp.app;
    await recordSecondForceReport(app);
    derbyshireLead = await signIn(app, await createUser(app, 'force_lead'));
    derbyshireStaff = await signIn(app, await createUser(app, 'force_staff', { team: SECOND_FORCE.team }));
    cheshireLead = await signIn(app, await createUser(app, 'force_lead', { forceCode: SECOND_FORCE.code }));
    // Evidence for the lead to review: on a finding with an action still to do, and on an observation with none
    // (which the force can therefore claim implemented).
    for (const reference of ['DER-2025-AFI-04', 'DER-2018-OBS-01']) {
      const response = await uploadEvidence(derbyshireStaff.agent, reference, {
        kind: 'note',
        title: `Progress on ${reference}`,
        description: 'Minutes of the board',
      });
      expect(response.status).toBe(303);
    }
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('tells a lead without a team that their force’s work is shown, not to ask their force lead', async () => {
    const text = mainText((await derbyshireLead.agent.get('/my-work').expect(200)).text);
    expect(text).toContain('Your account has no team, so nothing is assigned to you by owner');
    expect(text).toContain('your force’s work is shown below instead. An administrator can set your team.');
    expect(text).not.toContain('Ask your force lead');
    expect(text).toContain('Your force: Derbyshire Constabulary');
  });

  it('shows a Derbyshire lead their force’s owners with counts by status and what is overdue, linked to the list', async () => {
    const html = (await derbyshireLead.agent.get('/my-work').expect(200)).text;
    // Owner, not started, in progress, awaiting verification, overdue findings, overdue actions. The force's records
    // of NAT-2022-REC-01/02 (owned by the same unit, overdue) are its work too.
    expect(ownerRow(html, SECOND_FORCE.team)).toEqual([SECOND_FORCE.team, '0', '4', '0', '4', '0']);
    expect(ownerRow(html, 'Head of professional standards (PSD)')).toEqual([
      'Head of professional standards (PSD)',
      '8',
      '3',
      '0',
      '3',
      '1',
    ]);
    expect(ownerRow(html, 'Vetting manager')).toEqual(['Vetting manager', '0', '0', '0', '0', '5']);
    expect(decodeEntities(html)).toContain('href="/findings?owner=Force+vetting+unit+%28FVU%29"');
    expect(decodeEntities(html)).toContain('href="/findings?status=in_progress"');

    const byStatus = sectionText(html, 'force-status');
    expect(byStatus).toContain('Not started 52');
    // The five in progress of its own, and its six records of national recommendations in progress.
    expect(byStatus).toContain('In progress 11');
    expect(byStatus).toContain('Implemented – awaiting verification 17');

    const overdue = sectionText(html, 'force-overdue');
    expect(overdue).toContain('DER-2025-AFI-01');
    expect(overdue).toContain('Clear the backlog of change-of-circumstances notifications');
    expect(overdue).toContain('(Vetting manager)');
    expect(overdue).toContain('DER-NAT-2022-REC-01');

    const text = mainText(html);
    expect(text).not.toContain(SECOND_FORCE.reference);
    expect(text).not.toContain(SECOND_FORCE.action);
  });

  it('shows a lead what awaits them: evidence to review and findings ready to claim', async () => {
    const awaiting = sectionText((await derbyshireLead.agent.get('/my-work').expect(200)).text, 'force-awaiting');
    expect(awaiting).toContain('Evidence to review (2)');
    expect(awaiting).toContain('DER-2025-AFI-04');
    expect(awaiting).toContain('Ready to claim implemented (1)');
    expect(awaiting.slice(awaiting.indexOf('Ready to claim'))).toContain('DER-2018-OBS-01');
    expect(awaiting.slice(awaiting.indexOf('Ready to claim'), awaiting.indexOf('Owner or target date'))).not.toContain(
      'DER-2025-AFI-04',
    );
    expect(awaiting).toContain('Every open finding has an owner and a target date.');
  });

  it('shows a Cheshire lead Cheshire’s owner and overdue action, and nothing of Derbyshire', async () => {
    const html = (await cheshireLead.agent.get('/my-work').expect(200)).text;
    expect(ownerRow(html, SECOND_FORCE.team)).toEqual([SECOND_FORCE.team, '0', '1', '0', '1', '1']);
    const overdue = sectionText(html, 'force-overdue');
    expect(overdue).toContain(SECOND_FORCE.reference);
    expect(overdue).toContain(SECOND_FORCE.action);
    const text = mainText(html);
    expect(text).toContain(`Your force: ${SECOND_FORCE.name}`);
    expect(text).not.toContain('DER-');
    expect(text).not.toContain('Head of professional standards (PSD)');
    expect(text).toContain('Evidence to review (0)');
  });

  it('still shows force staff their team’s work, without the force-wide part', async () => {
    const html = (await derbyshireStaff.agent.get('/my-work').expect(200)).text;
    const text = mainText(html);
    expect(text).toContain(`Findings and actions owned by ${SECOND_FORCE.team}`);
    expect(sectionText(html, 'owned')).toContain('DER-2025-AFI-01');
    expect(text).not.toContain('Your force:');
    expect(text).not.toContain(SECOND_FORCE.reference);
  });

  it('shows an inspector the 50 oldest claims of every force and how many there are, the rest in the findings list', async () => {
    // Sixty findings recorded as claimed (as an import or the default data records them), the rest of the claims
    // being Cheshire's: more than the queue shows.
    const dataSource = testApp.app.get(DataSource);
    const rows = await dataSource.query<{ id: number }[]>(
      "SELECT id FROM findings WHERE force_id IS NOT NULL AND status IN ('not_started', 'in_progress') ORDER BY id",
    );
    const ids = rows.slice(0, 60).map((row) => Number(row.id));
    await dataSource
      .createQueryBuilder()
      .update('findings')
      .set({ status: 'implemented' })
      .where('id IN (:...ids)', { ids })
      .execute();
    const [{ count }] = await dataSource.query<{ count: number }[]>(
      "SELECT COUNT(*) AS count FROM findings WHERE force_id IS NOT NULL AND status = 'implemented'",
    );
    const inspector = await signIn(testApp.app, await createUser(testApp.app, 'inspector'));
    const html = (await inspector.agent.get('/my-work').expect(200)).text;
    const claims = sectionText(html, 'awaiting-verification');
    expect(mainText(html)).toContain(`Claims awaiting your verification (${Number(count)})`);
    expect(claims).toContain(`These are the 50 oldest: all ${Number(count)} claims are in the findings list.`);
    const start = html.indexOf('id="awaiting-verification"');
    const queue = html.slice(start, html.indexOf('<h2', start + 1));
    // The heading row and fifty claims.
    expect(queue.match(/<tr class="govuk-table__row">/g)).toHaveLength(51);
  });
});
