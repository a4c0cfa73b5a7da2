import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import request from 'supertest';
import type { FindingDetail, FindingsPage, Problem, ReportDetail } from '../src/api/dto/api-responses.dto';
import { makeApiToken, script } from './factories/api-tokens';
import { recordSecondForceReport, SECOND_FORCE } from './factories/second-force';
import { createUser, signIn } from './factories/users';
import { mainText } from './utils/page-text';
import { createTestApp, type TestApp } from './utils/create-test-app';

type Json = Record<string, unknown>;
interface Schema {
  $ref?: string;
  type?: string;
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
  nullable?: boolean;
}
interface Operation {
  operationId?: string;
  parameters?: Array<{ name: string; in: string; required?: boolean }>;
  responses?: Record<string, { content?: Record<string, { schema: Schema }> }>;
}
interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; securitySchemes?: Record<string, { type: string; scheme?: string }> };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/** Every $ref string in the document, wherever it is. */
function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) {
    return value.flatMap(refsIn);
  }
  if (value && typeof value === 'object') {
    return Object.entries(value as Json).flatMap(([key, inner]) =>
      key === '$ref' && typeof inner === 'string' ? [inner] : refsIn(inner),
    );
  }
  return [];
}

function resolve(document: OpenApiDocument, schema: Schema): Schema {
  if (schema.$ref) {
    return resolve(document, document.components.schemas[schema.$ref.replace('#/components/schemas/', '')]);
  }
  if (schema.allOf?.length === 1) {
    return resolve(document, schema.allOf[0]);
  }
  return schema;
}

/** Where a body lacks a property its schema requires (nested objects and each item of arrays too). */
function missingRequired(document: OpenApiDocument, schema: Schema, value: unknown, at = '$'): string[] {
  const resolved = resolve(document, schema);
  if (value === null || value === undefined) {
    return [];
  }
  if (resolved.type === 'array' && resolved.items && Array.isArray(value)) {
    return value.flatMap((item, index) => missingRequired(document, resolved.items!, item, `${at}[${index}]`));
  }
  if (resolved.properties && typeof value === 'object') {
    const body = value as Json;
    const missing = (resolved.required ?? []).filter((name) => !(name in body)).map((name) => `${at}.${name}`);
    return [
      ...missing,
      ...Object.entries(resolved.properties).flatMap(([name, property]) =>
        name in body ? missingRequired(document, property, body[name], `${at}.${name}`) : [],
      ),
    ];
  }
  return [];
}

describe('API v1 (/api/v1) and its OpenAPI description', () => {
  let testApp: TestApp;
  let app: INestApplication<Server>;
  let document: OpenApiDocument;
  let cheshireToken: string;
  let inspectorToken: string;
  let cheshireSession: Awaited<ReturnType<typeof signIn>>;
  let cheshireUsername: string;

  beforeAll(async () => {
    testApp = await createTestApp();
    app = testApp.app;
    await recordSecondForceReport(app);
    const cheshireUser = await createUser(app, 'force_staff', {
      forceCode: SECOND_FORCE.code,
      team: SECOND_FORCE.team,
    });
    cheshireUsername = cheshireUser.username;
    cheshireSession = await signIn(app, cheshireUser);
    cheshireToken = await makeApiToken(cheshireSession, { name: 'Cheshire tracker sync', scope: 'read_write' });
    inspectorToken = await makeApiToken(await signIn(app, await createUser(app, 'inspector')), { name: 'Inspector' });
    document = (await request(app.getHttpServer()).get('/api/v1/openapi.json').expect(200)).body as OpenApiDocument;
  });

  afterAll(async () => {
    await testApp.close();
  });

  describe('the OpenAPI document', () => {
    it('is OpenAPI 3 whose every $ref resolves and every operation has responses', () => {
      expect(document.openapi).toMatch(/^3\.\d+\.\d+$/);
      expect(document.info).toMatchObject({ title: 'Inspection findings tracker API', version: '1' });
      const refs = refsIn(document);
      expect(refs.length).toBeGreaterThan(20);
      const unresolved = refs.filter(
        (ref) => !ref.startsWith('#/components/schemas/') || !(ref.split('/').pop()! in document.components.schemas),
      );
      expect(unresolved).toEqual([]);
      const operations = Object.entries(document.paths).flatMap(([path, item]) =>
        Object.entries(item)
          .filter(([method]) => METHODS.includes(method))
          .map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, operation })),
      );
      expect(operations.filter(({ operation }) => Object.keys(operation.responses ?? {}).length === 0)).toEqual([]);
      // Every path parameter a path names is declared, and operation ids are unique.
      for (const { route, operation } of operations) {
        const named = [...route.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
        const declared = (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
        expect({ route, declared: declared.sort() }).toEqual({ route, declared: named.sort() });
      }
      const ids = operations.map(({ operation }) => operation.operationId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(document.components.securitySchemes?.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    });

    it('describes the reads and the writes of /api/v1 only', () => {
      expect(Object.keys(document.paths).sort()).toEqual([
        '/api/v1/findings',
        '/api/v1/findings/{reference}',
        '/api/v1/findings/{reference}/actions',
        '/api/v1/findings/{reference}/actions/{actionId}',
        '/api/v1/findings/{reference}/evidence',
        '/api/v1/findings/{reference}/notes',
        '/api/v1/findings/{reference}/status',
        '/api/v1/reports',
        '/api/v1/reports/{key}',
      ]);
      const write = document.paths['/api/v1/findings/{reference}/status'].post;
      expect(write.parameters).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: 'If-Match', in: 'header', required: true })]),
      );
      expect(Object.keys(write.responses!)).toEqual(expect.arrayContaining(['200', '400', '412', '428']));
      expect(write.responses!['412'].content!['application/problem+json'].schema.$ref).toBe(
        '#/components/schemas/Problem',
      );
    });

    it('is shown by Swagger UI at /api/docs, from the app’s own files under its content security policy', async () => {
      const page = await request(app.getHttpServer()).get('/api/docs').expect(200).expect('Content-Type', /html/);
      expect(page.text).toContain('/vendor/swagger-ui/swagger-ui-bundle.js');
      expect(page.text).toContain('data-document-url="/api/v1/openapi.json"');
      expect(page.text).not.toMatch(/<script>|<style>/);
      expect(page.headers['content-security-policy']).toContain("script-src 'self'");
      expect(page.headers['content-security-policy']).not.toContain('unsafe-inline');
      await request(app.getHttpServer()).get('/vendor/swagger-ui/swagger-ui-bundle.js').expect(200);
      await request(app.getHttpServer()).get('/public/api-docs.js').expect(200);
    });
  });

  describe('every documented GET route answers as documented', () => {
    const values: Record<string, Record<string, string>> = {
      cheshire: { reference: SECOND_FORCE.reference, key: SECOND_FORCE.reportKey },
      inspector: { reference: 'DER-2025-AFI-01', key: 'der-2025-integrity' },
    };

    it.each(['cheshire', 'inspector'])('as %s', async (who) => {
      const token = who === 'cheshire' ? cheshireToken : inspectorToken;
      const walked: string[] = [];
      for (const [path, item] of Object.entries(document.paths)) {
        const operation = item.get;
        if (!operation) {
          continue;
        }
        const url = path.replace(/\{(\w+)\}/g, (_match, name: string) => encodeURIComponent(values[who][name]));
        const response = await script(app, token).get(url);
        expect({ url, status: response.status }).toEqual({ url, status: 200 });
        const schema = operation.responses!['200'].content!['application/json'].schema;
        expect({ url, missing: missingRequired(document, schema, response.body) }).toEqual({ url, missing: [] });
        walked.push(url);
      }
      expect(walked).toHaveLength(4);
    });
  });

  describe('reads', () => {
    it('lists findings with the page’s filters, counts and paging, within the reader’s force', async () => {
      const cheshire = (await script(app, cheshireToken).get('/api/v1/findings?kind=area_for_improvement').expect(200))
        .body as FindingsPage;
      expect(cheshire.total).toBe(1);
      expect(cheshire.items.map((item) => item.reference)).toEqual([SECOND_FORCE.reference]);
      expect(cheshire.items[0]).toMatchObject({
        title: SECOND_FORCE.title,
        status: 'in_progress',
        statusLabel: 'In progress',
        organisation: { code: SECOND_FORCE.code, name: SECOND_FORCE.name },
        url: `/api/v1/findings/${SECOND_FORCE.reference}`,
        report: { key: SECOND_FORCE.reportKey, url: `/api/v1/reports/${SECOND_FORCE.reportKey}` },
      });
      // Data, not presentation: no tag classes or page addresses.
      expect(JSON.stringify(cheshire)).not.toMatch(/govuk-|"href"/);

      const first = (await script(app, inspectorToken).get('/api/v1/findings?force=DER&sort=reference').expect(200))
        .body as FindingsPage;
      expect(first.total).toBeGreaterThan(first.pageSize);
      expect(first.items).toHaveLength(first.pageSize);
      expect(first.next).toBe('/api/v1/findings?force=DER&sort=reference&page=2');
      const second = (await script(app, inspectorToken).get(first.next!).expect(200)).body as FindingsPage;
      expect(second.page).toBe(2);
      expect(second.items[0].reference > first.items[first.items.length - 1].reference).toBe(true);
      expect(first.items.concat(second.items).every((item) => item.organisation?.code === 'DER')).toBe(true);
    });

    it('gives a finding with its lineage, history and ETag', async () => {
      const response = await script(app, inspectorToken).get('/api/v1/findings/DER-2025-AFI-01').expect(200);
      const finding = response.body as FindingDetail;
      expect(response.headers.etag).toBe(`"${finding.version}"`);
      const cited = finding.earlier.find((link) => link.type === 'cites')!;
      expect(cited.finding.reference).toBe('DER-NAT-2022-REC-01');
      expect(cited.latestAssessment!.verdict).toBe('not_implemented');
      expect(finding.sources[0].report.url).toBe('/api/v1/reports/der-2025-integrity');

      const report = (await script(app, cheshireToken).get(`/api/v1/reports/${SECOND_FORCE.reportKey}`).expect(200))
        .body as ReportDetail;
      expect(report.findings.map((item) => item.reference)).toContain(SECOND_FORCE.reference);
    });

    it('answers errors as problem details, with each field’s problem', async () => {
      const bad = await script(app, cheshireToken)
        .get('/api/v1/findings?year=twenty')
        .expect(400)
        .expect('Content-Type', /application\/problem\+json/);
      const problem = bad.body as Problem;
      expect(problem).toMatchObject({
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        instance: '/api/v1/findings',
      });
      expect(problem.detail).toContain('Year must be a year such as 2025');
      expect(problem.errors).toContainEqual({ field: 'year', message: 'Year must be a year such as 2025' });
      expect(problem.errors!.every((error) => error.field === 'year')).toBe(true);
      // Another force's finding does not exist for Cheshire.
      const other = await script(app, cheshireToken).get('/api/v1/findings/DER-2025-AFI-01').expect(404);
      expect(other.body).toMatchObject({
        status: 404,
        title: 'Not Found',
        instance: '/api/v1/findings/DER-2025-AFI-01',
      });
      const anonymous = await request(app.getHttpServer()).get('/api/v1/findings').expect(401);
      expect(anonymous.headers['www-authenticate']).toMatch(/^Bearer realm=/);
      expect((anonymous.body as Problem).status).toBe(401);
    });

    it('keeps the older /api routes as they were', async () => {
      const response = await cheshireSession.agent.get('/api/findings?kind=area_for_improvement').expect(200);
      expect((response.body as { total: number }).total).toBe(1);
    });
  });

  describe('writes, each naming the version it was made from', () => {
    const path = `/api/v1/findings/${SECOND_FORCE.reference}`;
    const current = async () => {
      const response = await script(app, cheshireToken).get(path).expect(200);
      return { finding: response.body as FindingDetail, etag: String(response.headers.etag) };
    };

    it('refuses a change without If-Match (428) or from an older version (412), changing nothing', async () => {
      const before = await current();
      const missing = await script(app, cheshireToken).post(`${path}/notes`).send({ commentary: 'No version' });
      expect(missing.status).toBe(428);
      expect((missing.body as Problem).detail).toContain('If-Match');
      const stale = await script(app, cheshireToken)
        .post(`${path}/notes`)
        .set('If-Match', `"${before.finding.version - 1}"`)
        .send({ commentary: 'An old version' });
      expect(stale.status).toBe(412);
      expect((stale.body as Problem).detail).toContain(`it is now ${before.etag}`);
      const after = await current();
      expect(after.etag).toBe(before.etag);
      expect(after.finding.history).toHaveLength(before.finding.history.length);
    });

    it('adds a note, an action, an evidence link, changes the action and claims the finding, as on the page', async () => {
      let { etag } = await current();
      const note = await script(app, cheshireToken)
        .post(`${path}/notes`)
        .set('If-Match', etag)
        .send({ commentary: 'Backlog down to 40 renewals.' })
        .expect(201);
      expect((note.body as FindingDetail).history[0]).toMatchObject({
        type: 'progress_note',
        commentary: 'Backlog down to 40 renewals.',
        author: cheshireUsername,
      });
      expect(note.headers.etag).not.toBe(etag);
      etag = String(note.headers.etag);

      const action = await script(app, cheshireToken)
        .post(`${path}/actions`)
        .set('If-Match', etag)
        .send({
          description: 'Weekly backlog report to the chief officer group',
          status: 'not_started',
          dueDate: '2026-06-30',
        })
        .expect(201);
      const added = (action.body as FindingDetail).actions.find((item) => item.description.startsWith('Weekly'))!;
      expect(added).toMatchObject({ status: 'not_started', dueDate: '2026-06-30' });
      etag = String(action.headers.etag);

      const changed = await script(app, cheshireToken)
        .post(`${path}/actions/${added.id}`)
        .set('If-Match', etag)
        .send({ status: 'done', note: 'First report sent' })
        .expect(200);
      expect((changed.body as FindingDetail).actions.find((item) => item.id === added.id)).toMatchObject({
        status: 'done',
        description: 'Weekly backlog report to the chief officer group',
        dueDate: '2026-06-30',
      });
      etag = String(changed.headers.etag);

      // A claim needs evidence: the page's rule, answered with the field's problem.
      const refused = await script(app, cheshireToken)
        .post(`${path}/status`)
        .set('If-Match', etag)
        .send({ transition: 'claim', commentary: 'Backlog cleared' })
        .expect(400);
      expect((refused.body as Problem).errors!.length).toBeGreaterThan(0);

      const evidence = await script(app, cheshireToken)
        .post(`${path}/evidence`)
        .set('If-Match', etag)
        .send({ title: 'Backlog plan', url: 'https://intranet.example.police.uk/vetting/backlog-plan' })
        .expect(201);
      expect((evidence.body as FindingDetail).evidence[0]).toMatchObject({
        kind: 'link',
        title: 'Backlog plan',
        url: 'https://intranet.example.police.uk/vetting/backlog-plan',
        reviewState: 'submitted',
      });
      etag = String(evidence.headers.etag);

      const claimed = await script(app, cheshireToken)
        .post(`${path}/status`)
        .set('If-Match', etag)
        .send({ transition: 'claim', commentary: 'Backlog cleared' })
        .expect(200);
      expect((claimed.body as FindingDetail).status).toBe('implemented');

      // The finding's page reads the same history.
      const page = await cheshireSession.agent.get(`/findings/${SECOND_FORCE.reference}`).expect(200);
      const text = mainText(page.text);
      expect(text).toContain('Backlog down to 40 renewals.');
      expect(text).toContain('Backlog plan');
      expect(text).toContain('Implemented');
    });

    it('refuses a bad body with each field’s problem, and another force’s finding as not found', async () => {
      const { etag } = await current();
      const empty = await script(app, cheshireToken)
        .post(`${path}/notes`)
        .set('If-Match', etag)
        .send({ commentary: ' ' });
      expect(empty.status).toBe(400);
      expect((empty.body as Problem).errors).toEqual([{ field: 'commentary', message: 'Enter the progress note' }]);
      const badLink = await script(app, cheshireToken)
        .post(`${path}/evidence`)
        .set('If-Match', etag)
        .send({ title: 'Plan', url: 'intranet/plan' });
      expect(badLink.status).toBe(400);
      expect((badLink.body as Problem).errors).toEqual([
        { field: 'url', message: 'Enter a web address starting with https:// or http://' },
      ]);
      const file = await script(app, cheshireToken)
        .post(`${path}/evidence`)
        .set('If-Match', etag)
        .send({ kind: 'file', title: 'Plan', url: 'https://intranet.example.police.uk/plan' });
      expect(file.status).toBe(400);
      const unknown = await script(app, cheshireToken)
        .post(`${path}/notes`)
        .set('If-Match', etag)
        .send({ commentary: 'x', version: 3 });
      expect(unknown.status).toBe(400);
      const other = await script(app, cheshireToken)
        .post('/api/v1/findings/DER-2025-AFI-01/notes')
        .set('If-Match', '"1"')
        .send({ commentary: 'Not ours' });
      expect(other.status).toBe(404);
    });

    it('takes a signed-in browser’s session with its CSRF header too', async () => {
      const { etag } = await current();
      await cheshireSession.agent
        .post(`${path}/notes`)
        .set('If-Match', etag)
        .send({ commentary: 'Without the CSRF header' })
        .expect(403);
      const response = await cheshireSession.agent
        .post(`${path}/notes`)
        .set('If-Match', etag)
        .set('x-csrf-token', cheshireSession.csrf)
        .send({ commentary: 'From the browser' })
        .expect(201);
      expect((response.body as FindingDetail).history[0].commentary).toBe('From the browser');
    });
  });
});
