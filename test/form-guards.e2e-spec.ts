import { formatUkDate } from '../src/common/dates';
import { recordSecondForceReport, SECOND_FORCE } from './factories/second-force';
import { createUser, signIn } from './factories/users';
import type { FindingBody } from './utils/api-bodies';
import { createTestApp, type TestApp } from './utils/create-test-app';
import { dateFields, daysFromToday, submitForm, uploadEvidence } from './utils/forms';
import { mainText, sectionText } from './utils/page-text';

type Session = Awaited<ReturnType<typeof signIn>>;

/** The text of the error message beside a field (its `FIELD-error` paragraph). */
function errorBeside(html: string, field: string): string {
  const match = new RegExp(`<p id="${field}-error" class="govuk-error-message">([\\s\\S]*?)</p>`).exec(html);
  return match ? mainText(`<main>${match[1]}</main>`) : '';
}

/** The day, month and year shown in a date input. */
function dateShown(html: string, field: string) {
  const part = (name: string) => new RegExp(`name="${field}\\[${name}\\]"[^>]*value="([^"]*)"`).exec(html)?.[1];
  return { day: part('day'), month: part('month'), year: part('year') };
}

const partsOf = (iso: string) => {
  const [year, month, day] = iso.split('-');
  return { day: String(Number(day)), month: String(Number(month)), year };
};

describe('Forms that refuse what cannot be true and confirm what is unusual', () => {
  let testApp: TestApp;
  let staff: Session;
  let lead: Session;
  let inspector: Session;
  let cheshireStaff: Session;

  beforeAll(async () => {
    testApp = await createTestApp();
    const app = testApp.app;
    await recordSecondForceReport(app);
    staff = await signIn(app, await createUser(app, 'force_staff', { team: 'Counter-corruption unit (CCU)' }));
    lead = await signIn(app, await createUser(app, 'force_lead'));
    inspector = await signIn(app, await createUser(app, 'inspector'));
    cheshireStaff = await signIn(
      app,
      await createUser(app, 'force_staff', { forceCode: SECOND_FORCE.code, team: SECOND_FORCE.team }),
    );
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('reads the due date from day, month and year, and refuses one that is not a real date, keeping what was typed', async () => {
    const ref = 'DER-2025-AFI-05';
    const notReal = await submitForm(staff.agent, `/findings/${ref}/actions/new`, `/findings/${ref}/actions`, {
      description: 'Brief the CCU on the new threat assessment',
      owner: '',
      'dueDate[day]': '31',
      'dueDate[month]': '2',
      'dueDate[year]': '2031',
      status: 'not_started',
    });
    expect(notReal.status).toBe(400);
    expect(mainText(notReal.text)).toContain('There is a problem');
    expect(errorBeside(notReal.text, 'dueDate')).toBe('Error: The due date must be a real date');
    expect(notReal.text).toContain('<a href="#dueDate">The due date must be a real date</a>');
    expect(dateShown(notReal.text, 'dueDate')).toEqual({ day: '31', month: '2', year: '2031' });
    expect(notReal.text).toContain('Brief the CCU on the new threat assessment</textarea>');

    const shortYear = await submitForm(staff.agent, `/findings/${ref}/actions/new`, `/findings/${ref}/actions`, {
      description: 'Brief the CCU on the new threat assessment',
      ...dateFields('dueDate', '2031-03-01'),
      'dueDate[year]': '31',
      status: 'not_started',
    });
    expect(errorBeside(shortYear.text, 'dueDate')).toBe(
      'Error: The due date must have a year of 4 numbers, for example 2027',
    );
  });

  it('asks to confirm an action due in the past, and saves it once confirmed', async () => {
    const ref = 'DER-2025-AFI-05';
    const past = daysFromToday(-400);
    const fields = {
      description: 'Backdate the CCU capacity review',
      owner: 'Counter-corruption unit (CCU)',
      ...dateFields('dueDate', past),
      status: 'in_progress',
    };
    const asked = await submitForm(staff.agent, `/findings/${ref}/actions/new`, `/findings/${ref}/actions`, fields);
    expect(asked.status).toBe(400);
    expect(errorBeside(asked.text, 'confirmPastDate')).toBe(
      `Error: The due date, ${formatUkDate(past)}, is in the past: check it, or confirm it is right`,
    );
    expect(mainText(asked.text)).toContain('The date is in the past. Check it; if it is right, confirm it.');
    expect(mainText(asked.text)).toContain('Yes, the date is in the past');
    expect(dateShown(asked.text, 'dueDate')).toEqual(partsOf(past));
    let api = (await staff.agent.get(`/api/findings/${ref}`).expect(200)).body as FindingBody;
    expect(api.actions.map((action) => action.description)).not.toContain('Backdate the CCU capacity review');

    const confirmed = await submitForm(staff.agent, `/findings/${ref}/actions/new`, `/findings/${ref}/actions`, {
      ...fields,
      confirmPastDate: 'yes',
    });
    expect(confirmed.status).toBe(303);
    api = (await staff.agent.get(`/api/findings/${ref}`).expect(200)).body as FindingBody;
    const saved = api.actions.find((action) => action.description === 'Backdate the CCU capacity review')!;
    expect(saved).toMatchObject({ dueDate: past });

    // Its status changed later, its due date (long past) left as it was: nothing more is asked.
    const edited = await submitForm(
      staff.agent,
      `/findings/${ref}/actions/${saved.id}/edit`,
      `/findings/${ref}/actions/${saved.id}`,
      { ...fields, status: 'done', actionVersion: String(saved.version) },
    );
    expect(edited.status).toBe(303);
  });

  it('asks to confirm a new target date in the past, and refuses a target date moved without a real reason', async () => {
    const ref = 'DER-2025-AFI-03';
    const base = { owner: 'Professional standards department (PSD)', actionOwners: '' };
    const later = daysFromToday(200);
    const shortReason = await submitForm(lead.agent, `/findings/${ref}/assign`, `/findings/${ref}/assign`, {
      ...base,
      ...dateFields('targetDate', later),
      reason: 'x',
    });
    expect(shortReason.status).toBe(400);
    expect(errorBeside(shortReason.text, 'reason')).toBe(
      'Error: Give the reason the target date is changing in at least 10 characters',
    );
    expect(dateShown(shortReason.text, 'targetDate')).toEqual(partsOf(later));
    const noWords = await submitForm(lead.agent, `/findings/${ref}/assign`, `/findings/${ref}/assign`, {
      ...base,
      ...dateFields('targetDate', later),
      reason: '1234567890 ...',
    });
    expect(errorBeside(noWords.text, 'reason')).toBe('Error: Give the reason the target date is changing in words');

    const past = daysFromToday(-30);
    const fields = { ...base, ...dateFields('targetDate', past), reason: 'The work finished before it was recorded' };
    const asked = await submitForm(lead.agent, `/findings/${ref}/assign`, `/findings/${ref}/assign`, fields);
    expect(asked.status).toBe(400);
    expect(errorBeside(asked.text, 'confirmPastDate')).toBe(
      `Error: The target date, ${formatUkDate(past)}, is in the past: check it, or confirm it is right`,
    );
    expect(asked.text).toContain('The work finished before it was recorded</textarea>');
    const saved = await submitForm(lead.agent, `/findings/${ref}/assign`, `/findings/${ref}/assign`, {
      ...fields,
      confirmPastDate: 'yes',
    });
    expect(saved.status).toBe(303);
    const slippage = sectionText((await lead.agent.get(`/findings/${ref}`).expect(200)).text, 'slippage');
    expect(slippage).toContain(formatUkDate(past));
    expect(slippage).toContain('The work finished before it was recorded');
  });

  it('refuses an assessment dated after today or before the report was published', async () => {
    const ref = 'DER-2025-AFI-05';
    const fields = { verdict: 'partially_implemented', commentary: 'Threat assessment drafted', quote: '' };
    const tomorrow = daysFromToday(1);
    const future = await submitForm(
      inspector.agent,
      `/findings/${ref}/assessments/new`,
      `/findings/${ref}/assessments`,
      {
        ...fields,
        ...dateFields('assessedOn', tomorrow),
      },
    );
    expect(future.status).toBe(400);
    expect(errorBeside(future.text, 'assessedOn')).toBe(
      `Error: The date of the assessment cannot be in the future (today is ${formatUkDate(daysFromToday(0))})`,
    );
    expect(dateShown(future.text, 'assessedOn')).toEqual(partsOf(tomorrow));
    expect(future.text).toContain('Threat assessment drafted</textarea>');

    const early = await submitForm(
      inspector.agent,
      `/findings/${ref}/assessments/new`,
      `/findings/${ref}/assessments`,
      {
        ...fields,
        ...dateFields('assessedOn', '2025-01-21'),
      },
    );
    expect(errorBeside(early.text, 'assessedOn')).toBe(
      'Error: The date of the assessment cannot be before the report was published on 22 January 2025',
    );
    const missing = await submitForm(
      inspector.agent,
      `/findings/${ref}/assessments/new`,
      `/findings/${ref}/assessments`,
      {
        ...fields,
        'assessedOn[day]': '',
        'assessedOn[month]': '',
        'assessedOn[year]': '',
      },
    );
    expect(errorBeside(missing.text, 'assessedOn')).toBe('Error: Enter the date of the assessment');

    const onTheDay = await submitForm(
      inspector.agent,
      `/findings/${ref}/assessments/new`,
      `/findings/${ref}/assessments`,
      {
        ...fields,
        ...dateFields('assessedOn', '2025-01-22'),
      },
    );
    expect(onTheDay.status).toBe(303);
    expect(mainText((await staff.agent.get(`/findings/${ref}`).expect(200)).text)).toContain('22 January 2025');
  });

  it('makes a link between two findings once, and a repeat only of a finding of an earlier report', async () => {
    const link = (ref: string, otherReference: string, type: string) =>
      submitForm(inspector.agent, `/findings/${ref}/links/new`, `/findings/${ref}/links`, {
        otherReference,
        type,
        reason: '',
      });
    expect((await link('DER-2025-AFI-01', 'DER-2025-AFI-02', 'relates_to')).status).toBe(303);
    const twice = await link('DER-2025-AFI-01', 'DER-2025-AFI-02', 'relates_to');
    expect(twice.status).toBe(400);
    expect(errorBeside(twice.text, 'otherReference')).toBe(
      'Error: DER-2025-AFI-01 is already linked to DER-2025-AFI-02 as “Relates to”',
    );
    expect(twice.text).toContain('value="DER-2025-AFI-02"');
    // The other way round is the same link.
    const reversed = await link('DER-2025-AFI-02', 'DER-2025-AFI-01', 'relates_to');
    expect(errorBeside(reversed.text, 'otherReference')).toBe(
      'Error: DER-2025-AFI-02 is already linked to DER-2025-AFI-01 as “Relates to”',
    );
    // Another kind of link between them is another link.
    expect((await link('DER-2025-AFI-01', 'DER-2025-AFI-02', 'cites')).status).toBe(303);

    const sameReport = await link('DER-2025-AFI-04', 'DER-2025-AFI-05', 'repeats');
    expect(sameReport.status).toBe(400);
    expect(errorBeside(sameReport.text, 'otherReference')).toBe(
      'Error: DER-2025-AFI-05 is in the same report: a repeat points to a finding of an earlier report',
    );
    const laterReport = await link('DER-2018-AFI-03', 'DER-2025-AFI-04', 'repeats');
    expect(errorBeside(laterReport.text, 'otherReference')).toBe(
      'Error: DER-2025-AFI-04 is in a later report: a repeat points to a finding of an earlier report',
    );
    // Cheshire's report was published after Derbyshire's.
    const otherForceLater = await link('DER-2025-AFI-04', SECOND_FORCE.reference, 'repeats');
    expect(errorBeside(otherForceLater.text, 'otherReference')).toBe(
      `Error: ${SECOND_FORCE.reference} is in a later report: a repeat points to a finding of an earlier report`,
    );
    expect((await link('DER-2025-AFI-04', 'DER-2018-AFI-03', 'repeats')).status).toBe(303);
  });

  it('warns of a claim with actions not done, and saves it confirmed with the reason in its history', async () => {
    const ref = SECOND_FORCE.reference;
    await uploadEvidence(cheshireStaff.agent, ref, {
      kind: 'note',
      title: 'Renewals report',
      description: 'Backlog at 12',
    }).then((response) => expect(response.status).toBe(303));
    const fields = { transition: 'claim', commentary: 'Backlog nearly cleared' };
    const warned = await submitForm(cheshireStaff.agent, `/findings/${ref}/status`, `/findings/${ref}/status`, fields);
    expect(warned.status).toBe(400);
    expect(errorBeside(warned.text, 'confirmed')).toBe(
      'Error: 1 action is not done: confirm the finding is implemented all the same, and say why',
    );
    expect(mainText(`<main>${/<ul[^>]*id="unfinished-actions">[\s\S]*?<\/ul>/.exec(warned.text)![0]}</main>`)).toBe(
      `${SECOND_FORCE.action} (in progress, overdue since 1 November 2025)`,
    );
    expect(warned.text).toContain('Backlog nearly cleared</textarea>');

    const noReason = await submitForm(cheshireStaff.agent, `/findings/${ref}/status`, `/findings/${ref}/status`, {
      ...fields,
      confirmed: 'yes',
      confirmReason: '',
    });
    expect(noReason.status).toBe(400);
    expect(errorBeside(noReason.text, 'confirmReason')).toBe('Error: Give the reason for claiming it now');
    expect(noReason.text).toMatch(/id="confirmed" name="confirmed" type="checkbox" value="yes" checked/);

    const claimed = await submitForm(cheshireStaff.agent, `/findings/${ref}/status`, `/findings/${ref}/status`, {
      ...fields,
      confirmed: 'yes',
      confirmReason: 'The last renewals are booked for next week',
    });
    expect(claimed.status).toBe(303);
    const history = sectionText((await cheshireStaff.agent.get(`/findings/${ref}`).expect(200)).text, 'history');
    expect(history).toContain('Claimed implemented with 1 action not done');
    expect(history).toContain('Reason: The last renewals are booked for next week');
  });

  it('asks an inspector verifying a finding with no evidence to confirm and say why, and keeps the reason', async () => {
    const ref = SECOND_FORCE.reference;
    // The claim's only evidence is withdrawn.
    const api = (await cheshireStaff.agent.get(`/api/findings/${ref}`).expect(200)).body as FindingBody;
    const evidenceId = api.evidence[0].id;
    const withdrawn = await submitForm(
      cheshireStaff.agent,
      `/findings/${ref}/evidence/${evidenceId}/withdraw`,
      `/findings/${ref}/evidence/${evidenceId}/withdraw`,
      { reason: 'Superseded by the monthly report' },
    );
    expect(withdrawn.status).toBe(303);

    const fields = { transition: 'verify', commentary: 'Renewals seen on site' };
    const warned = await submitForm(inspector.agent, `/findings/${ref}/status`, `/findings/${ref}/status`, fields);
    expect(warned.status).toBe(400);
    expect(errorBeside(warned.text, 'confirmed')).toBe(
      'Error: The finding has no evidence: confirm you verify it all the same, and say why',
    );
    expect(mainText(warned.text)).toContain('Yes, verify it without evidence');
    const badReason = await submitForm(inspector.agent, `/findings/${ref}/status`, `/findings/${ref}/status`, {
      ...fields,
      confirmed: 'yes',
      confirmReason: '...........',
    });
    expect(errorBeside(badReason.text, 'confirmReason')).toBe(
      'Error: Give the reason for verifying it without evidence in words',
    );
    const verified = await submitForm(inspector.agent, `/findings/${ref}/status`, `/findings/${ref}/status`, {
      ...fields,
      confirmed: 'yes',
      confirmReason: 'Inspected the renewals register in person',
    });
    expect(verified.status).toBe(303);
    const page = (await cheshireStaff.agent.get(`/findings/${ref}`).expect(200)).text;
    expect(sectionText(page, 'history')).toContain(
      'Verified with no evidence. Reason: Inspected the renewals register in person',
    );
    // Derbyshire's findings were not touched by Cheshire's claim.
    expect(mainText((await staff.agent.get('/findings/DER-2025-AFI-05').expect(200)).text)).not.toContain(
      'Inspected the renewals register',
    );
  });

  it('reveals only the field the chosen kind of evidence needs, and refuses a note with no text', async () => {
    const ref = 'DER-2025-AFI-05';
    const page = (await staff.agent.get(`/findings/${ref}/evidence/new`).expect(200)).text;
    // Each kind's field sits in its own conditional reveal; only the chosen kind's is open.
    expect(page).toContain('data-reveals="conditional-kind-note"');
    expect(page).toMatch(/class="govuk-radios__conditional" id="conditional-kind-note"[\s\S]*id="description"/);
    expect(page).toMatch(
      /class="govuk-radios__conditional govuk-radios__conditional--hidden" id="conditional-kind-link"[\s\S]*id="url"/,
    );
    expect(page).toMatch(
      /class="govuk-radios__conditional govuk-radios__conditional--hidden" id="conditional-kind-file"[\s\S]*id="file"/,
    );

    const noNote = await uploadEvidence(staff.agent, ref, { kind: 'note', title: 'Board minutes', description: '' });
    expect(noNote.status).toBe(400);
    expect(errorBeside(noNote.text, 'description')).toBe('Error: Enter the note');
    const badLink = await uploadEvidence(staff.agent, ref, { kind: 'link', title: 'Plan', url: 'intranet/plan' });
    expect(badLink.status).toBe(400);
    expect(errorBeside(badLink.text, 'url')).toBe('Error: Enter a web address starting with https:// or http://');
    // The link chosen stays open with what was typed; the note is hidden.
    expect(badLink.text).toMatch(/class="govuk-radios__conditional" id="conditional-kind-link"/);
    expect(badLink.text).toMatch(
      /class="govuk-radios__conditional govuk-radios__conditional--hidden" id="conditional-kind-note"/,
    );
    expect(badLink.text).toContain('value="intranet/plan"');
    // A web address typed with a note (no JavaScript shows every field) is not kept: the kind decides.
    const note = await uploadEvidence(staff.agent, ref, {
      kind: 'note',
      title: 'Board minutes',
      description: 'Minuted on 3 March',
      url: 'https://intranet.example/ignored',
    });
    expect(note.status).toBe(303);
    const api = (await staff.agent.get(`/api/findings/${ref}`).expect(200)).body as FindingBody;
    expect(api.evidence.find((item) => item.title === 'Board minutes')).toMatchObject({
      title: 'Board minutes',
      url: null,
    });
  });
});
