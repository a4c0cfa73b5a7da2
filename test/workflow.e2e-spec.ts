import { createUser, signIn } from './factories/users';
import type { FindingBody } from './utils/api-bodies';
import { createTestApp, type TestApp } from './utils/create-test-app';
import { formatUkDate } from '../src/common/dates';
import { dateFields, daysFromToday, hiddenFields, submitForm, uploadEvidence } from './utils/forms';
import { mainText, sectionText } from './utils/page-text';

type Session = Awaited<ReturnType<typeof signIn>>;

describe('Status workflow, actions, notes and assignment', () => {
  let testApp: TestApp;
  let staff: Session;
  let lead: Session;
  let inspector: Session;
  let board: Session;

  beforeAll(async () => {
    testApp = await createTestApp();
    const app = testApp.app;
    staff = await signIn(
      app,
      await createUser(app, 'force_staff', { username: 'sam.staff', team: 'Head of professional standards (PSD)' }),
    );
    lead = await signIn(app, await createUser(app, 'force_lead', { username: 'lee.lead' }));
    inspector = await signIn(app, await createUser(app, 'inspector', { username: 'ina.inspector' }));
    board = await signIn(app, await createUser(app, 'board_member', { username: 'bob.board' }));
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('takes a finding from not started to verified closed and re-opened, with every step in its history', async () => {
    const ref = 'DER-2025-AFI-04';
    expect(mainText((await staff.agent.get(`/findings/${ref}`).expect(200)).text)).toContain('Not started');

    // Start work.
    await submitForm(staff.agent, `/findings/${ref}/status`, `/findings/${ref}/status`, { transition: 'start' }).then(
      (r) => expect(r.status).toBe(303),
    );

    // A claim without evidence is refused, the form shown again with the message and what was typed.
    const refused = await submitForm(staff.agent, `/findings/${ref}/status`, `/findings/${ref}/status`, {
      transition: 'claim',
      commentary: 'All done, see the report',
    });
    expect(refused.status).toBe(400);
    const refusedText = mainText(refused.text);
    expect(refusedText).toContain('There is a problem');
    expect(refusedText).toContain('Add at least one piece of evidence before claiming the finding is implemented');
    expect(refused.text).toContain('All done, see the report</textarea>');

    // Evidence, then the claim.
    expect(
      (
        await uploadEvidence(staff.agent, ref, {
          kind: 'note',
          title: 'Disproportionality analysis presented to the PSD board',
          description: 'Minutes of 3 March',
        })
      ).status,
    ).toBe(303);
    // Its action is not done: the claim is confirmed, with the reason.
    const warned = await submitForm(staff.agent, `/findings/${ref}/status`, `/findings/${ref}/status`, {
      transition: 'claim',
      commentary: 'Quarterly analysis now runs; see the board minutes',
    });
    expect(warned.status).toBe(400);
    expect(mainText(warned.text)).toContain('1 action is not done: confirm the finding is implemented all the same');
    const claim = await submitForm(staff.agent, `/findings/${ref}/status`, `/findings/${ref}/status`, {
      transition: 'claim',
      commentary: 'Quarterly analysis now runs; see the board minutes',
      confirmed: 'yes',
      confirmReason: 'The data set is defined in the analysis itself',
    });
    expect(claim.status).toBe(303);

    // Force staff cannot verify their own claim; a board member cannot change anything.
    // (The status page offers staff no choice now; the post is forged from another form's fields.)
    const notAllowed = await submitForm(staff.agent, `/findings/${ref}/notes/new`, `/findings/${ref}/status`, {
      transition: 'verify',
      commentary: 'I say so',
    });
    expect(notAllowed.status).toBe(400);
    expect(mainText(notAllowed.text)).toContain('Your role cannot verify and close');
    const boardTry = await board.agent
      .post(`/findings/${ref}/notes`)
      .type('form')
      .send({ _csrf: board.csrf, version: '1', loadedAt: new Date().toISOString(), commentary: 'x' });
    expect(boardTry.status).toBe(403);

    // The inspector verifies, with a reason.
    const verify = await submitForm(inspector.agent, `/findings/${ref}/status`, `/findings/${ref}/status`, {
      transition: 'verify',
      commentary: 'Evidence seen; analysis is embedded',
    });
    expect(verify.status).toBe(303);

    const page = (await staff.agent.get(`/findings/${ref}`).expect(200)).text;
    const history = sectionText(page, 'history');
    expect(history).toContain('Status changed: Implemented – awaiting verification → Verified closed by ina.inspector');
    expect(history).toContain('Evidence seen; analysis is embedded');
    expect(history).toContain('Status changed: In progress → Implemented – awaiting verification by sam.staff');
    expect(history).toContain('Quarterly analysis now runs; see the board minutes');
    const verification = sectionText(page, 'verifications');
    expect(verification).toContain('Verified and closed by ina.inspector');
    expect(verification).toContain('“Disproportionality analysis presented to the PSD board”');

    // Re-opening says why, and is in the history too.
    const noWhy = await submitForm(lead.agent, `/findings/${ref}/status`, `/findings/${ref}/status`, {
      transition: 'reopen',
      commentary: '',
    });
    expect(noWhy.status).toBe(400);
    expect(
      (
        await submitForm(lead.agent, `/findings/${ref}/status`, `/findings/${ref}/status`, {
          transition: 'reopen',
          commentary: 'Analysis lapsed in the summer',
        })
      ).status,
    ).toBe(303);
    const reopened = sectionText((await staff.agent.get(`/findings/${ref}`).expect(200)).text, 'history');
    expect(reopened).toContain('Status changed: Verified closed → In progress by lee.lead');
    expect(reopened).toContain('Analysis lapsed in the summer');
  });

  it('lets an inspector reject a claim, only with a reason', async () => {
    const ref = 'DER-2025-AFI-03';
    await uploadEvidence(staff.agent, ref, {
      kind: 'link',
      title: 'Investigation plan template',
      url: 'https://intranet.example/psd/plan',
    });
    expect(
      (
        await submitForm(staff.agent, `/findings/${ref}/status`, `/findings/${ref}/status`, {
          transition: 'claim',
          commentary: 'Template in use',
          confirmed: 'yes',
          confirmReason: 'Supervisory reviews are part of the template',
        })
      ).status,
    ).toBe(303);
    const noReason = await submitForm(inspector.agent, `/findings/${ref}/status`, `/findings/${ref}/status`, {
      transition: 'reject',
      commentary: '',
    });
    expect(noReason.status).toBe(400);
    expect(mainText(noReason.text)).toContain('Give the reason');
    expect(
      (
        await submitForm(inspector.agent, `/findings/${ref}/status`, `/findings/${ref}/status`, {
          transition: 'reject',
          commentary: 'Plans are not yet endorsed by supervisors',
        })
      ).status,
    ).toBe(303);
    const text = mainText((await lead.agent.get(`/findings/${ref}`).expect(200)).text);
    expect(text).toContain('Claim rejected by ina.inspector');
    expect(text).toContain('Plans are not yet endorsed by supervisors');
    expect(text).toMatch(/In progress/);
  });

  it('adds and updates an action, and posts a progress note', async () => {
    const ref = 'DER-2025-AFI-05';
    const due = daysFromToday(90);
    const added = await submitForm(staff.agent, `/findings/${ref}/actions/new`, `/findings/${ref}/actions`, {
      description: 'Publish the 2025 strategic threat assessment',
      owner: 'Counter-corruption unit (CCU)',
      ...dateFields('dueDate', due),
      status: 'in_progress',
    });
    expect(added.status).toBe(303);
    const api = (await staff.agent.get(`/api/findings/${ref}`).expect(200)).body as FindingBody;
    const action = api.actions.find((item) => item.description === 'Publish the 2025 strategic threat assessment')!;
    expect(action).toMatchObject({
      owner: 'Counter-corruption unit (CCU)',
      dueDate: due,
      status: 'in_progress',
    });

    const edited = await submitForm(
      staff.agent,
      `/findings/${ref}/actions/${action.id}/edit`,
      `/findings/${ref}/actions/${action.id}`,
      {
        description: 'Publish the 2025 strategic threat assessment',
        owner: 'Counter-corruption unit (CCU)',
        ...dateFields('dueDate', due),
        status: 'done',
        note: 'Published to the intranet',
        actionVersion: String(action.version),
      },
    );
    expect(edited.status).toBe(303);

    const bad = await submitForm(staff.agent, `/findings/${ref}/actions/new`, `/findings/${ref}/actions`, {
      description: '  ',
      owner: 'x',
      'dueDate[day]': '31',
      'dueDate[month]': '',
      'dueDate[year]': '2026',
      status: 'in_progress',
    });
    expect(bad.status).toBe(400);
    const badText = mainText(bad.text);
    expect(badText).toContain('Describe the action');
    expect(badText).toContain('The due date must include a month');
    expect(bad.text).toContain('name="dueDate[day]" type="text" inputmode="numeric" value="31"');
    expect(bad.text).toContain('name="dueDate[year]" type="text" inputmode="numeric" value="2026"');

    await submitForm(staff.agent, `/findings/${ref}/notes/new`, `/findings/${ref}/notes`, {
      commentary: 'STA draft with the DCC',
    }).then((r) => expect(r.status).toBe(303));
    const history = sectionText((await staff.agent.get(`/findings/${ref}`).expect(200)).text, 'history');
    expect(history).toContain('Action updated: In progress → Done by sam.staff');
    expect(history).toContain('Published to the intranet');
    expect(history).toContain('Progress note by sam.staff');
    expect(history).toContain('STA draft with the DCC');
  });

  it('needs a reason to move a target date, and keeps the slippage visible', async () => {
    const ref = 'DER-2025-AFI-02';
    const target = daysFromToday(120);
    const noReason = await submitForm(lead.agent, `/findings/${ref}/assign`, `/findings/${ref}/assign`, {
      owner: 'Force vetting unit (FVU)',
      actionOwners: 'Vetting manager',
      ...dateFields('targetDate', target),
      reason: '',
    });
    expect(noReason.status).toBe(400);
    expect(mainText(noReason.text)).toContain('Give the reason the target date is changing');
    const moved = await submitForm(lead.agent, `/findings/${ref}/assign`, `/findings/${ref}/assign`, {
      owner: 'Force vetting unit (FVU)',
      actionOwners: 'Vetting manager\nHuman resources',
      ...dateFields('targetDate', target),
      reason: 'Waiting for the national vetting data standard',
    });
    expect(moved.status).toBe(303);
    const slippage = sectionText((await board.agent.get(`/findings/${ref}`).expect(200)).text, 'slippage');
    expect(slippage).toContain(formatUkDate(target));
    expect(slippage).toContain('Waiting for the national vetting data standard');
    expect(slippage).toContain('lee.lead');
    // Staff cannot assign.
    expect((await staff.agent.get(`/findings/${ref}/assign`)).status).toBe(403);
  });

  it('refuses the second of two edits made from the same version, saying what changed meanwhile', async () => {
    const ref = 'DER-2025-AFI-01';
    const first = await lead.agent.get(`/findings/${ref}/assign`).expect(200);
    const second = await lead.agent.get(`/findings/${ref}/assign`).expect(200);
    const base = { owner: 'Force vetting unit (FVU)', actionOwners: 'Vetting manager' };
    const saved = await lead.agent
      .post(`/findings/${ref}/assign`)
      .type('form')
      .send({ ...hiddenFields(first.text), ...base, ...dateFields('targetDate', '2025-09-30'), reason: '' });
    expect(saved.status).toBe(303);
    await submitForm(staff.agent, `/findings/${ref}/notes/new`, `/findings/${ref}/notes`, {
      commentary: 'Backlog down to 40',
    });
    const conflict = await lead.agent
      .post(`/findings/${ref}/assign`)
      .type('form')
      .send({
        ...hiddenFields(second.text),
        ...base,
        owner: 'Human resources',
        ...dateFields('targetDate', '2025-09-30'),
        reason: '',
      });
    expect(conflict.status).toBe(409);
    const text = mainText(conflict.text);
    expect(text).toContain('Someone else changed this finding after you opened it, so your change was not saved.');
    expect(text).toContain('Progress note by sam.staff');
    expect(conflict.text).toContain('value="Human resources"');
    const api = (await lead.agent.get(`/api/findings/${ref}`).expect(200)).body as FindingBody;
    expect(api.owner).toBe('Force vetting unit (FVU)');
  });

  it('loses and fails none of many progress notes posted at once', async () => {
    const ref = 'DER-2025-AFI-05';
    const page = await staff.agent.get(`/findings/${ref}/notes/new`).expect(200);
    const hidden = hiddenFields(page.text);
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        staff.agent
          .post(`/findings/${ref}/notes`)
          .type('form')
          .send({ ...hidden, commentary: `Parallel note ${index}` })
          .redirects(0),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(40).fill(303));
    const api = (await staff.agent.get(`/api/findings/${ref}`).expect(200)).body as FindingBody;
    const notes = api.history.filter((entry) => entry.commentary?.startsWith('Parallel note '));
    expect(new Set(notes.map((entry) => entry.commentary)).size).toBe(40);
  });

  it('records an inspector’s assessment of a national recommendation for a force', async () => {
    const ref = 'NAT-2022-REC-02';
    const response = await submitForm(
      inspector.agent,
      `/findings/${ref}/assessments/new`,
      `/findings/${ref}/assessments`,
      {
        verdict: 'partially_implemented',
        forceCode: 'DER',
        ...dateFields('assessedOn', '2026-10-01'),
        commentary: 'Analysis started; no action plan yet',
        quote: '',
      },
    );
    expect(response.status).toBe(303);
    const text = mainText((await staff.agent.get(`/findings/${ref}`).expect(200)).text);
    expect(text).toContain(
      'Partially implemented recorded by ina.inspector, 1 October 2026, for Derbyshire Constabulary',
    );
    // Force staff work on their force's own record of it, like any other finding.
    const noted = await submitForm(staff.agent, `/findings/${ref}/notes/new`, `/findings/${ref}/notes`, {
      commentary: 'Vetting backlog cleared for the national recommendation',
    });
    expect(noted.status).toBe(303);
    const record = mainText((await staff.agent.get(`/findings/DER-${ref}`).expect(200)).text);
    expect(record).toContain('Derbyshire Constabulary’s record');
    expect(record).toContain('Vetting backlog cleared for the national recommendation');
  });

  it('links two findings, and refuses a reference that does not exist', async () => {
    const missing = await submitForm(
      inspector.agent,
      '/findings/DER-2025-AFI-04/links/new',
      '/findings/DER-2025-AFI-04/links',
      { otherReference: 'DER-1999-AFI-99', type: 'relates_to', reason: '' },
    );
    expect(missing.status).toBe(400);
    expect(mainText(missing.text)).toContain('There is no finding DER-1999-AFI-99');
    const linked = await submitForm(
      inspector.agent,
      '/findings/DER-2025-AFI-04/links/new',
      '/findings/DER-2025-AFI-04/links',
      { otherReference: 'der-2018-afi-03', type: 'repeats', reason: 'Same concern about handling' },
    );
    expect(linked.status).toBe(303);
    expect(sectionText((await staff.agent.get('/findings/DER-2025-AFI-04').expect(200)).text, 'lineage')).toContain(
      'Repeats an earlier finding DER-2018-AFI-03',
    );
  });
});
