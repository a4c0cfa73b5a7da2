import type { Server } from 'node:http';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Session } from '../src/auth/session.entity';
import { SignInAttempt } from '../src/auth/sign-in-attempt.entity';
import { User } from '../src/users/user.entity';
import { createUser, csrfFrom, TEST_PASSWORD } from './factories/users';
import { createTestApp, type TestApp } from './utils/create-test-app';
import { mainText } from './utils/page-text';

const WRONG = 'Enter a correct username and password';
const LOCKED = 'Too many failed attempts to sign in. Wait 15 minutes and try again.';

/**
 * Sign-in attempts fired at once: counting recent failures and recording the attempt are one
 * serialised step, so no burst gets more than ten password checks past the lock.
 */
describe('Sign-in lockout under parallel attempts', () => {
  let testApp: TestApp;
  let baseUrl: string;

  beforeAll(async () => {
    // Each test signs in from its own address (X-Forwarded-For from the loopback proxy), so the
    // lock on one address in one test does not reach the others.
    process.env.TRUST_PROXY = 'loopback';
    testApp = await createTestApp();
    const server: Server = testApp.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });

  afterAll(async () => {
    await testApp.close();
  });

  /** A browser's sign-in: the form (for its token and cookie), then the post. Returns after loading the form. */
  async function preparedAttempt(address: string) {
    const agent = request.agent(baseUrl);
    const form = await agent.get('/sign-in').set('X-Forwarded-For', address).expect(200);
    const csrf = csrfFrom(form.text);
    return (username: string, password: string) =>
      agent
        .post('/sign-in')
        .set('X-Forwarded-For', address)
        .type('form')
        .send({ username, password, _csrf: csrf })
        .redirects(0);
  }

  function answer(response: request.Response): string {
    const text = mainText(response.text);
    return text.includes(LOCKED) ? 'locked' : text.includes(WRONG) ? 'wrong' : `${response.status}: ${text}`;
  }

  async function sessionsOf(username: string): Promise<number> {
    const dataSource = testApp.app.get(DataSource);
    const user = await dataSource.getRepository(User).findOneByOrFail({ username });
    return dataSource.getRepository(Session).countBy({ userId: user.id });
  }

  it('checks only ten of thirty simultaneous wrong passwords, then refuses the right one', async () => {
    const user = await createUser(testApp.app, 'force_staff', { username: 'burst.target' });
    const attempts = await Promise.all(Array.from({ length: 30 }, () => preparedAttempt('203.0.113.10')));
    const responses = await Promise.all(attempts.map((post, index) => post(user.username, `wrong password ${index}`)));
    expect(responses.every((response) => response.status === 401)).toBe(true);
    const answers = responses.map(answer);
    expect(answers.filter((value) => value === 'wrong')).toHaveLength(10);
    expect(answers.filter((value) => value === 'locked')).toHaveLength(20);

    const right = await (await preparedAttempt('203.0.113.10'))(user.username, TEST_PASSWORD);
    expect(right.status).toBe(401);
    expect(mainText(right.text)).toContain(LOCKED);
    expect(String(right.headers['set-cookie'] ?? '')).not.toContain('tracker_session=');
    expect(await sessionsOf(user.username)).toBe(0);
  });

  it('lets the right password in among wrong ones fired at once, while the name has fewer than ten failures', async () => {
    const user = await createUser(testApp.app, 'force_staff', { username: 'burst.owner' });
    const attempts = await Promise.all(Array.from({ length: 6 }, () => preparedAttempt('203.0.113.20')));
    const responses = await Promise.all(
      attempts.map((post, index) => post(user.username, index === 3 ? TEST_PASSWORD : `wrong password ${index}`)),
    );
    expect(responses.map((response) => response.status).sort()).toEqual([303, 401, 401, 401, 401, 401]);
    expect(responses.filter((response) => response.status === 401).map(answer)).toEqual(Array(5).fill('wrong'));
    expect(await sessionsOf(user.username)).toBe(1);
    // The right password's attempt is recorded as a success, the others as failures.
    const recorded = await testApp.app.get(DataSource).getRepository(SignInAttempt).findBy({ username: user.username });
    expect(recorded.filter((attempt) => attempt.succeeded)).toHaveLength(1);
    expect(recorded.filter((attempt) => !attempt.succeeded)).toHaveLength(5);
  });

  it('checks only thirty of forty simultaneous attempts from one address, whatever the names', async () => {
    const attempts = await Promise.all(Array.from({ length: 40 }, () => preparedAttempt('198.51.100.7')));
    const responses = await Promise.all(attempts.map((post, index) => post(`guess-${index}`, 'a guessed password')));
    const answers = responses.map(answer);
    expect(answers.filter((value) => value === 'wrong')).toHaveLength(30);
    expect(answers.filter((value) => value === 'locked')).toHaveLength(10);
    // Another address is not locked.
    const elsewhere = await (await preparedAttempt('198.51.100.8'))('guess-0', 'a guessed password');
    expect(answer(elsewhere)).toBe('wrong');
  });
});
