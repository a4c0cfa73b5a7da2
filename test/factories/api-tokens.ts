import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import request from 'supertest';
import type { signIn } from './users';

export type SignedIn = Awaited<ReturnType<typeof signIn>>;

/** Makes a personal API token on the API tokens page, as the signed-in user, and reads it off the page shown once. */
export async function makeApiToken(
  session: SignedIn,
  options: { name?: string; scope?: 'read' | 'read_write'; days?: number } = {},
): Promise<string> {
  const page = await session.agent
    .post('/account/api-tokens')
    .type('form')
    .send({
      _csrf: session.csrf,
      name: options.name ?? 'Test script',
      scope: options.scope ?? 'read',
      days: options.days ?? 30,
    })
    .expect(201);
  const match = /id="token"[^>]*value="([^"]+)"/.exec(page.text);
  if (!match) {
    throw new Error('The new token is not on the page');
  }
  return match[1];
}

/** A script's requests: no cookies, the token in `Authorization: Bearer`. */
export function script(app: INestApplication<Server>, token: string) {
  const server = app.getHttpServer();
  const auth = `Bearer ${token}`;
  return {
    get: (path: string) => request(server).get(path).set('Authorization', auth),
    post: (path: string) => request(server).post(path).set('Authorization', auth),
  };
}
