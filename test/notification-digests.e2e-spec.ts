import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '../src/access/roles';
import { ukClock } from '../src/notification-digests/digest-content';
import { NotificationDigests } from '../src/notification-digests/notification-digests.service';
import { NotificationLeases } from '../src/notifications/notification-leases';
import { NotificationSender } from '../src/notifications/notification-sender';
import { SYSTEM, UsersService } from '../src/users/users.service';
import { recordSecondForceReport, SECOND_FORCE } from './factories/second-force';
import { signIn, TEST_PASSWORD } from './factories/users';
import type { FindingBody } from './utils/api-bodies';
import { submitForm, uploadEvidence } from './utils/forms';
import { htmlText, plainText, SmtpInbox } from './support/notifications/smtp-inbox';
import { createTestApp, type TestApp } from './utils/create-test-app';
import { mainText } from './utils/page-text';

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

const FVU = 'Force vetting unit (FVU)';
/** The item Fred adds evidence to and claims. */
const CLAIMED = 'DER-2025-AFI-04';

/**
 * Changes an item's status through its form, as a person does: where the workflow asks them to confirm (a claim while
 * an action is not done), they confirm and say why. The answer's status.
 */
async function changeStatus(agent: Parameters<typeof submitForm>[0], transition: string, commentary: string) {
  const path = `/findings/${CLAIMED}/status`;
  const first = await submitForm(agent, path, path, { transition, commentary });
  if (first.status !== 400 || !first.text.includes('name="confirmed"')) {
    return first.status;
  }
  const fields = { transition, commentary, confirmed: 'yes', confirmReason: 'The remaining action is in hand' };
  return (await submitForm(agent, path, path, fields)).status;
}
/** 09:00 in London on 20 March 2026: after the digest hour (7); DER-2025-AFI-04 (target 31 March) is due soon. */
const AT = new Date('2026-03-20T09:00:00Z');

describe('Digests: each person’s items by role, within their force, at their organisation’s time', () => {
  let testApp: TestApp;
  let app: INestApplication<Server>;
  let inbox: SmtpInbox;
  const saved = { SMTP_URL: process.env.SMTP_URL, MAIL_FROM: process.env.MAIL_FROM, APP_URL: process.env.APP_URL };
  const digestTo = (address: string) => {
    const messages = inbox.to(address);
    expect(messages).toHaveLength(1);
    return { subject: messages[0].subject, text: plainText(messages[0].raw), html: htmlText(messages[0].raw) };
  };

  beforeAll(async () => {
    inbox = new SmtpInbox();
    process.env.SMTP_URL = await inbox.listen();
    process.env.MAIL_FROM = 'tracker@tracker.test';
    process.env.APP_URL = 'http://tracker.test';
    testApp = await createTestApp();
    app = testApp.app;
    await recordSecondForceReport(app);
    await person(app, 'fred.fvu', 'force_staff', { forceCode: 'DER', team: FVU, email: 'fred@der.test' });
    await person(app, 'lena.lead', 'force_lead', { forceCode: 'DER', email: 'lena@der.test' });
    await person(app, 'bob.board', 'board_member', { forceCode: 'DER', email: 'bob@der.test' });
    await person(app, 'chloe.fvu', 'force_staff', {
      forceCode: SECOND_FORCE.code,
      team: SECOND_FORCE.team,
      email: 'chloe@che.test',
    });
    await person(app, 'cara.lead', 'force_lead', { forceCode: SECOND_FORCE.code, email: 'cara@che.test' });
    await person(app, 'ian.inspector', 'inspector', { email: 'ian@hmicfrs.test' });
    await person(app, 'ada.admin', 'administrator');
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

  it('waits for the set hour, then gives each person their own digest once, each line linked to its item', async () => {
    const digests = app.get(NotificationDigests);
    expect(await digests.runIfDue(new Date('2026-03-20T06:30:00Z'))).toEqual({
      day: '2026-03-20',
      told: 0,
      built: false,
    });
    const run = await digests.runIfDue(AT);
    expect(run).toMatchObject({ day: '2026-03-20', built: true });
    // Built once a day: a later check that day builds nothing.
    expect(await digests.runIfDue(new Date('2026-03-20T15:00:00Z'))).toMatchObject({ built: false });
    expect(await app.get(NotificationSender).sendDue()).toEqual({ sent: run.told, retrying: 0, failed: 0 });

    // An owner: their team's items in their force, overdue and due soon, each with its address; not Cheshire's item.
    const fred = digestTo('fred@der.test');
    expect(fred.subject).toMatch(/^Your digest for 20 March 2026: \d+ overdue/);
    expect(fred.text).toContain('Yours, overdue');
    expect(fred.text).toMatch(
      /- DER-2025-AFI-01 “[^”]+” – target 30 September 2025 \(owner: Force vetting unit \(FVU\)\)\n {2}http:\/\/tracker\.test\/findings\/DER-2025-AFI-01\n/,
    );
    expect(fred.html).toContain('<a href="http://tracker.test/findings/DER-2025-AFI-01">DER-2025-AFI-01</a>');
    expect(fred.text).toContain('DER-2025-AFI-02');
    expect(fred.text).not.toContain('CHE-');
    expect(fred.text).not.toContain('Your force');

    // Cheshire's member of that team: Cheshire's item and action only.
    const chloe = digestTo('chloe@che.test');
    expect(chloe.text).toContain(`- ${SECOND_FORCE.reference} “${SECOND_FORCE.title}” – target 1 October 2025`);
    expect(chloe.text).toContain(
      `- ${SECOND_FORCE.reference} action “${SECOND_FORCE.action}” – target 1 November 2025`,
    );
    expect(chloe.text).toContain(`  http://tracker.test/findings/${SECOND_FORCE.reference}#actions`);
    expect(chloe.text).not.toContain('DER-');

    // A lead: the whole force, overdue and due in the next 14 days; never the other force's.
    const lena = digestTo('lena@der.test');
    expect(lena.text).toContain('Your force, overdue');
    expect(lena.text).toContain('DER-2025-AFI-01');
    expect(lena.text).toMatch(
      /Your force, due in the next 14 days \(\d+\):\s+(- .*\n {2}http.*\n)*- DER-2025-AFI-04 “/,
    );
    expect(lena.text).not.toContain('CHE-');
    const cara = digestTo('cara@che.test');
    expect(cara.text).toContain(SECOND_FORCE.reference);
    // Recorded on 1 September 2025 and not changed since: waiting for an update.
    expect(cara.text).toContain(
      `Your force, with no update for 60 days (2):\n\n- ${SECOND_FORCE.reference} “${SECOND_FORCE.title}” – last updated 1 September 2025`,
    );
    expect(cara.text).not.toContain('DER-');

    // An inspector: the claims awaiting verification, oldest first, with their force; section 55 responses due.
    const ian = digestTo('ian@hmicfrs.test');
    expect(ian.text).toContain('Claims awaiting your verification, oldest first');
    expect(ian.text).toMatch(/- DER-2018-AFI-01 “[^”]+” – claimed .*, Derbyshire Constabulary/);
    expect(ian.text).toMatch(/Section 55 responses due, not yet published \(\d+\):/);
    expect(ian.text).toContain(
      `- ${SECOND_FORCE.reportKey} “PEEL 2025: Police effectiveness, efficiency and legitimacy” – response due 26 September 2025, ${SECOND_FORCE.name}`,
    );
    expect(ian.text).toContain(`  http://tracker.test/reports/${SECOND_FORCE.reportKey}`);

    // Nothing of theirs to tell: no digest.
    expect(inbox.to('bob@der.test')).toEqual([]);

    // The same words on the notifications page, each line a link to its item.
    const session = await signIn(app, { username: 'fred.fvu' });
    const html = (await session.agent.get('/notifications').expect(200)).text;
    expect(mainText(html)).toContain(fred.subject);
    expect(html).toContain('<a class="govuk-link" href="/findings/DER-2025-AFI-02">DER-2025-AFI-02</a>');
  });

  it('tells nobody twice when the digests are built again, and gives everyone one with --all', async () => {
    const before = inbox.messages.length;
    const again = await app.get(NotificationDigests).runIfDue(AT, { now: true, all: true });
    expect(again.built).toBe(true);
    expect(await app.get(NotificationSender).sendDue()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(inbox.messages.slice(before).map((message) => [message.to, message.subject])).toEqual([
      [['bob@der.test'], 'Your digest for 20 March 2026: nothing due'],
    ]);
  });

  it('lets one instance at a time hold the digests’ lease, until it ends', async () => {
    const leases = app.get(NotificationLeases);
    expect(await leases.acquire('test-lease', 'instance-a', 60_000, AT)).toBe(true);
    expect(await leases.acquire('test-lease', 'instance-b', 60_000, AT)).toBe(false);
    expect(await leases.acquire('test-lease', 'instance-a', 60_000, AT)).toBe(true);
    expect(await leases.acquire('test-lease', 'instance-b', 60_000, new Date(AT.getTime() + 61_000))).toBe(true);
    await leases.release('test-lease', 'instance-b');
    expect(await leases.acquire('test-lease', 'instance-a', 60_000, AT)).toBe(true);
  });

  it('lets a lead set their own organisation’s digests and emails, and an administrator any organisation’s', async () => {
    const cara = await signIn(app, { username: 'cara.lead' });
    const list = mainText((await cara.agent.get('/notifications/organisations').expect(200)).text);
    expect(list).toContain(`${SECOND_FORCE.name} Daily at 07:00 (default) Titles and references`);
    expect(list).not.toContain('Derbyshire');
    // Reached from the email settings page.
    expect((await cara.agent.get('/notifications/preferences').expect(200)).text).toContain(
      'href="/notifications/organisations"',
    );
    // Another organisation's settings are not found for a lead.
    await cara.agent.get('/notifications/organisations/DER').expect(404);
    const path = `/notifications/organisations/${SECOND_FORCE.code}`;

    // A weekly digest without its day, an hour out of range: the form again, as typed, each error beside its field.
    const refused = await cara.agent
      .post(path)
      .type('form')
      .send({ _csrf: cara.csrf, cadence: 'weekly', weekday: '', hour: '25', emailDetail: 'references' })
      .expect(400);
    expect(mainText(refused.text)).toContain('There is a problem');
    expect(refused.text).toMatch(/id="weekday-error"[^>]*>\s*<span[^>]*>Error:<\/span> Choose the day of the week/);
    expect(refused.text).toMatch(
      /id="hour-error"[^>]*>\s*<span[^>]*>Error:<\/span> Enter the hour as a whole number from 0 to 23/,
    );
    expect(refused.text).toContain('name="hour" type="text" inputmode="numeric" value="25"');
    expect(refused.text).toMatch(/value="weekly" checked/);
    expect(refused.text).toMatch(/value="references" checked/);

    // Without the form's token: refused.
    await cara.agent.post(path).type('form').send({ cadence: 'daily', hour: '7', emailDetail: 'titles' }).expect(403);

    await cara.agent
      .post(path)
      .type('form')
      .send({ _csrf: cara.csrf, cadence: 'weekly', weekday: '1', hour: '9', emailDetail: 'references' })
      .expect(303);
    const saved = mainText((await cara.agent.get(path).expect(200)).text);
    expect(saved).toContain('Digests and emails of Cheshire Constabulary saved');
    expect(saved).toContain('Now: Weekly on Monday at 09:00 (UK time). Last changed');

    // An administrator sees every organisation and may set any.
    const admin = await signIn(app, { username: 'ada.admin' });
    const all = mainText((await admin.agent.get('/notifications/organisations').expect(200)).text);
    expect(all).toContain(`${SECOND_FORCE.name} Weekly on Monday at 09:00 References only`);
    expect(all).toMatch(/Derbyshire Constabulary Daily at 07:00 \(default\)/);
    expect((await admin.agent.get('/users').expect(200)).text).toContain('href="/notifications/organisations"');
  });

  it('emails an event with references only where the organisation set it, and tells it in full in the app', async () => {
    const cara = await signIn(app, { username: 'cara.lead' });
    const before = inbox.messages.length;
    const path = `/findings/${SECOND_FORCE.reference}/assign`;
    const assigned = await submitForm(cara.agent, path, path, {
      owner: 'chloe.fvu',
      actionOwners: '',
      targetDate: '2027-06-30',
      reason: 'Chloe leads the renewals drive',
    });
    expect(assigned.status).toBe(303);
    await app.get(NotificationSender).sendDue();
    const emails = inbox.messages.slice(before).filter((message) => message.to.includes('chloe@che.test'));
    expect(emails).toHaveLength(1);
    const text = plainText(emails[0].raw);
    expect(emails[0].subject).toBe(`Assigned to you: ${SECOND_FORCE.reference}`);
    expect(text).toContain(`cara.lead made chloe.fvu the owner of ${SECOND_FORCE.reference}.`);
    expect(text).toContain(`Open it in the tracker: http://tracker.test/findings/${SECOND_FORCE.reference}`);
    for (const part of [text, htmlText(emails[0].raw)]) {
      expect(part).not.toContain(SECOND_FORCE.title);
      expect(part).not.toContain('Chloe leads the renewals drive');
    }
    const chloe = await signIn(app, { username: 'chloe.fvu' });
    const page = mainText((await chloe.agent.get('/notifications').expect(200)).text);
    expect(page).toContain(SECOND_FORCE.title);
    expect(page).toContain('Reason: Chloe leads the renewals drive');
  });

  it('sends each organisation’s digest at its time, weekly ones on their day once, and in references only where set', async () => {
    const digests = app.get(NotificationDigests);
    const sender = app.get(NotificationSender);
    // Between digests, Derbyshire's lead moves a target date (in the tracker, now).
    const lena = await signIn(app, { username: 'lena.lead' });
    const moved = await submitForm(lena.agent, '/findings/DER-2025-AFI-01/assign', '/findings/DER-2025-AFI-01/assign', {
      owner: FVU,
      actionOwners: '',
      targetDate: '2027-06-30',
      reason: 'The vetting unit is short of staff',
    });
    expect(moved.status).toBe(303);

    // Fred's evidence rejected by his lead; his claim rejected by an inspector.
    const fred = await signIn(app, { username: 'fred.fvu' });
    const ian = await signIn(app, { username: 'ian.inspector' });
    await submitForm(fred.agent, `/findings/${CLAIMED}/status`, `/findings/${CLAIMED}/status`, { transition: 'start' });
    expect(
      (await uploadEvidence(fred.agent, CLAIMED, { kind: 'note', title: 'Draft analysis', description: 'Undated' }))
        .status,
    ).toBe(303);
    const draft = ((await lena.agent.get(`/api/findings/${CLAIMED}`).expect(200)).body as FindingBody).evidence.find(
      (item) => item.title === 'Draft analysis',
    )!;
    const review = `/findings/${CLAIMED}/evidence/${draft.id}/review`;
    expect((await submitForm(lena.agent, review, review, { decision: 'rejected', reason: 'Not dated' })).status).toBe(
      303,
    );
    expect(
      (await uploadEvidence(fred.agent, CLAIMED, { kind: 'note', title: 'Dated analysis', description: 'March' }))
        .status,
    ).toBe(303);
    expect(await changeStatus(fred.agent, 'claim', 'The analysis runs each quarter')).toBe(303);
    expect(await changeStatus(ian.agent, 'reject', 'No sign the board has seen it')).toBe(303);

    // Saturday 21 March: Derbyshire's daily digests; Cheshire's are weekly, on Mondays.
    const before = inbox.messages.length;
    expect(await digests.runIfDue(new Date('2026-03-21T10:00:00Z'))).toMatchObject({ built: true });
    await sender.sendDue();
    const saturday = inbox.messages.slice(before);
    expect(saturday.some((message) => message.to.includes('lena@der.test'))).toBe(true);
    expect(saturday.filter((message) => message.to.some((to) => to.endsWith('@che.test')))).toEqual([]);
    const lenaSaturday = plainText(
      saturday.find((message) => message.to.includes('lena@der.test') && message.subject.startsWith('Your digest'))!
        .raw,
    );
    expect(lenaSaturday).toContain('Your force, target dates moved since your last digest (1):');
    expect(lenaSaturday).toMatch(/- DER-2025-AFI-01 “[^”]+” – target moved from 30 September 2025 to 30 June 2027 on /);
    expect(lenaSaturday).not.toContain('short of staff');
    expect(lenaSaturday).not.toContain('CHE-');
    expect(lenaSaturday).toContain('Your force, claims made since your last digest (1):');
    expect(lenaSaturday).toMatch(
      new RegExp(`Your force, claims made since your last digest \\(1\\):\\n\\n- ${CLAIMED} “`),
    );
    expect(lenaSaturday).toContain('Your force, evidence and claims rejected since your last digest (2):');
    const fredSaturday = plainText(
      saturday.find((message) => message.to.includes('fred@der.test') && message.subject.startsWith('Your digest'))!
        .raw,
    );
    expect(fredSaturday).toContain('Returned to you since your last digest (2):');
    expect(fredSaturday).toMatch(
      new RegExp(`- ${CLAIMED} evidence “Draft analysis” – rejected \\d+ \\w+ \\d{4}\\n {2}http`),
    );
    expect(fredSaturday).toMatch(new RegExp(`- ${CLAIMED} claim “[^”]+” – rejected \\d+ \\w+ \\d{4}`));
    expect(fredSaturday).not.toContain('Not dated');
    expect(fredSaturday).not.toContain('No sign the board has seen it');

    // Monday 23 March before nine: not yet Cheshire's hour.
    const monday = inbox.messages.length;
    await digests.runIfDue(new Date('2026-03-23T08:30:00Z'));
    await sender.sendDue();
    expect(inbox.messages.slice(monday).filter((message) => message.to.includes('cara@che.test'))).toEqual([]);
    // From nine: Cheshire's weekly digests, once.
    expect(await digests.runIfDue(new Date('2026-03-23T09:30:00Z'))).toMatchObject({ built: true });
    expect(await digests.runIfDue(new Date('2026-03-23T11:00:00Z'))).toMatchObject({ built: false });
    await sender.sendDue();
    const cara = inbox.messages.slice(monday).filter((message) => message.to.includes('cara@che.test'));
    expect(cara).toHaveLength(1);
    const text = plainText(cara[0].raw);
    const html = htmlText(cara[0].raw);
    // References and links only: no title or action description in the subject, the text or the HTML.
    expect(text).toContain(`- ${SECOND_FORCE.reference} action – target 1 November 2025`);
    expect(text).toContain(`  http://tracker.test/findings/${SECOND_FORCE.reference}#actions`);
    expect(text).toContain('Your force, target dates moved since your last digest (1):');
    expect(text).toMatch(
      new RegExp(`- ${SECOND_FORCE.reference} – target moved from 1 October 2025 to 30 June 2027 on `),
    );
    expect(html).toContain(
      `<a href="http://tracker.test/findings/${SECOND_FORCE.reference}">${SECOND_FORCE.reference}</a>`,
    );
    for (const part of [cara[0].subject, text, html]) {
      expect(part).not.toContain(SECOND_FORCE.title);
      expect(part).not.toContain(SECOND_FORCE.action);
      expect(part).not.toContain('DER-');
    }
    // In the app, the digest keeps the titles.
    const session = await signIn(app, { username: 'cara.lead' });
    expect(mainText((await session.agent.get('/notifications').expect(200)).text)).toContain(SECOND_FORCE.title);
    // A week later, on a Tuesday: nothing for Cheshire.
    const tuesday = inbox.messages.length;
    await digests.runIfDue(new Date('2026-03-31T10:00:00Z'));
    await sender.sendDue();
    expect(inbox.messages.slice(tuesday).filter((message) => message.to.includes('cara@che.test'))).toEqual([]);
  });
});

describe('npm run notify (command line)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tracker-notify-cli-'));
  let inbox: SmtpInbox;
  let smtpUrl: string;
  /** Runs a script as `npm run` does, without blocking this process (whose SMTP server the script talks to). */
  const run = (script: string, ...args: string[]) =>
    new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['-r', 'ts-node/register/transpile-only', script, ...args],
        {
          cwd: join(__dirname, '..'),
          env: {
            ...process.env,
            DATA_DIR: dataDir,
            DATABASE_URL: '',
            ADMIN_PASSWORD: 'first superuser passphrase',
            SMTP_URL: smtpUrl,
            MAIL_FROM: 'tracker@tracker.test',
            APP_URL: 'http://tracker.test',
          },
          encoding: 'utf8',
        },
        (error, stdout, stderr) => resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });

  beforeAll(async () => {
    inbox = new SmtpInbox();
    smtpUrl = await inbox.listen();
  });

  afterAll(async () => {
    await inbox.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('gives a user an email address, builds today’s digests now and lists the outbox', async () => {
    const created = await run(
      'scripts/user.ts',
      'create',
      'cli.lead',
      '--role',
      'force_lead',
      '--force',
      'DER',
      '--email',
      'lead@cli.test',
      '--password',
      'a long cli passphrase',
    );
    expect(created.stderr).toBe('');
    expect(created.status).toBe(0);

    const digest = await run('scripts/notify.ts', 'digest', '--now');
    expect(digest.stderr).toBe('');
    expect(digest.stdout).toContain(`Digests for ${ukClock(new Date()).day}: 1 person told.`);
    expect(digest.stdout).toContain('Emails sent: 1;');
    expect(inbox.to('lead@cli.test')).toHaveLength(1);
    expect(plainText(inbox.to('lead@cli.test')[0].raw)).toContain('Your force, overdue');

    const queue = await run('scripts/notify.ts', 'queue');
    expect(queue.stdout).toContain('Waiting: 0. Sent: 1. Failed: 0.');
    expect(queue.stdout).toMatch(/#1\tsent\tattempts 1\tlead@cli\.test\tYour digest for /);

    const wrong = await run('scripts/notify.ts', 'digest', '--later');
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('npm run notify -- digest [--now] [--all]');
    // Each command starts the app (migrations checked, default data): slow on a busy machine.
  }, 300_000);
});
