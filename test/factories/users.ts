import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import request from 'supertest';
import type { Role } from '../../src/access/roles';
import { SYSTEM, UsersService } from '../../src/users/users.service';

export const TEST_PASSWORD = 'a long test passphrase';

export interface TestUser {
  username: string;
  role: Role;
  forceCode: string | null;
}

let sequence = 0;

/** Creates a user through the real UsersService (hashing, audit and all). */
export async function createUser(
  app: INestApplication,
  role: Role,
  options: { forceCode?: string | null; team?: string | null; username?: string } = {},
): Promise<TestUser> {
  sequence += 1;
  const forceCode =
    options.forceCode !== undefined
      ? options.forceCode
      : ['force_staff', 'force_lead', 'board_member'].includes(role)
        ? 'DER'
        : null;
  const username = options.username ?? `${role.replace('_', '-')}-${sequence}`;
  await app.get(UsersService).create(
    {
      username,
      displayName: `Test ${role.replace('_', ' ')} ${sequence}`,
      password: TEST_PASSWORD,
      role,
      forceCode,
      team: options.team ?? null,
    },
    SYSTEM,
  );
  return { username, role, forceCode };
}

/** The hidden _csrf value of the first form on a page. */
export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) {
    throw new Error('No _csrf field on the page');
  }
  return match[1];
}

/**
 * A supertest agent signed in as the user (cookies kept between requests), and the session's
 * CSRF token for the forms it posts.
 */
export async function signIn(
  app: INestApplication<Server>,
  user: Pick<TestUser, 'username'>,
  password = TEST_PASSWORD,
) {
  const agent = request.agent(app.getHttpServer());
  const form = await agent.get('/sign-in').expect(200);
  await agent
    .post('/sign-in')
    .type('form')
    .send({ username: user.username, password, _csrf: csrfFrom(form.text) })
    .expect(303);
  const page = await agent.get('/').expect(200);
  return { agent, csrf: csrfFrom(page.text) };
}
