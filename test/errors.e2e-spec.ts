import type request from 'supertest';
import { createUser, signIn } from './factories/users';
import { createTestApp, type TestApp } from './utils/create-test-app';
import { mainText } from './utils/page-text';

describe('Errors and assets', () => {
  let testApp: TestApp;
  let agent: ReturnType<typeof request.agent>;

  beforeAll(async () => {
    testApp = await createTestApp();
    // An inspector reads every force.
    ({ agent } = await signIn(testApp.app, await createUser(testApp.app, 'inspector')));
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('answers an unknown address with the 404 page in the site’s look', async () => {
    const response = await agent.get('/no-such-page').expect(404);
    expect(mainText(response.text)).toContain('Page not found');
    expect(response.text).toContain('/vendor/govuk/govuk-frontend.min.css');
  });

  it('serves GOV.UK Frontend and MOJ Frontend from the app itself (no CDN)', async () => {
    await agent.get('/vendor/govuk/govuk-frontend.min.css').expect(200).expect('Content-Type', /css/);
    await agent.get('/vendor/moj/moj-frontend.min.css').expect(200).expect('Content-Type', /css/);
    await agent
      .get('/vendor/govuk/govuk-frontend.min.js')
      .expect(200)
      .expect('Content-Type', /javascript/);
    await agent.get('/assets/fonts/bold-b542beb274-v2.woff2').expect(200);
    await agent.get('/public/app.css').expect(200);
    const page = (await agent.get('/').expect(200)).text;
    expect(page).not.toMatch(/<(link|script)[^>]+(href|src)="https?:/);
  });

  it('does not say which framework serves it', async () => {
    const response = await agent.get('/').expect(200);
    expect(response.headers['x-powered-by']).toBeUndefined();
  });
});
