import type request from 'supertest';
import { OrganisationsService, SYSTEM_AUTHOR } from '../src/organisations/organisations.service';
import { createUser, signIn } from './factories/users';
import type { DashboardBody, FindingBody, FindingListBody } from './utils/api-bodies';
import { createTestApp, type TestApp } from './utils/create-test-app';
import { hiddenFields, submitForm } from './utils/forms';
import { mainText, pageText, sectionText } from './utils/page-text';

/**
 * Issue 13, "every force's own record": a national recommendation as the inspectorate made it (the statement,
 * NAT-2022-REC-01) is worked on by each organisation it was made to on a record of its own (DER-NAT-2022-REC-01,
 * LEI-NAT-2022-REC-01, ...). Everything here is read as a user reads it, over HTTP, on a fresh database: Derbyshire
 * (DER) holds the default data's example work; Leicestershire (LEI) is in the reference data with no work; the
 * College of Policing (COP) is a national body an inspector names as a further recipient.
 */

type Agent = ReturnType<typeof request.agent>;

const STATEMENT = 'NAT-2022-REC-01';
const DER_RECORD = `DER-${STATEMENT}`;
const LEI_RECORD = `LEI-${STATEMENT}`;
const COP_RECORD = `COP-${STATEMENT}`;

const DERBYSHIRE = 'Derbyshire Constabulary';
const LEICESTERSHIRE = 'Leicestershire Police';
const COLLEGE = { code: 'COP', name: 'College of Policing' };
/** The inspector's username, as an assessment they record names them. */
const INSPECTOR = 'recipients-inspector';

/** Derbyshire's work on its record: the default data's example owner and action, and what its staff add here. */
const DER_WORK = {
  owner: 'Force vetting unit (FVU)',
  exampleAction: 'Research and assess every outstanding change-of-circumstances notification',
  note: 'Derbyshire note: the change-of-circumstances backlog is down to 12 cases',
  action: 'Derbyshire action: audit the vetting unit’s change-of-circumstances log',
};

/** Leicestershire's work on its record: text Derbyshire must never read. */
const LEI_WORK = {
  owner: 'Leicestershire vetting and disclosure unit',
  actionOwners: 'Leicestershire vetting manager',
  targetDate: '2099-03-31',
  targetDateText: '31 March 2099',
  action: 'Leicestershire action: set up change-of-circumstances reminders for all staff',
  assessment: 'Leicestershire assessment: reminders in place and every notification now researched',
};

/** The text inside <main> of a page that must answer 200. */
async function readPage(agent: Agent, path: string): Promise<string> {
  return mainText((await agent.get(path).expect(200)).text);
}

/**
 * The text of the first table row on the page whose first cell is this organisation's name, and the link in that
 * cell (the recipient's record).
 */
function rowOf(html: string, organisation: string): { text: string; href: string | null } {
  for (const row of html.split('<tr').slice(1)) {
    const markup = `<tr${row.slice(0, row.indexOf('</tr>'))}</tr>`;
    const text = pageText(markup);
    if (text.startsWith(`${organisation} `)) {
      return { text, href: /href="([^"]+)"/.exec(markup)?.[1] ?? null };
    }
  }
  throw new Error(`No table row starts with ${organisation}`);
}

/** The error message shown beside a form field (govuk-error-message with the id `<field>-error`). */
function fieldError(html: string, field: string): string {
  const match = new RegExp(`<p id="${field}-error"[^>]*>([\\s\\S]*?)</p>`).exec(html);
  if (!match) {
    throw new Error(`No error beside the field ${field}`);
  }
  return pageText(match[1]);
}

/**
 * The pages and answers where a force user reads their force's findings: lists (with the national recommendations,
 * and what remains unimplemented), the dashboard, their work, the API, the board packs of their force. `listsOwn`:
 * the page lists the user's own force's records (so an absence of the other force's is not an empty page).
 */
const FORCE_READING: ReadonlyArray<{ path: string; listsOwn: boolean }> = [
  { path: '/findings', listsOwn: true },
  { path: '/findings?kind=national_recommendation', listsOwn: true },
  { path: '/findings?status=unimplemented', listsOwn: true },
  { path: '/findings?status=unimplemented&kind=national_recommendation', listsOwn: true },
  { path: '/', listsOwn: true },
  // A lead's work lists the force's; staff without a team see only their own (nothing here).
  { path: '/my-work', listsOwn: false },
  { path: '/api/findings', listsOwn: true },
  { path: '/api/findings?kind=national_recommendation', listsOwn: true },
  { path: '/api', listsOwn: true },
  { path: '/board-packs', listsOwn: false },
  { path: '/board-packs/current', listsOwn: true },
];

/** One story on one app: each numbered block builds on the work done in the blocks before it. */
describe('Every recipient of a national recommendation works on its own record', () => {
  let testApp: TestApp;
  let derStaff: Agent;
  let derLead: Agent;
  let leiStaff: Agent;
  let leiLead: Agent;
  let inspector: Agent;

  beforeAll(async () => {
    testApp = await createTestApp();
    const app = testApp.app;
    const user = async (role: 'force_staff' | 'force_lead' | 'inspector', forceCode: string | null, name: string) =>
      (await signIn(app, await createUser(app, role, { forceCode, username: name }))).agent;
    derStaff = await user('force_staff', 'DER', 'der-staff');
    derLead = await user('force_lead', 'DER', 'der-lead');
    leiStaff = await user('force_staff', 'LEI', 'lei-staff');
    leiLead = await user('force_lead', 'LEI', 'lei-lead');
    inspector = await user('inspector', null, INSPECTOR);
  });

  afterAll(async () => {
    await testApp.close();
  });

  describe('1. An inspector names a national body as a further recipient', () => {
    const form = `/findings/${STATEMENT}/recipients/new`;
    const post = `/findings/${STATEMENT}/recipients`;

    it('gives the College of Policing its own record, not started, listed among the recipients', async () => {
      expect(await readPage(inspector, form)).toContain(`${COLLEGE.name} (national body)`);

      const added = await submitForm(inspector, form, post, { organisationCode: COLLEGE.code });
      expect(added.status).toBe(303);
      expect(added.headers.location).toBe(`/findings/${STATEMENT}#recipients`);

      const statement = (await inspector.get(`/findings/${STATEMENT}`).expect(200)).text;
      const row = rowOf(statement, COLLEGE.name);
      expect(row.text).toContain('Not started');
      expect(row.text).toContain('None yet');
      expect(row.href).toBe(`/findings/${COP_RECORD}`);

      const record = await readPage(inspector, `/findings/${COP_RECORD}`);
      expect(record).toContain(`${COP_RECORD} · National recommendation · ${COLLEGE.name}’s record`);
      expect(record).toContain('Status Not started');
      // The form no longer offers an organisation that holds a record.
      expect(await readPage(inspector, form)).not.toContain(`${COLLEGE.name} (national body)`);
    });

    it('refuses to name the same organisation twice, with the error beside the field', async () => {
      const again = await submitForm(inspector, form, post, { organisationCode: COLLEGE.code });
      expect(again.status).toBe(400);
      expect(fieldError(again.text, 'organisationCode')).toBe(
        `Error: ${COLLEGE.name} already holds a record of ${STATEMENT}`,
      );
      expect(mainText(again.text)).toContain('There is a problem');
    });
  });

  describe('2. The same national recommendation, worked differently by each force', () => {
    it('gives Derbyshire staff their own record, with the example owner, in progress', async () => {
      for (const path of [`/findings/${STATEMENT}`, `/findings/${DER_RECORD}`]) {
        const text = await readPage(derStaff, path);
        expect(text).toContain(`${DER_RECORD} · National recommendation · ${DERBYSHIRE}’s record`);
        expect(text).toContain(`This is ${DERBYSHIRE}’s record of the national recommendation ${STATEMENT}`);
        expect(text).toContain(`Accountable owner ${DER_WORK.owner}`);
        expect(text).toContain('Status In progress');
        expect(text).toContain(DER_WORK.exampleAction);
      }
    });

    it('lets Derbyshire staff post a progress note and add an action (once refused: updated by inspectors)', async () => {
      const note = await submitForm(derStaff, `/findings/${STATEMENT}/notes/new`, `/findings/${STATEMENT}/notes`, {
        commentary: DER_WORK.note,
      });
      expect(note.status).toBe(303);
      const action = await submitForm(
        derStaff,
        `/findings/${STATEMENT}/actions/new`,
        `/findings/${STATEMENT}/actions`,
        { description: DER_WORK.action, owner: 'Vetting manager', dueDate: '2099-01-31', status: 'not_started' },
      );
      expect(action.status).toBe(303);

      const html = (await derStaff.get(`/findings/${DER_RECORD}`).expect(200)).text;
      expect(sectionText(html, 'history')).toContain(DER_WORK.note);
      expect(sectionText(html, 'actions')).toContain(DER_WORK.action);
      expect(mainText(html)).not.toContain('National recommendations are updated by inspectors');
    });

    it('gives a Leicestershire lead their own record: not started, no owner, none of Derbyshire’s work', async () => {
      const html = (await leiLead.get(`/findings/${STATEMENT}`).expect(200)).text;
      const text = mainText(html);
      expect(text).toContain(`${LEI_RECORD} · National recommendation · ${LEICESTERSHIRE}’s record`);
      expect(text).toContain('Status Not started');
      expect(text).toContain('Accountable owner Action owners Status');
      expect(sectionText(html, 'actions')).toContain('No actions recorded.');
      for (const derbyshire of [DER_WORK.owner, DER_WORK.exampleAction, DER_WORK.note, DER_WORK.action, DER_RECORD]) {
        expect(text).not.toContain(derbyshire);
      }
    });

    it('lets Leicestershire assign an owner and target date, start the work and add an action', async () => {
      const assigned = await submitForm(leiLead, `/findings/${LEI_RECORD}/assign`, `/findings/${LEI_RECORD}/assign`, {
        owner: LEI_WORK.owner,
        actionOwners: LEI_WORK.actionOwners,
        targetDate: LEI_WORK.targetDate,
        reason: '',
      });
      expect(assigned.status).toBe(303);
      const started = await submitForm(leiStaff, `/findings/${STATEMENT}/status`, `/findings/${STATEMENT}/status`, {
        transition: 'start',
        commentary: '',
      });
      expect(started.status).toBe(303);
      const action = await submitForm(
        leiStaff,
        `/findings/${STATEMENT}/actions/new`,
        `/findings/${STATEMENT}/actions`,
        { description: LEI_WORK.action, owner: LEI_WORK.actionOwners, dueDate: '2099-02-28', status: 'in_progress' },
      );
      expect(action.status).toBe(303);

      const text = await readPage(leiStaff, `/findings/${LEI_RECORD}`);
      expect(text).toContain(`Accountable owner ${LEI_WORK.owner}`);
      expect(text).toContain(`Target date ${LEI_WORK.targetDateText}`);
      expect(text).toContain('Status In progress');
      expect(text).toContain(LEI_WORK.action);
    });

    it('leaves Derbyshire’s record as Derbyshire left it', async () => {
      const text = await readPage(derLead, `/findings/${STATEMENT}`);
      expect(text).toContain(`Accountable owner ${DER_WORK.owner}`);
      expect(text).toContain('Status In progress');
      expect(text).toContain(DER_WORK.action);
      for (const leicestershire of [LEI_WORK.owner, LEI_WORK.actionOwners, LEI_WORK.action, LEI_WORK.targetDateText]) {
        expect(text).not.toContain(leicestershire);
      }
    });
  });

  describe('3. A force user never sees another force’s record', () => {
    it('answers a Leicestershire user asking for Derbyshire’s record, and the reverse, with 404', async () => {
      for (const [agent, other] of [
        [leiStaff, DER_RECORD],
        [leiLead, DER_RECORD],
        [derStaff, LEI_RECORD],
        [derLead, LEI_RECORD],
      ] as const) {
        const page = await agent.get(`/findings/${other}`).expect(404);
        expect(mainText(page.text)).toContain('Page not found');
        const api = await agent.get(`/api/findings/${other}`).expect(404);
        expect(JSON.stringify(api.body)).not.toContain('Force vetting unit');
        // Nor the forms on it.
        await agent.get(`/findings/${other}/notes/new`).expect(404);
      }
    });

    it('refuses to let a force user post on another force’s record', async () => {
      // The note form of their own record, posted at the other force's record.
      const form = (await leiStaff.get(`/findings/${LEI_RECORD}/notes/new`).expect(200)).text;
      const hidden = hiddenFields(form);
      await leiStaff
        .post(`/findings/${DER_RECORD}/notes`)
        .type('form')
        .send({ ...hidden, commentary: 'Leicestershire writing on Derbyshire’s record' })
        .redirects(0)
        .expect(404);
      expect(await readPage(derStaff, `/findings/${DER_RECORD}`)).not.toContain('Leicestershire writing');
    });

    /** Reads every page of FORCE_READING as this user: none holds the other force's references or work. */
    async function expectNothingOfTheOtherForce(agent: Agent, own: string, other: string, otherWork: string[]) {
      for (const { path, listsOwn } of FORCE_READING) {
        const response = await agent.get(path).expect(200);
        const read = response.type === 'application/json' ? JSON.stringify(response.body) : mainText(response.text);
        if (listsOwn) {
          expect({ path, own: read.includes(`${own}-NAT-`) }).toEqual({ path, own: true });
        }
        for (const text of [`${other}-`, ...otherWork]) {
          expect({ path, text, seen: read.includes(text) }).toEqual({ path, text, seen: false });
        }
      }
      const national = (await agent.get('/api/findings?kind=national_recommendation').expect(200))
        .body as FindingListBody;
      expect(national.total).toBe(10);
      expect(national.items.filter((item) => !item.reference.startsWith(`${own}-NAT-`))).toEqual([]);
      // The cross-force progress page is an inspector's: a force user is refused it.
      const progress = await agent.get(`/progress?reference=${STATEMENT}`).expect(403);
      expect(progress.text).not.toContain(`${other}-`);
    }

    it('shows Leicestershire users nothing of Derbyshire in lists, counts, work, API and board pack', async () => {
      for (const agent of [leiStaff, leiLead]) {
        await expectNothingOfTheOtherForce(agent, 'LEI', 'DER', [
          DER_WORK.owner,
          DER_WORK.exampleAction,
          DER_WORK.note,
          DER_WORK.action,
        ]);
      }
    });

    it('shows Derbyshire users nothing of Leicestershire in lists, counts, work, API and board pack', async () => {
      for (const agent of [derStaff, derLead]) {
        await expectNothingOfTheOtherForce(agent, 'DER', 'LEI', [
          LEI_WORK.owner,
          LEI_WORK.actionOwners,
          LEI_WORK.action,
        ]);
      }
    });

    it('finds nothing when a Derbyshire user filters by Leicestershire’s owner', async () => {
      const text = await readPage(derStaff, `/findings?owner=${encodeURIComponent(LEI_WORK.owner)}`);
      expect(text).toContain('0 findings');
    });
  });

  describe('4. An inspector sees every recipient’s progress, and assesses one recipient', () => {
    it('shows the progress of each recipient on the statement page, each name linking to its record', async () => {
      const html = (await inspector.get(`/findings/${STATEMENT}`).expect(200)).text;
      expect(sectionText(html, 'recipients')).toContain('Progress of each recipient');

      const derbyshire = rowOf(html, DERBYSHIRE);
      expect(derbyshire.text).toContain('In progress');
      expect(derbyshire.text).toContain(
        'Not implemented A report into the effectiveness of integrity arrangements in Derbyshire Constabulary (2024/25)',
      );
      expect(derbyshire.text).toContain(DER_WORK.owner);
      expect(derbyshire.href).toBe(`/findings/${DER_RECORD}`);

      const leicestershire = rowOf(html, LEICESTERSHIRE);
      expect(leicestershire.text).toContain('In progress');
      expect(leicestershire.text).toContain('Not assessed');
      expect(leicestershire.text).toContain(LEI_WORK.owner);
      expect(leicestershire.href).toBe(`/findings/${LEI_RECORD}`);

      const college = rowOf(html, COLLEGE.name);
      expect(college.text).toContain('Not started');
      expect(college.href).toBe(`/findings/${COP_RECORD}`);

      for (const [row, name] of [
        [derbyshire, DERBYSHIRE],
        [leicestershire, LEICESTERSHIRE],
        [college, COLLEGE.name],
      ] as const) {
        expect(await readPage(inspector, row.href!)).toContain(`${name}’s record`);
      }
    });

    it('lists both forces on the progress page', async () => {
      const html = (await inspector.get(`/progress?reference=${STATEMENT}`).expect(200)).text;
      const derbyshire = rowOf(html, DERBYSHIRE);
      expect(derbyshire.text).toContain('In progress Not implemented, 22 January 2025');
      expect(derbyshire.href).toBe(`/findings/${DER_RECORD}`);
      const leicestershire = rowOf(html, LEICESTERSHIRE);
      expect(leicestershire.text).toContain('In progress Not assessed');
      expect(leicestershire.href).toBe(`/findings/${LEI_RECORD}`);
    });

    it('records an assessment of Leicestershire, from the statement page, on Leicestershire’s record alone', async () => {
      const assessed = await submitForm(
        inspector,
        `/findings/${STATEMENT}/assessments/new`,
        `/findings/${STATEMENT}/assessments`,
        {
          forceCode: 'LEI',
          verdict: 'implemented',
          commentary: LEI_WORK.assessment,
          assessedOn: '2025-06-30',
          quote: '',
        },
      );
      expect(assessed.status).toBe(303);

      const lineage = sectionText((await leiLead.get(`/findings/${STATEMENT}`).expect(200)).text, 'lineage');
      expect(lineage).toContain(`Implemented recorded by ${INSPECTOR}, 30 June 2025, for ${LEICESTERSHIRE}`);
      expect(lineage).toContain(LEI_WORK.assessment);

      const derbyshire = await readPage(derStaff, `/findings/${STATEMENT}`);
      expect(derbyshire).not.toContain(LEI_WORK.assessment);
      expect(derbyshire).toContain('Not implemented according to A report into the effectiveness');

      const statement = (await inspector.get(`/findings/${STATEMENT}`).expect(200)).text;
      expect(rowOf(statement, LEICESTERSHIRE).text).toContain('Implemented');
      expect(rowOf(statement, DERBYSHIRE).text).toContain('Not implemented');
    });

    it('keeps an inspector’s link note on the statement its own, and refuses a status on the statement', async () => {
      const linked = await submitForm(
        inspector,
        '/findings/NAT-2022-REC-01/links/new',
        '/findings/NAT-2022-REC-01/links',
        { type: 'relates_to', otherReference: 'DER-2018-AFI-03', reason: 'Statement-level note for inspectors only' },
      );
      expect(linked.status).toBe(303);
      // The next start brings records up to date: the statement's own history is not a force's work.
      const upToDate = await testApp.app.get(OrganisationsService).bringRecipientRecordsUpToDate();
      expect(upToDate.moved).toEqual([]);
      // The link itself is lineage, shown beside the Derbyshire finding it names; the statement's history is not
      // Derbyshire's.
      const derbyshire = (await derStaff.get('/findings/DER-NAT-2022-REC-01').expect(200)).text;
      expect(sectionText(derbyshire, 'lineage')).toContain('Relates to DER-2018-AFI-03');
      expect(sectionText(derbyshire, 'history')).not.toContain('Statement-level note for inspectors only');
      const superseded = await submitForm(
        inspector,
        '/findings/NAT-2022-REC-01/status',
        '/findings/NAT-2022-REC-01/status',
        { transition: 'supersede', supersededBy: 'NAT-2022-REC-02', commentary: 'A statement has no status' },
      );
      expect(superseded.status).toBe(403);
    });

    it('still lists Derbyshire’s record as unimplemented, and no longer Leicestershire’s', async () => {
      const derbyshire = await readPage(derStaff, '/findings?status=unimplemented&kind=national_recommendation');
      expect(derbyshire).toContain(DER_RECORD);
      const leicestershire = await readPage(leiStaff, '/findings?status=unimplemented&kind=national_recommendation');
      expect(leicestershire).not.toContain(LEI_RECORD);
      expect(leicestershire).toContain('LEI-NAT-2022-REC-02');
    });
  });
});

describe('A force with no work of its own sees the national recommendations made to it, and nothing else', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  /** The dashboard's, list's and API's counts, and the list, of a force with only its records, none started. */
  async function expectOnlyTenNotStartedRecords(agent: Agent, code: string): Promise<void> {
    const dashboard = await readPage(agent, '/');
    expect(dashboard).toContain('Findings by status 10 Not started 0 In progress');
    expect(dashboard).toContain('0 Verified closed');
    expect(dashboard).toContain('10 National recommendation 0 Observation');

    const list = await readPage(agent, '/findings');
    expect(list).toContain('10 findings, showing 1 to 10');
    expect(list).toContain('Not started: 10 In progress: 0');
    expect(list).toContain('Verified closed: 0');
    expect(list.match(/\b[A-Z]{2,8}-NAT-\d{4}-REC-\d\d\b/g)?.every((ref) => ref.startsWith(`${code}-`))).toBe(true);
    expect(list).not.toContain('DER-');
    expect(list).not.toContain(DER_WORK.owner);

    const api = (await agent.get('/api/findings').expect(200)).body as FindingListBody & {
      countsByStatus: Record<string, number>;
    };
    expect(api.total).toBe(10);
    expect(api.countsByStatus).toEqual({
      not_started: 10,
      in_progress: 0,
      implemented: 0,
      verified_closed: 0,
      superseded: 0,
    });
    expect(api.countsByKind.national_recommendation).toBe(10);
    expect(api.items.map((item) => item.reference)).toContain(`${code}-${STATEMENT}`);
    expect(api.items.filter((item) => !item.reference.startsWith(`${code}-NAT-`))).toEqual([]);
    expect(((await agent.get('/api').expect(200)).body as DashboardBody).counts.total).toBe(10);

    expect(await readPage(agent, '/my-work')).toContain('10 open findings of 10');
  }

  it('5. counts a Leicestershire user’s ten national recommendations as not started, and nothing of Derbyshire', async () => {
    const app = testApp.app;
    const { agent } = await signIn(app, await createUser(app, 'force_lead', { forceCode: 'LEI' }));
    await expectOnlyTenNotStartedRecords(agent, 'LEI');
  });

  it('6. gives a police force added later its records of the national recommendations, not started', async () => {
    const app = testApp.app;
    await app
      .get(OrganisationsService)
      .create({ code: 'RUT', name: 'Rutland Constabulary', kind: 'police' }, SYSTEM_AUTHOR);
    const { agent } = await signIn(app, await createUser(app, 'force_lead', { forceCode: 'RUT' }));
    await expectOnlyTenNotStartedRecords(agent, 'RUT');

    const record = (await agent.get(`/api/findings/${STATEMENT}`).expect(200)).body as FindingBody;
    expect(record.reference).toBe(`RUT-${STATEMENT}`);
    expect(record.owner).toBeNull();
    expect(record.actions).toEqual([]);
    const text = await readPage(agent, `/findings/${STATEMENT}`);
    expect(text).toContain(`RUT-${STATEMENT} · National recommendation · Rutland Constabulary’s record`);
    expect(text).toContain('Status Not started');
    expect(text).not.toContain(DER_WORK.owner);
    expect(text).not.toContain(DER_WORK.exampleAction);
  });
});
