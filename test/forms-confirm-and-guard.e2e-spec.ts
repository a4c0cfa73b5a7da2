import { DataSource } from 'typeorm';
import { WriteTransactions } from '../src/database/write-transactions';
import { ReportRecorder } from '../src/reports/report-recorder';
import { recordSecondForceReport, SECOND_FORCE } from './factories/second-force';
import { createUser, csrfFrom, signIn, type TestUser } from './factories/users';
import { createTestApp, type TestApp } from './utils/create-test-app';
import { dateFields, daysFromToday, submitForm, uploadEvidence } from './utils/forms';
import { decodeEntities, mainText, pageText, sectionText } from './utils/page-text';

type Session = Awaited<ReturnType<typeof signIn>>;

/** A Cheshire finding claimed implemented on 15 September 2025, for the inspectors' queue of claims. */
const CHESHIRE_CLAIM = {
  reference: 'CHE-2025-AFI-02',
  title: 'Cheshire’s vetting decisions are recorded consistently',
  claimedOn: '15 September 2025',
};

/** The success banner's heading on a page, or null when there is none. */
function successBanner(html: string): string | null {
  const banner =
    /<div class="govuk-notification-banner govuk-notification-banner--success" role="alert"[\s\S]*?<h3 class="govuk-notification-banner__heading">([\s\S]*?)<\/h3>/.exec(
      html,
    );
  return banner ? pageText(banner[1]) : null;
}

/** The rows of the table inside the element with this id: each row's cells as a reader sees them. */
function tableRows(html: string, id: string): string[][] {
  const start = html.indexOf(`id="${id}"`);
  const table = html.slice(start, html.indexOf('</table>', start));
  return [...table.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => pageText(cell[1])),
  );
}

const UK_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const isoOfUkDate = (text: string) => {
  const [day, month, year] = text.split(' ');
  return `${year}-${String(UK_MONTHS.indexOf(month) + 1).padStart(2, '0')}-${day.padStart(2, '0')}`;
};

describe('Forms that confirm and guard; what inspectors and importers read', () => {
  let testApp: TestApp;
  let dataSource: DataSource;
  let inspector: Session;
  let derbyshireBoard: Session;
  let cheshireLead: Session;
  let cheshireLeadUser: TestUser;
  let administrator: Session;

  beforeAll(async () => {
    testApp = await createTestApp();
    const app = testApp.app;
    dataSource = app.get(DataSource);
    await recordSecondForceReport(app);
    await app.get(WriteTransactions).run((manager) =>
      app.get(ReportRecorder).record(manager, {
        author: 'test',
        at: '2025-09-15T09:00:00.000Z',
        importedFrom: 'cheshire-claims.txt',
        reports: [
          {
            key: 'che-2025-vetting',
            title: 'Cheshire vetting revisit',
            inspectorate: 'HMICFRS',
            type: 'integrated_peel_assessment',
            forceCode: SECOND_FORCE.code,
            period: '2025',
            publishedOn: '2025-09-01',
            sourceFile: null,
            sourceUrl: null,
          },
        ],
        judgments: [],
        items: [
          {
            finding: {
              reference: CHESHIRE_CLAIM.reference,
              kind: 'area_for_improvement',
              title: CHESHIRE_CLAIM.title,
              text: 'The force should record its vetting decisions consistently.',
              subPoints: [],
              parent: null,
              theme: 'Vetting',
              sources: [{ report: 0, section: 'Vetting', role: 'origin', position: 1 }],
              owner: SECOND_FORCE.team,
              status: 'implemented',
              targetDate: '2025-12-01',
              actions: [],
            },
          },
        ],
        assessments: [],
        links: [],
      }),
    );
    inspector = await signIn(app, await createUser(app, 'inspector'));
    derbyshireBoard = await signIn(app, await createUser(app, 'board_member'));
    cheshireLeadUser = await createUser(app, 'force_lead', { forceCode: SECOND_FORCE.code });
    cheshireLead = await signIn(app, cheshireLeadUser);
    administrator = await signIn(app, await createUser(app, 'administrator'));
  });

  afterAll(async () => {
    await testApp.close();
  });

  describe('a success banner after each save', () => {
    it('says what changed on the page the form lands on, once, kept in the session row rather than in memory', async () => {
      const reference = SECOND_FORCE.reference;
      const saved = await submitForm(
        cheshireLead.agent,
        `/findings/${reference}/notes/new`,
        `/findings/${reference}/notes`,
        { commentary: 'Backlog down to 40 renewals' },
      );
      expect(saved.status).toBe(303);
      // The redirect keeps its target.
      expect(saved.headers.location).toBe(`/findings/${reference}#history`);
      // The confirmation waits in the session's row in the database, so any app instance shows it.
      const [row] = await dataSource.query<Array<{ flash: string | null }>>(
        `SELECT s.flash AS flash FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = '${cheshireLeadUser.username}'`,
      );
      expect(row.flash).toBe('Progress note posted');

      const landed = (await cheshireLead.agent.get(`/findings/${reference}`).expect(200)).text;
      expect(successBanner(landed)).toBe('Progress note posted');
      expect(mainText(landed)).toContain('Success Progress note posted');
      // Shown once: the next page has none, and nobody else's page ever had it.
      expect(successBanner((await cheshireLead.agent.get(`/findings/${reference}`).expect(200)).text)).toBeNull();
      expect(successBanner((await inspector.agent.get(`/findings/${reference}`).expect(200)).text)).toBeNull();
    });

    it('names the new status after a change of status', async () => {
      const reference = 'DER-2018-AFI-03';
      const rejected = await submitForm(
        inspector.agent,
        `/findings/${reference}/status`,
        `/findings/${reference}/status`,
        {
          transition: 'reject',
          commentary: 'The supervision audit is not yet in use',
        },
      );
      expect(rejected.status).toBe(303);
      expect(rejected.headers.location).toBe(`/findings/${reference}#history`);
      const landed = (await inspector.agent.get(rejected.headers.location).expect(200)).text;
      expect(successBanner(landed)).toBe('Status changed to In progress');
    });

    it('names the owner and target date after an assignment, and confirms an action added', async () => {
      const reference = SECOND_FORCE.reference;
      const targetDate = daysFromToday(120);
      const assigned = await submitForm(
        cheshireLead.agent,
        `/findings/${reference}/assign`,
        `/findings/${reference}/assign`,
        {
          owner: 'Head of professional standards',
          actionOwners: '',
          ...dateFields('targetDate', targetDate),
          reason: 'The renewals review moved the deadline to the spring',
        },
      );
      expect(assigned.status).toBe(303);
      expect(assigned.headers.location).toBe(`/findings/${reference}`);
      const [year, month, day] = targetDate.split('-');
      expect(successBanner((await cheshireLead.agent.get(`/findings/${reference}`).expect(200)).text)).toBe(
        `Owner set to Head of professional standards, target date ${Number(day)} ${UK_MONTHS[Number(month) - 1]} ${year}`,
      );

      const added = await submitForm(
        cheshireLead.agent,
        `/findings/${reference}/actions/new`,
        `/findings/${reference}/actions`,
        {
          description: 'Report the renewals backlog to the integrity board each month',
          owner: SECOND_FORCE.team,
          ...dateFields('dueDate', daysFromToday(60)),
          status: 'not_started',
          note: '',
        },
      );
      expect(added.status).toBe(303);
      expect(added.headers.location).toBe(`/findings/${reference}#actions`);
      expect(successBanner((await cheshireLead.agent.get(`/findings/${reference}`).expect(200)).text)).toBe(
        'Action added',
      );
    });

    it('confirms evidence added', async () => {
      const reference = SECOND_FORCE.reference;
      const added = await uploadEvidence(cheshireLead.agent, reference, {
        kind: 'note',
        title: 'Renewals backlog report',
        description: 'Presented to the integrity board',
      });
      expect(added.status).toBe(303);
      expect(added.headers.location).toBe(`/findings/${reference}#evidence`);
      expect(successBanner((await cheshireLead.agent.get(`/findings/${reference}`).expect(200)).text)).toBe(
        'Evidence added',
      );
    });

    it('confirms a team added and an account disabled, on the list each form returns to', async () => {
      const teams = (await cheshireLead.agent.get('/teams').expect(200)).text;
      const added = await cheshireLead.agent
        .post('/teams')
        .type('form')
        .send({ _csrf: csrfFrom(teams), force: SECOND_FORCE.code, name: 'Cheshire integrity board' })
        .redirects(0)
        .expect(303);
      expect(added.headers.location).toBe(`/teams?force=${SECOND_FORCE.code}`);
      const listed = (await cheshireLead.agent.get(added.headers.location).expect(200)).text;
      expect(successBanner(listed)).toBe('Team added: Cheshire integrity board');

      const someone = await createUser(testApp.app, 'force_staff', { forceCode: SECOND_FORCE.code });
      const users = (await administrator.agent.get('/users').expect(200)).text;
      const disabled = await administrator.agent
        .post(`/users/${someone.username}/disable`)
        .type('form')
        .send({ _csrf: csrfFrom(users) })
        .redirects(0)
        .expect(303);
      expect(disabled.headers.location).toBe('/users');
      expect(successBanner((await administrator.agent.get('/users').expect(200)).text)).toBe(
        `Account disabled: ${someone.username}`,
      );
    });
    it('names the new monitoring stage on the organisation’s page', async () => {
      const changed = await inspector.agent
        .post(`/organisations/${SECOND_FORCE.code}/stage`)
        .type('form')
        .send({ _csrf: inspector.csrf, stage: 'engage', since: '2025-09-02', reason: 'Causes of concern on vetting' })
        .redirects(0)
        .expect(303);
      expect(changed.headers.location).toBe(`/organisations/${SECOND_FORCE.code}`);
      expect(successBanner((await inspector.agent.get(changed.headers.location).expect(200)).text)).toBe(
        'Monitoring stage changed to Engage',
      );
      // The other organisation's page says nothing of it.
      expect(successBanner((await inspector.agent.get('/organisations/DER').expect(200)).text)).toBeNull();
    });
  });

  describe('refused forms come back as the form', () => {
    it('keeps a “returned” board decision without a reason, with the error beside the reason', async () => {
      const reference = 'DER-2018-AFI-02';
      const pack = (await derbyshireBoard.agent.get('/board-packs/current?force=DER').expect(200)).text;
      const refused = await derbyshireBoard.agent
        .post(`/findings/${reference}/board-decision`)
        .type('form')
        .send({ _csrf: csrfFrom(pack), decision: 'returned', reason: '' })
        .expect(400);
      expect(mainText(refused.text)).toContain('There is a problem Give the reason the finding is returned');
      expect(refused.text).toMatch(
        /<p id="reason-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:<\/span> Give the reason the finding is returned<\/p>\s*<input class="govuk-input govuk-input--error" id="reason" name="reason"/,
      );
      // The decision chosen is kept.
      expect(refused.text).toMatch(/id="decision-returned" name="decision" type="radio" value="returned" checked>/);
      expect(refused.text).not.toContain('There is a problem with your request');

      const decided = await derbyshireBoard.agent
        .post(`/findings/${reference}/board-decision`)
        .type('form')
        .send({ _csrf: csrfFrom(refused.text), decision: 'returned', reason: 'The evidence is a year old' })
        .redirects(0)
        .expect(303);
      expect(decided.headers.location).toBe('/board-packs/current?force=DER#sign-off');
      const landed = (await derbyshireBoard.agent.get(decided.headers.location).expect(200)).text;
      expect(successBanner(landed)).toBe(`Board decision recorded on ${reference}: returned`);

      // Another force's lead has no such form for Derbyshire's finding.
      await cheshireLead.agent.get(`/findings/${reference}/board-decision`).expect(404);
    });

    it('shows /progress with an unknown reference as its form, the reference kept and the error beside it', async () => {
      const response = await inspector.agent.get('/progress?reference=NAT-1999-REC-99').expect(404);
      const text = mainText(response.text);
      expect(text).toContain('Progress across forces');
      expect(text).toContain('There is a problem No national recommendation has the reference NAT-1999-REC-99');
      expect(response.text).toMatch(
        /<p id="reference-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:<\/span> No national recommendation has the reference NAT-1999-REC-99<\/p>\s*<input class="govuk-input govuk-input--error" id="reference" name="reference" value="NAT-1999-REC-99"/,
      );
      expect(text).not.toContain('Page not found');
    });
  });

  describe('words, not codes', () => {
    it('shows a change of status in words on My work, and only to the finding’s own force', async () => {
      const app = testApp.app;
      const watcher = await createUser(app, 'force_lead');
      await signIn(app, watcher);
      const neighbour = await createUser(app, 'force_lead', { forceCode: SECOND_FORCE.code });
      await signIn(app, neighbour);
      // An inspector changes a Derbyshire finding after the lead's first sign-in; the lead signs in again.
      const reference = 'DER-2018-AFI-05';
      const rejected = await submitForm(
        inspector.agent,
        `/findings/${reference}/status`,
        `/findings/${reference}/status`,
        {
          transition: 'reject',
          commentary: 'The arrest rate is still falling',
        },
      );
      expect(rejected.status).toBe(303);
      const later = await signIn(app, watcher);
      const changes = sectionText((await later.agent.get('/my-work').expect(200)).text, 'changes');
      expect(changes).toContain(`${reference}: Status changed (In progress)`);
      expect(changes).not.toContain('in_progress');
      const cheshire = await signIn(app, neighbour);
      expect(sectionText((await cheshire.agent.get('/my-work').expect(200)).text, 'changes')).not.toContain(reference);
    });

    it('tags a finding awaiting verification once, in words', async () => {
      const html = (await inspector.agent.get('/findings/DER-2018-AFI-04').expect(200)).text;
      const tags = /<h1[\s\S]*?<p class="govuk-body">([\s\S]*?)<\/p>/.exec(html)![1];
      const tagTexts = [...tags.matchAll(/<strong class="govuk-tag[^"]*">([^<]*)<\/strong>/g)].map((tag) =>
        decodeEntities(tag[1]),
      );
      expect(tagTexts).toContain('Implemented – awaiting verification');
      expect(tagTexts).not.toContain('Awaiting verification');
    });
  });

  describe('inspectors', () => {
    it('lists the claims to verify with their force and the day each was claimed, the oldest first', async () => {
      const html = (await inspector.agent.get('/my-work').expect(200)).text;
      const [headings, ...rows] = tableRows(html, 'awaiting-verification');
      expect(headings).toEqual(['Reference', 'Finding', 'Force', 'Owner', 'Claimed on']);
      const cheshire = rows.find((row) => row[0] === CHESHIRE_CLAIM.reference)!;
      expect(cheshire[2]).toBe(SECOND_FORCE.name);
      expect(cheshire[4]).toBe(CHESHIRE_CLAIM.claimedOn);
      const derbyshire = rows.filter((row) => row[2] === 'Derbyshire Constabulary');
      expect(derbyshire.length).toBeGreaterThan(0);
      const claimedOn = rows.map((row) => isoOfUkDate(row[4]));
      expect(claimedOn).toEqual([...claimedOn].sort());
    });

    it('leads /progress with the forces that have something, the rest counted in a summary', async () => {
      const html = (await inspector.agent.get(`/progress?reference=${SECOND_FORCE.national}`).expect(200)).text;
      const [, ...recorded] = tableRows(html, 'progress-recorded');
      const recordedForces = recorded.map((row) => row[0]);
      expect(recordedForces).toContain(SECOND_FORCE.name);
      expect(recorded.find((row) => row[0] === SECOND_FORCE.name)![2]).toContain('Implemented, 1 August 2025');
      const summary = /<span class="govuk-details__summary-text">(\d+) forces with nothing recorded<\/span>/.exec(html);
      expect(summary).not.toBeNull();
      const [, ...quiet] = tableRows(html, 'progress-nothing-recorded');
      expect(quiet).toHaveLength(Number(summary![1]));
      expect(quiet.length + recorded.length).toBe(43);
      expect(quiet.map((row) => row[0])).toContain('Leicestershire Police');
      expect(recordedForces).not.toContain('Leicestershire Police');

      const theme = (await inspector.agent.get('/progress?theme=Vetting').expect(200)).text;
      const [, ...inTheme] = tableRows(theme, 'progress-recorded');
      expect(inTheme.map((row) => row[0])).toEqual(expect.arrayContaining([SECOND_FORCE.name]));
      expect(mainText(theme)).toMatch(new RegExp(`${43 - inTheme.length} forces with nothing recorded`));
    });
  });
});
