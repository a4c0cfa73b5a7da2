import type { Agent } from 'supertest';
import { createUser, signIn } from './factories/users';
import { dateFields, submitForm } from './utils/forms';
import { createTestApp, type TestApp } from './utils/create-test-app';
import { mainText } from './utils/page-text';

/**
 * "Still unimplemented" and "raised again by a later report" are kept per finding (finding_standings) by the
 * database as assessments and links are written: what an inspector records shows at once in the lists and counts of
 * the finding's own force, and never in another force's.
 */
describe('Where each finding stands after later reports (unimplemented, raised again)', () => {
  let testApp: TestApp;
  let inspector: Agent;
  let cheshire: Agent;

  /** The references on the first page of a list of findings, and how many the list says there are. */
  async function listed(agent: Agent, query: string): Promise<{ total: number; references: string[] }> {
    const { body } = (await agent.get(`/api/findings?${query}`).expect(200)) as {
      body: { total: number; items: Array<{ reference: string }> };
    };
    return { total: body.total, references: body.items.map((item) => item.reference) };
  }

  /** The count the findings list page shows a reader. */
  async function countShown(agent: Agent, query: string): Promise<string> {
    return /(\d+|No) findings?/.exec(mainText((await agent.get(`/findings?${query}`).expect(200)).text))![0];
  }

  beforeAll(async () => {
    testApp = await createTestApp();
    inspector = (await signIn(testApp.app, await createUser(testApp.app, 'inspector'))).agent;
    cheshire = (await signIn(testApp.app, await createUser(testApp.app, 'force_staff', { forceCode: 'CHE' }))).agent;
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('takes a finding judged implemented out of what remains unimplemented, for its own force only', async () => {
    const before = await listed(inspector, 'force=DER&status=unimplemented&q=DER-2025-AFI-01');
    expect(before.references).toEqual(['DER-2025-AFI-01']);
    const derbyshireShown = await countShown(inspector, 'force=DER&status=unimplemented');
    const cheshireBefore = await countShown(cheshire, 'status=unimplemented');

    const assessed = await submitForm(
      inspector,
      '/findings/DER-2025-AFI-01/assessments/new',
      '/findings/DER-2025-AFI-01/assessments',
      { verdict: 'implemented', commentary: 'Seen working on a revisit', ...dateFields('assessedOn', '2026-01-15') },
    );
    expect(assessed.status).toBe(303);

    expect((await listed(inspector, 'force=DER&status=unimplemented&q=DER-2025-AFI-01')).references).toEqual([]);
    const derbyshireAfter = await countShown(inspector, 'force=DER&status=unimplemented');
    expect(Number.parseInt(derbyshireAfter, 10)).toBe(Number.parseInt(derbyshireShown, 10) - 1);
    expect(await countShown(cheshire, 'status=unimplemented')).toBe(cheshireBefore);
    // The dashboard's count is the same rule.
    expect(mainText((await inspector.get('/?force=DER').expect(200)).text)).toContain(
      `Still unimplemented (${Number.parseInt(derbyshireAfter, 10)})`,
    );

    // A later verdict of "not implemented" puts it back: the latest verdict counts, not the first.
    const reopened = await submitForm(
      inspector,
      '/findings/DER-2025-AFI-01/assessments/new',
      '/findings/DER-2025-AFI-01/assessments',
      { verdict: 'not_implemented', commentary: 'Lapsed since the revisit', ...dateFields('assessedOn', '2026-03-02') },
    );
    expect(reopened.status).toBe(303);
    expect((await listed(inspector, 'force=DER&status=unimplemented&q=DER-2025-AFI-01')).references).toEqual([
      'DER-2025-AFI-01',
    ]);
  });

  it('counts a finding repeated by a later report of its force as raised again, and not for another force', async () => {
    const before = await listed(inspector, 'force=DER&raised=again');
    expect((await listed(inspector, 'force=DER&raised=again&q=DER-2018-AFI-03')).references).toEqual([]);
    const cheshireBefore = await listed(cheshire, 'raised=again');

    const linked = await submitForm(
      inspector,
      '/findings/DER-2025-AFI-04/links/new',
      '/findings/DER-2025-AFI-04/links',
      {
        otherReference: 'DER-2018-AFI-03',
        type: 'repeats',
        reason: 'The same concern about case handling',
      },
    );
    expect(linked.status).toBe(303);

    const after = await listed(inspector, 'force=DER&raised=again');
    expect((await listed(inspector, 'force=DER&raised=again&q=DER-2018-AFI-03')).references).toEqual([
      'DER-2018-AFI-03',
    ]);
    expect(after.total).toBe(before.total + 1);
    expect(await countShown(inspector, 'force=DER&raised=again')).toBe(`${after.total} findings`);
    // The later finding itself is not raised again by repeating an earlier one.
    expect((await listed(inspector, 'force=DER&raised=again&q=DER-2025-AFI-04')).references).toEqual([]);
    expect(await listed(cheshire, 'raised=again')).toEqual(cheshireBefore);
  });

  it('raises a force’s record of a national recommendation its later report cites, not the other forces’ records', async () => {
    const derbyshireBefore = await listed(inspector, 'force=DER&raised=again');
    const cheshireBefore = await listed(cheshire, 'raised=again');
    // A record of Derbyshire's that nothing later raised yet, and the national recommendation it is a record of.
    const records = await listed(inspector, 'force=DER&kind=national_recommendation');
    const raisedRecords = await listed(inspector, 'force=DER&kind=national_recommendation&raised=again');
    const record = records.references.find((reference) => !raisedRecords.references.includes(reference))!;
    expect(record).toMatch(/^DER-NAT-\d{4}-REC-\d+$/);
    const statement = record.replace(/^DER-/, '');
    expect((await listed(inspector, `force=CHE&q=CHE-${statement}`)).references).toEqual([`CHE-${statement}`]);

    const linked = await submitForm(
      inspector,
      '/findings/DER-2025-AFI-04/links/new',
      '/findings/DER-2025-AFI-04/links',
      {
        otherReference: statement,
        type: 'cites',
        reason: 'Stop and search still not explained to the public',
      },
    );
    expect(linked.status).toBe(303);

    expect((await listed(inspector, `force=DER&raised=again&q=${record}`)).references).toEqual([record]);
    expect((await listed(inspector, 'force=DER&raised=again')).total).toBe(derbyshireBefore.total + 1);
    expect(await listed(cheshire, 'raised=again')).toEqual(cheshireBefore);
    expect((await listed(inspector, `force=CHE&raised=again&q=CHE-${statement}`)).references).toEqual([]);
  });
});
