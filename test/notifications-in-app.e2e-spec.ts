import { DataSource } from 'typeorm';
import { NotificationSender } from '../src/notifications/notification-sender';
import { OutboxMessage } from '../src/notifications/outbox-message.entity';
import { SYSTEM, UsersService } from '../src/users/users.service';
import { recordSecondForceReport, SECOND_FORCE } from './factories/second-force';
import { signIn, TEST_PASSWORD } from './factories/users';
import { createTestApp, type TestApp } from './utils/create-test-app';
import { submitForm } from './utils/forms';
import { mainText } from './utils/page-text';

describe('Notifications with no mail server: told in the app only, and the app says so', () => {
  let testApp: TestApp;
  const saved = process.env.SMTP_URL;

  beforeAll(async () => {
    delete process.env.SMTP_URL;
    testApp = await createTestApp();
    await recordSecondForceReport(testApp.app);
  });

  afterAll(async () => {
    await testApp.close();
    if (saved !== undefined) {
      process.env.SMTP_URL = saved;
    }
  });

  it('tells the new owner on their notifications page, writes no email, and the admin page says why', async () => {
    const app = testApp.app;
    const users = app.get(UsersService);
    const create = (username: string, forceCode: string, role: 'force_staff' | 'force_lead', team: string | null) =>
      users.create(
        {
          username,
          displayName: username,
          password: TEST_PASSWORD,
          role,
          forceCode,
          team,
          email: `${username}@x.test`,
        },
        SYSTEM,
      );
    await create('lou.lead', 'DER', 'force_lead', null);
    await create('pat.psd', 'DER', 'force_staff', 'Head of professional standards (PSD)');
    await create('che.psd', SECOND_FORCE.code, 'force_staff', 'Head of professional standards (PSD)');
    const lead = await signIn(app, { username: 'lou.lead' });
    const pat = await signIn(app, { username: 'pat.psd' });
    const che = await signIn(app, { username: 'che.psd' });

    await submitForm(lead.agent, '/findings/DER-2025-AFI-01/assign', '/findings/DER-2025-AFI-01/assign', {
      owner: 'Head of professional standards (PSD)',
      actionOwners: '',
      targetDate: '2025-09-30',
      reason: '',
    }).then((response) => expect(response.status).toBe(303));

    const page = await pat.agent.get('/notifications').expect(200);
    expect(page.text).toMatch(/moj-notification-badge">1</);
    const text = mainText(page.text);
    expect(text).toContain('The tracker sends no email: you are told of changes here only.');
    expect(text).toContain('Assigned to you: DER-2025-AFI-01');
    expect(text).toContain('lou.lead made Head of professional standards (PSD) the owner of DER-2025-AFI-01');
    expect(mainText((await che.agent.get('/notifications').expect(200)).text)).toContain('You have nothing unread.');

    expect(await app.get(DataSource).getRepository(OutboxMessage).count()).toBe(0);
    expect(await app.get(NotificationSender).sendDue()).toEqual({ sent: 0, retrying: 0, failed: 0 });

    const admin = await signIn(app, { username: 'admin' }, process.env.ADMIN_PASSWORD);
    expect(mainText((await admin.agent.get('/users').expect(200)).text)).toContain(
      'No mail server is set (SMTP_URL), so the tracker only notifies people in the app',
    );
    expect(mainText((await admin.agent.get('/notifications/outbox').expect(200)).text)).toContain(
      'Waiting: 0. Sent: 0. Failed: 0.',
    );
  });
});
