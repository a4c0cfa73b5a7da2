import { createTestApp } from '../utils/create-test-app';
import { launchChromium, listenOnFreePort } from './browser-utils';
it('probe', async () => {
  const b = await launchChromium(); const t = await createTestApp(); const base = await listenOnFreePort(t);
  const p = await b.newPage();
  await p.goto(base + '/findings');
  await p.locator('#filter-kind').selectOption({ label: 'Area for improvement' });
  const [resp] = await Promise.all([p.waitForNavigation(), p.getByRole('button', { name: 'Apply filters' }).click()]);
  console.log(p.url(), resp?.status(), (await p.content()).slice(0, 4000));
  await b.close(); await t.close();
}, 120000);
