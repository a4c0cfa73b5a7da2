import { WriteTransactions } from '../src/database/write-transactions';
import { EnvironmentVariables } from '../src/config/env.validation';
import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import { DataSource } from 'typeorm';
import request from 'supertest';
import type { Role } from '../src/access/roles';
import { NotificationSender } from '../src/notifications/notification-sender';
import { OutboxMessage } from '../src/notifications/outbox-message.entity';
import { SYSTEM, UsersService } from '../src/users/users.service';
import { recordSecondForceReport, SECOND_FORCE } from './factories/second-force';
import { csrfFrom, signIn, TEST_PASSWORD } from './factories/users';
import { plainText, SmtpInbox } from './support/notifications/smtp-inbox';
import type { FindingBody } from './utils/api-bodies';
import { createTestApp, type TestApp } from './utils/create-test-app';
import { submitForm, uploadEvidence } from './utils/forms';
import { mainText } from './utils/page-text';

type Session = Awaited<ReturnType<typeof signIn>>;

/** A user with an email address, made through the real UsersService. */
async function person(
  app: INestApplication,
  username: string,
  role: Role,
  options: { forceCode?: string | null; team?: string | null; email?: string | null } = {},
) {
  await app.get(UsersService).create(
    {
      username,
      displayName: username,
      password: TEST_PASSWORD,
      role,
      forceCode: options.forceCode ?? null,
      team: options.team ?? null,
      email: options.email ?? null,
    },
    SYSTEM,
  );
  return { username };
}

const REF = 'DER-2025-AFI-04';
const FVU = 'Force vetting unit (FVU)';
const PSD = 'Head of professional standards (PSD)';

describe('Notifications: told at once, in the app and by email, sent once, never another force’s', () => {
  let testApp: TestApp;
  let app: INestApplication<Server>;
  let inbox: SmtpInbox;
  let lead: Session;
  let sam: Session;
  let fay: Session;
  let inspector: Session;
  let board: Session;
  let cheshire: Session;
  let admin: Session;
  const saved = { SMTP_URL: process.env.SMTP_URL, MAIL_FROM: process.env.MAIL_FROM, APP_URL: process.env.APP_URL };

  /**
   * Changes the status of REF through its form, as a person does: where the workflow asks them to confirm (a claim
   * while an action is not done), they confirm and say why. The answer's status.
   */
  const changeStatus = async (session: Session, transition: string, commentary: string) => {
    const path = `/findings/${REF}/status`;
    const first = await submitForm(session.agent, path, path, { transition, commentary });
    if (first.status !== 400 || !first.text.includes('name="confirmed"')) {
      return first.status;
    }
    const fields = { transition, commentary, confirmed: 'yes', confirmReason: 'The remaining action is in hand' };
    return (await submitForm(session.agent, path, path, fields)).status;
  };
  const sendDue = (at?: Date) => app.get(NotificationSender).sendDue(at);
  const findingApi = async (ref: string) =>
    (await lead.agent.get(`/api/findings/${ref}`).expect(200)).body as FindingBody;

  beforeAll(async () => {
    inbox = new SmtpInbox();
    process.env.SMTP_URL = await inbox.listen();
    process.env.MAIL_FROM = 'Findings tracker <tracker@tracker.test>';
    process.env.APP_URL = 'http://tracker.test';
    testApp = await createTestApp();
    app = testApp.app;
    await recordSecondForceReport(app);
    lead = await signIn(
      app,
      await person(app, 'nora.lead', 'force_lead', { forceCode: 'DER', email: 'nora@der.test' }),
    );
    sam = await signIn(
      app,
      await person(app, 'sam.staff', 'force_staff', { forceCode: 'DER', team: PSD, email: 'sam@der.test' }),
    );
    fay = await signIn(
      app,
      await person(app, 'fay.fvu', 'force_staff', { forceCode: 'DER', team: FVU, email: 'fay@der.test' }),
    );
    // Cheshire's team of the same name: never told of Derbyshire's item.
    cheshire = await signIn(
      app,
      await person(app, 'che.fvu', 'force_staff', {
        forceCode: SECOND_FORCE.code,
        team: SECOND_FORCE.team,
        email: 'fvu@che.test',
      }),
    );
    inspector = await signIn(app, await person(app, 'ivy.inspector', 'inspector', { email: 'ivy@hmicfrs.test' }));
    board = await signIn(app, await person(app, 'bea.board', 'board_member', { forceCode: 'DER' }));
    admin = await signIn(app, { username: 'admin' }, process.env.ADMIN_PASSWORD);
  });

  afterAll(async () => {
    await testApp.close();
    await inbox.close();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) {
        delete process.env[name];
      } else {
        process.env[name] = value;
      }
    }
  });

  it('tells the owner, the claimant and the evidence’s author of each event, once, by email and in the app', async () => {
    // Assigned: every member of the owning team in the item's force, not the lead who assigned it, not Cheshire's team.
    expect(
      (
        await submitForm(lead.agent, `/findings/${REF}/assign`, `/findings/${REF}/assign`, {
          owner: FVU,
          actionOwners: 'CCU analyst',
          targetDate: '2026-03-31',
          reason: '',
        })
      ).status,
    ).toBe(303);

    // Evidence rejected: whoever added it.
    await submitForm(sam.agent, `/findings/${REF}/status`, `/findings/${REF}/status`, { transition: 'start' });
    await uploadEvidence(sam.agent, REF, { kind: 'note', title: 'Draft analysis', description: 'Undated' });
    const draft = (await findingApi(REF)).evidence.find((item) => item.title === 'Draft analysis')!;
    expect(
      (
        await submitForm(
          lead.agent,
          `/findings/${REF}/evidence/${draft.id}/review`,
          `/findings/${REF}/evidence/${draft.id}/review`,
          { decision: 'rejected', reason: 'The analysis is not dated' },
        )
      ).status,
    ).toBe(303);

    // A claim rejected: the claimant and the owners.
    await uploadEvidence(sam.agent, REF, { kind: 'note', title: 'Dated analysis', description: 'March' });
    const claim = () => changeStatus(sam, 'claim', 'The analysis runs each quarter');
    expect(await claim()).toBe(303);
    expect(await changeStatus(inspector, 'reject', 'No sign the board has seen it')).toBe(303);

    // Claimed again; the board approves it; the inspector verifies it.
    expect(await claim()).toBe(303);
    const page = await board.agent.get(`/findings/${REF}`).expect(200);
    await board.agent
      .post(`/findings/${REF}/board-decision`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), decision: 'approved', reason: 'Seen at the November board' })
      .expect(303);
    expect(await changeStatus(inspector, 'verify', 'Minutes seen')).toBe(303);

    // Nothing is emailed until the sender runs; then each message once.
    expect(inbox.messages).toEqual([]);
    const run = await sendDue();
    expect(run).toEqual({ sent: 8, retrying: 0, failed: 0 });
    expect(await sendDue()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(inbox.messages).toHaveLength(8);

    const subjects = (address: string) => inbox.to(address).map((message) => message.subject);
    expect(subjects('fay@der.test')).toEqual([
      `Assigned to you: ${REF}`,
      `Claim rejected: ${REF}`,
      `Board decision on ${REF}: approved to close`,
      `Claim verified: ${REF}`,
    ]);
    expect(subjects('sam@der.test')).toEqual([
      `Evidence rejected: ${REF}`,
      `Claim rejected: ${REF}`,
      `Board decision on ${REF}: approved to close`,
      `Claim verified: ${REF}`,
    ]);
    // The people who made the changes, and Cheshire's team of the same name, are told nothing.
    expect(inbox.to('fvu@che.test')).toEqual([]);
    expect(inbox.to('nora@der.test')).toEqual([]);
    expect(inbox.to('ivy@hmicfrs.test')).toEqual([]);
    expect(inbox.messages.every((message) => message.from === 'tracker@tracker.test')).toBe(true);

    const rejected = plainText(inbox.to('sam@der.test')[0].raw);
    expect(rejected).toContain(`rejected the evidence “Draft analysis” you added to ${REF}`);
    expect(rejected).toContain('Reason: The analysis is not dated');
    expect(rejected).toContain(`Open it in the tracker: http://tracker.test/findings/${REF}`);
    expect(rejected).toMatch(/Stop these emails: http:\/\/tracker\.test\/notifications\/unsubscribe\?token=\S+/);
    expect(inbox.to('sam@der.test')[0].raw).toMatch(/Content-Type: text\/html/);
    expect(inbox.to('sam@der.test')[0].raw).not.toMatch(/<table|<img/i);
  });

  it('shows each person their notifications, newest first, and the unread count in the header', async () => {
    const page = (await fay.agent.get('/notifications').expect(200)).text;
    const text = mainText(page);
    expect(text).toContain('You have 4 unread.');
    const order = [
      `Claim verified: ${REF}`,
      `Board decision on ${REF}: approved to close`,
      `Claim rejected: ${REF}`,
      `Assigned to you: ${REF}`,
    ].map((title) => text.indexOf(title));
    expect(order.every((position) => position >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).toContain('Reason: No sign the board has seen it');
    expect(page).toMatch(/id="header-notifications">Notifications <span class="moj-notification-badge">4<span/);

    // Opening one marks it read and goes to the item.
    const id = /href="\/notifications\/(\d+)">Claim verified/.exec(page)![1];
    const opened = await fay.agent.get(`/notifications/${id}`).redirects(0).expect(303);
    expect(opened.headers.location).toBe(`/findings/${REF}`);
    const after = (await fay.agent.get('/notifications').expect(200)).text;
    expect(mainText(after)).toContain('You have 3 unread.');
    expect(after).toMatch(/moj-notification-badge">3</);
    // Another person's notification is not theirs to open: back to their own list, nothing changed.
    await sam.agent.get(`/notifications/${id}`).redirects(0).expect(303).expect('Location', '/notifications');

    // Mark all read (a form with the CSRF token, as every form).
    await fay.agent.post('/notifications/read-all').type('form').send({}).expect(403);
    await fay.agent.post('/notifications/read-all').type('form').send({ _csrf: fay.csrf }).expect(303);
    const read = (await fay.agent.get('/notifications').expect(200)).text;
    expect(mainText(read)).toContain('You have nothing unread.');
    expect(read).not.toContain('moj-notification-badge');

    // Cheshire's user was told nothing.
    const other = (await cheshire.agent.get('/notifications').expect(200)).text;
    expect(mainText(other)).toContain('You have nothing unread.');
    expect(mainText(other)).not.toContain(REF);
  });

  it('stops one kind of email from its link, without signing in, and keeps telling in the app', async () => {
    const link = /Stop these emails: http:\/\/tracker\.test(\/notifications\/unsubscribe\?token=\S+)/.exec(
      plainText(inbox.to('sam@der.test')[0].raw),
    )![1];
    const anonymous = request.agent(app.getHttpServer());
    const confirm = await anonymous.get(link).expect(200);
    expect(mainText(confirm.text)).toContain('Stop emailing “Evidence rejected” to sam@der.test?');
    const token = /name="token" value="([^"]+)"/.exec(confirm.text)![1];
    const done = await anonymous.post('/notifications/unsubscribe').type('form').send({ token }).expect(200);
    expect(mainText(done.text)).toContain('You will not receive these emails');

    // A forged or damaged link changes nothing.
    const forged = await anonymous.get(`/notifications/unsubscribe?token=${token.slice(0, -2)}xx`).expect(200);
    expect(mainText(forged.text)).toContain('This link is not valid');

    // Evidence rejected again: told in the app, not by email; other kinds still by email.
    await uploadEvidence(sam.agent, 'DER-2025-AFI-03', { kind: 'note', title: 'Old plan', description: 'x' });
    const old = (await findingApi('DER-2025-AFI-03')).evidence.find((item) => item.title === 'Old plan')!;
    await submitForm(
      lead.agent,
      `/findings/DER-2025-AFI-03/evidence/${old.id}/review`,
      `/findings/DER-2025-AFI-03/evidence/${old.id}/review`,
      { decision: 'rejected', reason: 'Superseded' },
    );
    expect(await sendDue()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(mainText((await sam.agent.get('/notifications').expect(200)).text)).toContain(
      'Evidence rejected: DER-2025-AFI-03',
    );

    // The preferences page shows it unticked; ticking it again brings the emails back.
    const settings = (await sam.agent.get('/notifications/preferences').expect(200)).text;
    expect(settings).toMatch(/id="kind-evidence_rejected" name="kinds" type="checkbox" value="evidence_rejected" aria/);
    expect(settings).toMatch(/id="kind-digest" name="kinds" type="checkbox" value="digest" checked/);
  });

  it('retries when the mail server refuses, and sends once when it recovers', async () => {
    inbox.refuse = true;
    await submitForm(lead.agent, '/findings/DER-2025-AFI-02/assign', '/findings/DER-2025-AFI-02/assign', {
      owner: PSD,
      actionOwners: '',
      targetDate: '2025-12-31',
      reason: '',
    });
    const before = inbox.messages.length;
    expect(await sendDue()).toEqual({ sent: 0, retrying: 1, failed: 0 });
    expect(inbox.refusals).toBe(1);
    // Not tried again before its time.
    expect(await sendDue()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(inbox.refusals).toBe(1);
    const queue = mainText((await admin.agent.get('/notifications/outbox').expect(200)).text);
    expect(queue).toContain('Waiting: 1.');
    expect(queue).toContain('451 Mailbox busy, try again later');

    // Still refusing a minute later: the wait doubles.
    expect(await sendDue(new Date(Date.now() + 61_000))).toEqual({ sent: 0, retrying: 1, failed: 0 });
    expect(await sendDue(new Date(Date.now() + 62_000))).toEqual({ sent: 0, retrying: 0, failed: 0 });

    inbox.refuse = false;
    expect(await sendDue(new Date(Date.now() + 4 * 60_000))).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(await sendDue(new Date(Date.now() + 60 * 60_000))).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(inbox.messages.slice(before).map((message) => [message.to, message.subject])).toEqual([
      [['sam@der.test'], 'Assigned to you: DER-2025-AFI-02'],
    ]);
    const message = await app
      .get(DataSource)
      .getRepository(OutboxMessage)
      .findOneByOrFail({ subject: 'Assigned to you: DER-2025-AFI-02' });
    expect(message).toMatchObject({ status: 'sent', attempts: 3 });
    expect(mainText((await admin.agent.get('/notifications/outbox').expect(200)).text)).toContain('Waiting: 0.');
  });

  it('sends a message once when a second sender (the command line beside the app) runs at the same moment', async () => {
    // Assigned to the team that does not own it yet: its member is told.
    const toPsd = (await findingApi('DER-2025-AFI-03')).owner !== PSD;
    const assigned = await submitForm(
      lead.agent,
      '/findings/DER-2025-AFI-03/assign',
      '/findings/DER-2025-AFI-03/assign',
      {
        owner: toPsd ? PSD : FVU,
        actionOwners: '',
        targetDate: '2027-06-30',
        reason: 'Moved to fit the new vetting plan',
      },
    );
    expect(assigned.status).toBe(303);
    const before = inbox.messages.length;
    const second = new NotificationSender(
      app.get(DataSource),
      app.get(EnvironmentVariables),
      app.get(WriteTransactions),
    );
    try {
      const runs = await Promise.all([sendDue(), second.sendDue()]);
      expect(runs.reduce((sent, run) => sent + run.sent, 0)).toBe(1);
    } finally {
      await second.onModuleDestroy();
    }
    expect(inbox.messages.slice(before).map((message) => [message.to, message.subject])).toEqual([
      [[toPsd ? 'sam@der.test' : 'fay@der.test'], 'Assigned to you: DER-2025-AFI-03'],
    ]);
  });

  it('tells administrators that email is on, and the users pages keep each address', async () => {
    const users = mainText((await admin.agent.get('/users').expect(200)).text);
    expect(users).toContain('People are told of changes in the app and by email');
    expect(users).toContain('fay@der.test');
    const form = await admin.agent.get('/users/fay.fvu/edit').expect(200);
    expect(form.text).toContain('value="fay@der.test"');
    const refused = await admin.agent
      .post('/users/fay.fvu')
      .type('form')
      .send({
        _csrf: csrfFrom(form.text),
        displayName: 'Fay',
        role: 'force_staff',
        team: FVU,
        email: 'not an address',
      });
    expect(refused.status).toBe(400);
    expect(mainText(refused.text)).toContain('Enter an email address such as name@force.example');
  });
});
