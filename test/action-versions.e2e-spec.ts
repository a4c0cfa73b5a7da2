import { createUser, signIn } from './factories/users';
import type { FindingBody } from './utils/api-bodies';
import { createTestApp, type TestApp } from './utils/create-test-app';
import { dateFields, daysFromToday, hiddenFields, submitForm } from './utils/forms';
import { mainText } from './utils/page-text';

type Session = Awaited<ReturnType<typeof signIn>>;

const REFERENCE = 'DER-2025-AFI-03';
const CONFLICT =
  'Someone else changed this action after you opened it, so your change was not saved. ' +
  'Check the current details and make your change again.';
const MISSING_VERSION = 'The form is missing the action’s version; reload the page';

describe('Editing an action needs the version the user saw', () => {
  let testApp: TestApp;
  let staff: Session;

  beforeAll(async () => {
    testApp = await createTestApp();
    staff = await signIn(testApp.app, await createUser(testApp.app, 'force_staff', { username: 'pat.staff' }));
  });

  afterAll(async () => {
    await testApp.close();
  });

  /** Adds an action through its form and returns it as the API shows it. */
  async function addAction(description: string) {
    const added = await submitForm(
      staff.agent,
      `/findings/${REFERENCE}/actions/new`,
      `/findings/${REFERENCE}/actions`,
      {
        description,
        owner: 'Force vetting unit (FVU)',
        ...dateFields('dueDate', daysFromToday(90)),
        status: 'not_started',
      },
    );
    expect(added.status).toBe(303);
    return (await finding()).actions.find((action) => action.description === description)!;
  }

  async function finding() {
    return (await staff.agent.get(`/api/findings/${REFERENCE}`).expect(200)).body as FindingBody & {
      actions: Array<{ status: string; owner: string | null }>;
    };
  }

  /** The hidden fields of the action's edit form, as one page load gives them to the browser. */
  async function editForm(actionId: number) {
    const page = await staff.agent.get(`/findings/${REFERENCE}/actions/${actionId}/edit`).expect(200);
    const actionVersion = /name="actionVersion" value="(\d+)"/.exec(page.text)?.[1];
    expect(actionVersion).toBeDefined();
    return { ...hiddenFields(page.text), actionVersion: actionVersion! };
  }

  it('saves exactly one of five edits sent at once from the same page, and refuses the others', async () => {
    const action = await addAction('Review the vetting backlog weekly');
    const hidden = await editForm(action.id);
    expect(hidden.actionVersion).toBe(String(action.version));

    const descriptions = [1, 2, 3, 4, 5].map((n) => `Parallel edit ${n}: review the vetting backlog daily`);
    const responses = await Promise.all(
      descriptions.map((description) =>
        staff.agent
          .post(`/findings/${REFERENCE}/actions/${action.id}`)
          .type('form')
          .send({
            ...hidden,
            description,
            owner: 'Force vetting unit (FVU)',
            ...dateFields('dueDate', daysFromToday(90)),
            status: 'in_progress',
          })
          .redirects(0),
      ),
    );

    const accepted = responses.filter((response) => response.status === 303);
    const refused = responses.filter((response) => response.status === 409);
    expect(accepted).toHaveLength(1);
    expect(refused).toHaveLength(4);
    for (const response of refused) {
      const text = mainText(response.text);
      expect(text).toContain('There is a problem');
      expect(text).toContain(CONFLICT);
    }

    // The action holds the one accepted edit, one version on; the history has that edit alone.
    const winner = descriptions[responses.findIndex((response) => response.status === 303)];
    const after = await finding();
    expect(after.actions.find((item) => item.id === action.id)).toMatchObject({
      description: winner,
      status: 'in_progress',
      version: action.version + 1,
    });
    const edits = after.history.filter((entry) => entry.commentary?.startsWith('Action: Parallel edit'));
    expect(edits.map((entry) => entry.commentary)).toEqual([`Action: ${winner}`]);
  });

  it('refuses an edit that does not say which version it was made from, and changes nothing', async () => {
    const action = await addAction('Publish the vetting appeals process');
    const before = await finding();
    const { actionVersion: _omitted, ...withoutVersion } = await editForm(action.id);

    const refused = await staff.agent
      .post(`/findings/${REFERENCE}/actions/${action.id}`)
      .type('form')
      .send({
        ...withoutVersion,
        description: 'Publish the vetting appeals process on the intranet',
        owner: 'Someone else',
        ...dateFields('dueDate', daysFromToday(120)),
        status: 'done',
      })
      .redirects(0);

    expect(refused.status).toBe(400);
    const text = mainText(refused.text);
    expect(text).toContain('There is a problem');
    expect(text).toContain(MISSING_VERSION);
    // The form comes back with what was typed, ready to send again with the version.
    expect(refused.text).toContain('Publish the vetting appeals process on the intranet</textarea>');
    expect(refused.text).toContain(`name="actionVersion" value="${action.version}"`);

    const after = await finding();
    expect(after.actions.find((item) => item.id === action.id)).toMatchObject({
      description: 'Publish the vetting appeals process',
      owner: 'Force vetting unit (FVU)',
      status: 'not_started',
      version: action.version,
    });
    expect(after.history).toHaveLength(before.history.length);
  });

  it('refuses a version that is not a whole number with the same message', async () => {
    const action = await addAction('Audit the vetting decisions');
    const hidden = await editForm(action.id);
    for (const actionVersion of ['', 'abc', '0', '-1', '1.5', '99999999999']) {
      const refused = await staff.agent
        .post(`/findings/${REFERENCE}/actions/${action.id}`)
        .type('form')
        .send({ ...hidden, actionVersion, description: 'Changed', owner: '', status: 'done' })
        .redirects(0);
      expect(refused.status).toBe(400);
      expect(mainText(refused.text)).toContain(MISSING_VERSION);
    }
    expect((await finding()).actions.find((item) => item.id === action.id)).toMatchObject({
      description: 'Audit the vetting decisions',
      version: action.version,
    });
  });
});
