import type request from 'supertest';
import { DataSource, In } from 'typeorm';
import { Finding } from '../src/findings/finding.entity';
import { createUser, signIn } from './factories/users';
import { createTestApp, type TestApp } from './utils/create-test-app';
import { submitForm } from './utils/forms';
import { decodeEntities, mainText } from './utils/page-text';

describe('Findings pages', () => {
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

  describe('GET /findings', () => {
    /** The choices of one of the list's filters, as offered. */
    const choices = (html: string, name: string) => {
      const select = new RegExp(`<select[^>]*name="${name}"[^>]*>([\\s\\S]*?)</select>`).exec(html)![1];
      return [...select.matchAll(/<option value="([^"]*)"/g)].map((match) => decodeEntities(match[1])).filter(Boolean);
    };

    it('offers the years, owners and themes of the findings the reader may see, in order, and no other force’s', async () => {
      const database = testApp.app.get(DataSource);
      // The same choices by a plain DISTINCT (the force's code is this test's own constant).
      const distinct = async (column: string, force: string | null) =>
        (
          await database.query<Array<{ value: string | number }>>(
            `SELECT DISTINCT f.${column} AS value FROM findings f
              WHERE f.${column} IS NOT NULL
                AND f.force_id ${force ? `= (SELECT id FROM forces WHERE code = '${force}')` : 'IS NOT NULL'}
              ORDER BY f.${column}`,
          )
        ).map((row) => String(row.value));
      const everyForce = (await agent.get('/findings').expect(200)).text;
      const cheshire = await signIn(testApp.app, await createUser(testApp.app, 'force_staff', { forceCode: 'CHE' }));
      const cheshireHtml = (await cheshire.agent.get('/findings').expect(200)).text;
      for (const column of ['year', 'owner', 'theme']) {
        expect(choices(everyForce, column)).toEqual(await distinct(column, null));
        expect(choices(cheshireHtml, column)).toEqual(await distinct(column, 'CHE'));
      }
      expect(choices(everyForce, 'owner')).toContain('Head of public protection');
      expect(choices(cheshireHtml, 'owner')).not.toContain('Head of public protection');
      expect(choices(everyForce, 'year')).toContain('2016');
    });

    it('lists the findings with counts and paginates', async () => {
      const response = await agent.get('/findings?force=DER').expect(200);
      const text = mainText(response.text);
      expect(text).toMatch(/\d+ findings, showing 1 to 20/);
      expect(text).toContain('DER-2018-AFI-01');
      expect(response.text).toContain('aria-label="Page 2"');
    });

    it('filters by kind, and the filter stays in the URL of every link', async () => {
      const response = await agent.get('/findings?kind=area_for_improvement').expect(200);
      const text = mainText(response.text);
      expect(text).toContain('17 findings');
      expect(text).toContain('Kind: Area for improvement');
      expect(text).not.toContain('NAT-2022-REC-01');
      expect(decodeEntities(response.text)).toContain('href="/findings?kind=area_for_improvement&sort=title&dir=asc"');
    });

    it('filters by year and report', async () => {
      const byYear = mainText((await agent.get('/findings?year=2025&kind=area_for_improvement').expect(200)).text);
      expect(byYear).toContain('5 findings');
      expect(byYear).toContain('DER-2025-AFI-05');
      expect(byYear).not.toContain('DER-2018-AFI-01');

      const byReport = mainText(
        (await agent.get('/findings?report=der-2018-19-peel-legitimacy-web-summary').expect(200)).text,
      );
      expect(byReport).toContain('DER-2018-AFI-12');
      expect(byReport).not.toContain('DER-2018-AFI-01 ');
    });

    it('filters by status, owner and theme', async () => {
      const vetting = mainText((await agent.get('/findings?theme=vetting&kind=area_for_improvement').expect(200)).text);
      expect(vetting).toContain('DER-2025-AFI-01');
      expect(vetting).toContain('DER-2025-AFI-02');
      expect(vetting).not.toContain('DER-2025-AFI-03');

      const owner = mainText(
        (await agent.get('/findings?owner=' + encodeURIComponent('Force vetting unit (FVU)')).expect(200)).text,
      );
      expect(owner).toContain('DER-2025-AFI-01');

      const notStarted = mainText(
        (await agent.get('/findings?status=not_started&kind=area_for_improvement').expect(200)).text,
      );
      expect(notStarted).toContain('DER-2025-AFI-04');
      expect(notStarted).not.toContain('DER-2025-AFI-01');
    });

    it('lists what remains unimplemented, counting later reports’ verdicts', async () => {
      const text = mainText(
        (await agent.get('/findings?status=unimplemented&kind=national_recommendation&force=DER').expect(200)).text,
      );
      // Derbyshire's own records of the national recommendations.
      expect(text).toContain('DER-NAT-2022-REC-01');
      expect(text).toContain('DER-NAT-2017-REC-01');
      // The 2025 report says the force has adopted the national sexual harassment policy.
      expect(text).not.toContain('DER-NAT-2022-REC-05');
    });

    it('searches by words, case-insensitively, with punctuation alone finding nothing', async () => {
      const text = mainText((await agent.get('/findings?q=OFFICER%20SAFETY%20TRAINING').expect(200)).text);
      expect(text).toContain('DER-2018-AFI-12');
      const none = mainText((await agent.get('/findings?q=%25%25%25').expect(200)).text);
      expect(none).toContain('0 findings');
      expect(none).toContain('No findings match these filters');
    });

    it('finds words in any order and in any form, and marks them', async () => {
      const search = async (q: string) =>
        (await agent.get(`/findings?force=DER&q=${encodeURIComponent(q)}`).expect(200)).text;
      // Word order does not matter.
      expect(mainText(await search('decisions vetting'))).toContain('DER-2025-AFI-02');
      // Words apart in the text: "supervision in place for investigations".
      expect(mainText(await search('supervision investigations'))).toContain('DER-2018-AFI-01');
      // Another form of the word: the text says "disproportionality".
      const stemmed = await search('disproportionate');
      expect(mainText(stemmed)).toContain('DER-2025-AFI-02');
      expect(stemmed).toContain('<mark class="app-mark">disproportionality</mark>');
      // A reference.
      expect(mainText(await search('DER-2018-AFI-12'))).toMatch(/1 finding/);
    });

    it('finds a finding by the words of its actions and progress notes, kept in step as they are added', async () => {
      const { agent: staff } = await signIn(testApp.app, await createUser(testApp.app, 'force_staff'));
      const before = mainText((await agent.get('/findings?q=zanzibar%20protocol').expect(200)).text);
      expect(before).toContain('0 findings');
      const noted = await submitForm(staff, '/findings/DER-2025-AFI-03/notes/new', '/findings/DER-2025-AFI-03/notes', {
        commentary: 'Adopted the Zanzibar protocol for vetting appeals',
      });
      expect(noted.status).toBe(303);
      const after = await agent.get('/findings?q=zanzibar%20protocol').expect(200);
      expect(mainText(after.text)).toContain('DER-2025-AFI-03');
      expect(mainText(after.text)).toMatch(/1 finding/);
    });

    it('offers a search box in the header of every page', async () => {
      const page = (await agent.get('/reports').expect(200)).text;
      expect(page).toContain('<form method="get" action="/findings" class="app-header-search" role="search">');
    });

    it('sorts by a column in either direction', async () => {
      const ascending = mainText(
        (await agent.get('/findings?kind=area_for_improvement&sort=reference&dir=asc').expect(200)).text,
      );
      const descending = mainText(
        (await agent.get('/findings?kind=area_for_improvement&sort=reference&dir=desc').expect(200)).text,
      );
      expect(ascending.indexOf('DER-2018-AFI-01')).toBeLessThan(ascending.indexOf('DER-2025-AFI-05'));
      expect(descending.indexOf('DER-2025-AFI-05')).toBeLessThan(descending.indexOf('DER-2018-AFI-01'));
    });

    it('answers a bad filter with a clear error', async () => {
      const response = await agent.get('/findings?kind=nonsense&page=0').expect(400);
      const text = mainText(response.text);
      expect(text).toContain('Kind must be one of area_for_improvement');
      expect(text).toContain('Page must be 1 or more');
    });

    it('treats empty filters, as the form sends them, as no filter', async () => {
      const text = mainText(
        (
          await agent
            .get('/findings?q=&force=&report=&year=&kind=area_for_improvement&status=&owner=&theme=')
            .expect(200)
        ).text,
      );
      expect(text).toContain('17 findings');
    });

    it('refuses unknown query parameters', async () => {
      const response = await agent.get('/findings?colour=blue').expect(400);
      expect(mainText(response.text)).toContain('property colour should not exist');
    });
  });

  describe('GET /findings/:reference', () => {
    it('shows the 2025 vetting AFI with its sub-points, source, owner and the 2022 national recommendation not implemented, with the quote', async () => {
      const response = await agent.get('/findings/DER-2025-AFI-01').expect(200);
      const text = mainText(response.text);
      expect(text).toContain('DER-2025-AFI-01 · Area for improvement');
      expect(text).toContain('The constabulary should make sure that:');
      expect(text).toContain(
        'it has a robust process to research and assess all notifications of changes of circumstances in a timely manner',
      );
      expect(text).toContain(
        'Published in A report into the effectiveness of integrity arrangements in Derbyshire Constabulary',
      );
      expect(text).toContain('Section: Vetting police officers and staff');
      expect(text).toContain('Accountable owner Force vetting unit (FVU)');
      expect(text).toContain('example data');
      // The national recommendation it cites reads as Derbyshire's record of it, with Derbyshire's verdict.
      expect(text).toContain('Cites DER-NAT-2022-REC-01');
      expect(text).toContain('Latest assessment: Not implemented');
      expect(text).toContain('The constabulary still hasn’t implemented this recommendation.');
    });

    it('shows a national recommendation with each recipient’s progress and the findings that cite it', async () => {
      const text = mainText((await agent.get('/findings/NAT-2022-REC-01').expect(200)).text);
      expect(text).toContain('Made to every police force');
      expect(text).toContain('43 recipient records of NAT-2022-REC-01');
      expect(text).toContain(
        'Derbyshire Constabulary In progress Not implemented A report into the effectiveness of integrity arrangements in Derbyshire Constabulary',
      );
      expect(text).toContain('Leicestershire Police Not started Not assessed');
      expect(text).toContain('Cited by DER-2025-AFI-01');
      expect(text).toContain('Not yet implemented');
    });

    it('shows a finding published in two documents of one inspection as one item with both sources', async () => {
      const text = mainText((await agent.get('/findings/DER-2018-AFI-12').expect(200)).text);
      expect(text).toContain(
        'The force should ensure that all relevant officers and staff have in-date officer safety training.',
      );
      expect(text).toMatch(/Published in [^(]+\(2018\/19\)/);
      expect(text).toMatch(/Also published in [^(]+\(2018\/19\)/);
    });

    it('shows actions and the history timeline', async () => {
      const text = mainText((await agent.get('/findings/DER-2025-AFI-01').expect(200)).text);
      expect(text).toMatch(/Actions Action Owner Due Status .+Vetting manager/);
      expect(text).toContain('Recorded by Default data (HMICFRS reports) 22 January 2025');
      expect(text).toContain('Status changed: Not started → In progress');
    });

    it('shows the cause of concern a recommendation belongs to, on its page and in the API', async () => {
      const findings = testApp.app.get(DataSource).getRepository(Finding);
      // The default data has no cause of concern: two of Derbyshire's findings play the part, then go back.
      const [concern, recommendation] = await findings.find({
        where: { reference: In(['DER-2018-AFI-12', 'DER-2025-AFI-01']) },
        order: { reference: 'ASC' },
      });
      await findings.update(concern.id, { kind: 'cause_of_concern' });
      await findings.update(recommendation.id, { kind: 'recommendation', parentId: concern.id });
      try {
        const page = await agent.get('/findings/DER-2025-AFI-01').expect(200);
        expect(mainText(page.text)).toContain(
          `This recommendation belongs to the cause of concern DER-2018-AFI-12: ${concern.title}.`,
        );
        expect(page.text).toContain('href="/findings/DER-2018-AFI-12"');
        const api = await agent.get('/api/v1/findings/DER-2025-AFI-01').expect(200);
        expect(api.body).toMatchObject({ parent: { reference: 'DER-2018-AFI-12', title: concern.title } });
      } finally {
        await findings.update(recommendation.id, { kind: recommendation.kind, parentId: null });
        await findings.update(concern.id, { kind: concern.kind });
      }
    });

    it('is a 404 page in the site’s look for an unknown reference', async () => {
      const response = await agent.get('/findings/DER-1999-AFI-99').expect(404);
      expect(response.headers['content-type']).toContain('text/html');
      expect(mainText(response.text)).toContain('Page not found');
      expect(mainText(response.text)).toContain('No finding has the reference DER-1999-AFI-99');
      expect(response.text).toContain('govuk-service-navigation');
    });

    it('is a 404, not a 500, for a reference with odd characters', async () => {
      const response = await agent.get("/findings/'%20OR%201=1--").expect(404);
      expect(mainText(response.text)).toContain('Page not found');
    });
  });
});
