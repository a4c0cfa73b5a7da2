/**
 * The baseline of `npm run bench:pages`: the findings pages served by plain Express 5 + better-sqlite3 + Handlebars
 * (hbs) from the same SQLite file, with hand-written SQL and none of NestJS, TypeORM or class-validator. It does what
 * the app does for each request, so the two can be compared fairly: helmet's headers (the app's options), the
 * session cookie looked up by its SHA-256 with the user and force (activity recorded at most once a minute), the
 * read permission, validation of the query, the reader's scope, then the page rendered from the app's own templates
 * (views/, same layout, partials and helpers). The view models come from the app's pure functions (findingsListPage,
 * summariseFinding, findingPage, the search highlighting), so any difference in time is the stack's, and the HTML is
 * the same byte for byte (bench:pages checks it before timing).
 *
 * Pages: GET /findings (every filter but report; sorts; search ?q=), GET /api/findings, GET /findings/:reference
 * (bench/raw-pages.ts) and the dashboard GET / (?force=, bench/raw-pages.ts). Others: 404.
 *
 *   npx ts-node --transpile-only bench/raw-server.ts --data-dir DIR [--port 3002]
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import hbs from 'hbs';
import { PERMISSIONS, FORCE_ROLES, type Role } from '../src/access/roles';
import { readCookies, SESSION_COOKIE } from '../src/auth/cookies';
import { checkSession } from '../src/auth/session-expiry';
import { HELMET_OPTIONS } from '../src/configure-app';
import { todayIso } from '../src/common/dates';
import { VIEW_HELPERS } from '../src/common/view-helpers';
import { SQLITE_FILE_NAME } from '../src/database/data-source-options';
import { openSqlite, type SqliteStatement } from './sqlite';
import {
  dashboardModel,
  findingPageModel,
  RAISED_AGAIN_SQL,
  UNIMPLEMENTED_SQL,
  validateDashboardQuery,
} from './raw-pages';
import { FINDING_SORTS, type ListFindingsQuery } from '../src/findings/dto/list-findings.query';
import { FINDING_KINDS, FINDING_KIND_VALUES } from '../src/findings/finding-kind';
import { sqliteMatchQuery } from '../src/findings/finding-search';
import { FINDING_STATUSES, FINDING_STATUS_VALUES, type AssessmentVerdict } from '../src/findings/finding-status';
import { findingsListPage } from '../src/findings/findings-list.view';
import { PAGE_SIZE, summariseFinding } from '../src/findings/findings.service';
import { findingsUrl } from '../src/findings/findings-url';
import { latestAssessment } from '../src/findings/implementation-state';

const VIEWS_DIR = join(__dirname, '..', 'views');
const IDLE_MINUTES = Number(process.env.SESSION_IDLE_MINUTES ?? 30);

/** The ORDER BY of each sort (the app's SORT_COLUMNS, in SQL). */
const SORT_SQL: Record<(typeof FINDING_SORTS)[number], string[]> = {
  // Ties come in id order from the index walk, as in the app on SQLite (FindingsService.orderedIds()).
  report: ['r.display_order', 'f.position'],
  reference: ['f.reference'],
  title: ['f.title', 'f.reference'],
  kind: ['f.kind', 'f.reference'],
  status: ['f.status', 'f.reference'],
  owner: ['f.owner', 'f.reference'],
  target: ['f.target_date', 'f.reference'],
};

interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  forceId: number | null;
  forceCode: string | null;
  forceName: string | null;
  team: string | null;
  previousSignInAt: string | null;
}

type Locals = { user: SessionUser; scopeForceId: number | null };

/** Validates the list's query as ListFindingsQuery does (trimmed; empty is absent); the messages of the first error. */
function validateQuery(raw: Record<string, unknown>): { query: ListFindingsQuery } | { errors: string[] } {
  const query: Record<string, string | number> = {};
  const errors: string[] = [];
  const text = (name: string) => {
    const value = raw[name];
    if (typeof value !== 'string') {
      return value === undefined ? undefined : '\u0000';
    }
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  };
  const check = (name: string, valid: (value: string) => boolean, message: string, asNumber = false) => {
    const value = text(name);
    if (value === undefined) {
      return;
    }
    if (!valid(value)) {
      errors.push(message);
      return;
    }
    query[name] = asNumber ? Number(value) : value;
  };
  const whole = (low: number, high: number) => (value: string) =>
    Number.isInteger(Number(value)) && Number(value) >= low && Number(value) <= high;
  check('force', (value) => /^[A-Za-z]{2,8}$/.test(value), 'Force must be a force code such as DER');
  check('report', (value) => /^[a-z0-9-]{1,100}$/.test(value), 'Report must be a report identifier');
  check('year', whole(1990, 2100), 'Year must be between 1990 and 2100', true);
  check('kind', (value) => (FINDING_KIND_VALUES as string[]).includes(value), 'Kind is not known');
  check('status', (value) => [...FINDING_STATUS_VALUES, 'unimplemented'].includes(value), 'Status is not known');
  check('owner', (value) => value.length <= 200, 'Owner must be 200 characters or fewer');
  check('theme', (value) => value.length <= 80, 'Theme must be 80 characters or fewer');
  check('q', (value) => value.length <= 200, 'Search text must be 200 characters or fewer');
  check('raised', (value) => value === 'again', 'Raised must be again');
  check('sort', (value) => (FINDING_SORTS as readonly string[]).includes(value), 'Sort is not known');
  check('dir', (value) => value === 'asc' || value === 'desc', 'Direction must be asc or desc');
  check('page', whole(1, 100000), 'Page must be a whole number from 1', true);
  return errors.length > 0 ? { errors } : { query: query };
}

export function createRawServer(dataDir: string): { app: express.Express; close: () => void } {
  const db = openSqlite(resolve(dataDir, SQLITE_FILE_NAME));
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');

  const unreadQuery = db.prepare('SELECT COUNT(*) AS count FROM notifications WHERE user_id = ? AND read_at IS NULL');
  const sessionQuery = db.prepare(`SELECT s.id, s.csrf_token AS csrfToken, s.last_seen_at AS lastSeenAt,
      s.expires_at AS expiresAt, u.id AS userId, u.username, u.display_name AS displayName, u.role,
      u.force_id AS forceId, u.team, u.previous_sign_in_at AS previousSignInAt, u.disabled,
      fo.code AS forceCode, fo.name AS forceName
    FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN forces fo ON fo.id = u.force_id WHERE s.id = ?`);
  const touchSession = db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id = ?');
  const endSession = db.prepare('DELETE FROM sessions WHERE id = ?');

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(helmet(HELMET_OPTIONS));
  app.set('views', VIEWS_DIR);
  app.set('view engine', 'hbs');
  app.set('view options', { layout: 'layouts/main' });
  app.set('view cache', true);
  for (const file of readdirSync(join(VIEWS_DIR, 'partials'))) {
    if (file.endsWith('.hbs')) {
      hbs.registerPartial(file.slice(0, -4), readFileSync(join(VIEWS_DIR, 'partials', file), 'utf8'));
    }
  }
  for (const [name, helper] of Object.entries(VIEW_HELPERS)) {
    hbs.registerHelper(name, helper);
  }

  // The session: cookie token -> SHA-256 -> session, user and force; signed-in pages are never cached.
  app.use((request: Request, response: Response, next: NextFunction) => {
    const token = readCookies(request)[SESSION_COOKIE];
    if (token) {
      const id = createHash('sha256').update(token).digest('hex');
      const row = sessionQuery.get(id) as
        | (Omit<SessionUser, 'id'> & {
            userId: number;
            csrfToken: string;
            lastSeenAt: string;
            expiresAt: string;
            disabled: number;
          })
        | undefined;
      if (row) {
        const now = Date.now();
        const check = checkSession(row, now, IDLE_MINUTES);
        if (row.disabled || check === 'ended') {
          endSession.run(id);
        } else {
          if (check === 'record_activity') {
            touchSession.run(new Date(now).toISOString(), id);
          }
          const user: SessionUser = {
            id: row.userId,
            username: row.username,
            displayName: row.displayName,
            role: row.role,
            forceId: row.forceId,
            forceCode: row.forceCode,
            forceName: row.forceName,
            team: row.team,
            previousSignInAt: row.previousSignInAt,
          };
          response.setHeader('Cache-Control', 'no-store');
          response.locals.currentUser = user;
          response.locals.csrfToken = row.csrfToken;
          // The header's unread count, as the app's UnreadNotificationsMiddleware gives every rendered page.
          response.locals.unreadNotifications = (unreadQuery.get(row.userId) as { count: number }).count;
          (response.locals as Locals).user = user;
        }
      }
    }
    next();
  });

  /** The read permission and the reader's scope (a force role sees its own force only). */
  const readable = (request: Request, response: Response, next: NextFunction) => {
    const user = (response.locals as Partial<Locals>).user;
    if (!user) {
      response.redirect(303, `/sign-in?returnTo=${encodeURIComponent(request.originalUrl)}`);
      return;
    }
    if (!(PERMISSIONS.read as readonly string[]).includes(user.role)) {
      response.status(403).send('Forbidden');
      return;
    }
    (response.locals as Locals).scopeForceId = FORCE_ROLES.includes(user.role) ? (user.forceId ?? -1) : null;
    next();
  };

  /** The WHERE of the filtered findings (alias f) and its parameters; every filter reads findings alone. */
  const filters = (query: ListFindingsQuery, scopeForceId: number | null) => {
    const where = [scopeForceId === null ? 'f.force_id IS NOT NULL' : 'f.force_id = @scopeForceId'];
    const parameters: Record<string, string | number> = {};
    if (scopeForceId !== null) {
      parameters.scopeForceId = scopeForceId;
    }
    if (query.force) {
      where.push('f.force_id = (SELECT f0.id FROM forces f0 WHERE f0.code = @force)');
      parameters.force = query.force.toUpperCase();
    }
    if (query.year !== undefined) {
      where.push('f.year = @year');
      parameters.year = query.year;
    }
    if (query.kind) {
      where.push('f.kind = @kind');
      parameters.kind = query.kind;
    }
    if (query.raised === 'again') {
      where.push(RAISED_AGAIN_SQL);
    }
    if (query.status === 'unimplemented') {
      where.push(UNIMPLEMENTED_SQL);
    } else if (query.status) {
      where.push('f.status = @status');
      parameters.status = query.status;
    }
    if (query.owner) {
      where.push('f.owner = @owner');
      parameters.owner = query.owner;
    }
    if (query.theme) {
      where.push('f.theme = @theme');
      parameters.theme = query.theme;
    }
    if (query.q) {
      const match = sqliteMatchQuery(query.q);
      if (match === null) {
        where.push('1 = 0');
      } else {
        where.push('f.id IN (SELECT rowid FROM finding_search WHERE finding_search MATCH @searchQuery)');
        parameters.searchQuery = match;
      }
    }
    return { where: where.join(' AND '), parameters };
  };

  const statements = new Map<string, SqliteStatement>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };

  /** The list's data: total and breakdowns (one grouped query), the page of rows with report and force, contexts. */
  const list = (query: ListFindingsQuery, scopeForceId: number | null) => {
    const page = query.page ?? 1;
    const sort = query.sort ?? 'report';
    const direction = (query.dir ?? 'asc').toUpperCase();
    const { where, parameters } = filters(query, scopeForceId);
    const breakdown = prepared(
      `SELECT f.status AS status, f.kind AS kind, COUNT(*) AS count FROM findings f WHERE ${where} GROUP BY f.status, f.kind`,
    ).all(parameters) as Array<{ status: string; kind: string; count: number }>;
    const ranked = query.q && !query.sort && parameters.searchQuery !== undefined;
    // Searched with no order chosen: best matches first, then the (default) sort, as the app's query builder does.
    const order = [
      ...(ranked ? ['search_rank ASC'] : []),
      ...SORT_SQL[sort].map((column) => `${column} ${direction}`),
    ].join(', ');
    const rows = prepared(
      `SELECT f.id, f.reference, f.title, f.text, f.kind, f.status, f.owner, f.theme, f.target_date AS targetDate,
          f.year, f.example_data AS exampleData, r.key AS reportKey, r.title AS reportTitle, r.period AS reportPeriod,
          fo.code AS forceCode, fo.name AS forceName
          ${ranked ? ', search.rank AS search_rank' : ''}
        FROM findings f JOIN reports r ON r.id = f.report_id LEFT JOIN forces fo ON fo.id = f.force_id
          ${ranked ? 'JOIN (SELECT rowid AS id, bm25(finding_search, 10.0, 5.0, 1.0) AS rank FROM finding_search WHERE finding_search MATCH @searchQuery) search ON search.id = f.id' : ''}
        WHERE ${where} ORDER BY ${order} LIMIT ${PAGE_SIZE} OFFSET ${(page - 1) * PAGE_SIZE}`,
    ).all(parameters) as Array<Record<string, string | number | null>>;

    const ids = rows.map((row) => Number(row.id));
    const latest = new Map<number, ReturnType<typeof latestAssessment>>();
    const lastUpdate = new Map<number, string>();
    if (ids.length > 0) {
      const placeholders = ids.map(() => '?').join(', ');
      const assessments = prepared(
        `SELECT finding_id AS findingId, verdict, assessed_on AS assessedOn, created_at AS createdAt, force_id AS forceId
          FROM assessments WHERE finding_id IN (${placeholders})`,
      ).all(ids) as Array<{
        findingId: number;
        verdict: AssessmentVerdict;
        assessedOn: string | null;
        createdAt: string;
        forceId: number | null;
      }>;
      const byFinding = new Map<number, typeof assessments>();
      for (const row of assessments) {
        if (scopeForceId === null || row.forceId === null || row.forceId === scopeForceId) {
          byFinding.set(row.findingId, [...(byFinding.get(row.findingId) ?? []), row]);
        }
      }
      for (const [id, found] of byFinding) {
        latest.set(id, latestAssessment(found));
      }
      const updates = prepared(
        `SELECT finding_id AS findingId, MAX(created_at) AS lastUpdateAt FROM finding_updates
          WHERE finding_id IN (${placeholders}) GROUP BY finding_id`,
      ).all(ids) as Array<{ findingId: number; lastUpdateAt: string }>;
      for (const row of updates) {
        lastUpdate.set(row.findingId, row.lastUpdateAt);
      }
    }
    const today = todayIso();
    const items = rows.map((row) => {
      const summary = summariseFinding(
        {
          reference: row.reference,
          title: row.title,
          kind: row.kind,
          status: row.status,
          owner: row.owner,
          theme: row.theme,
          targetDate: row.targetDate,
          year: row.year,
          exampleData: Boolean(row.exampleData),
          force: row.forceCode === null ? null : { code: row.forceCode, name: row.forceName },
          report:
            row.reportKey === null ? null : { key: row.reportKey, title: row.reportTitle, period: row.reportPeriod },
        } as never,
        {
          latest: (latest.get(Number(row.id)) ?? null) as never,
          lastUpdateAt: lastUpdate.get(Number(row.id)) ?? null,
          today,
        },
      );
      return { ...summary, text: query.q ? (row.text as string) : undefined };
    });

    const statusCounts = new Map<string, number>();
    const kindCounts = new Map<string, number>();
    let total = 0;
    for (const row of breakdown) {
      statusCounts.set(row.status, (statusCounts.get(row.status) ?? 0) + Number(row.count));
      kindCounts.set(row.kind, (kindCounts.get(row.kind) ?? 0) + Number(row.count));
      total += Number(row.count);
    }
    return {
      total,
      page,
      pageSize: PAGE_SIZE,
      pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
      sort,
      dir: query.dir ?? 'asc',
      items,
      countsByStatus: FINDING_STATUS_VALUES.map((status) => ({
        status,
        label: FINDING_STATUSES[status].label,
        count: statusCounts.get(status) ?? 0,
        href: findingsUrl(query, { status, page: undefined }),
      })),
      countsByKind: FINDING_KIND_VALUES.map((kind) => ({
        kind,
        label: FINDING_KINDS[kind].label,
        count: kindCounts.get(kind) ?? 0,
        href: findingsUrl(query, { kind, page: undefined }),
      })),
    };
  };

  /** The filters' choices within the scope (forces holding findings, reports, years, owners, themes). */
  const filterOptions = (scopeForceId: number | null) => {
    const scoped = scopeForceId === null ? 'f.force_id IS NOT NULL' : 'f.force_id = @scopeForceId';
    const parameters = scopeForceId === null ? {} : { scopeForceId };
    const forces = prepared(
      `SELECT code, name FROM forces fo WHERE EXISTS (SELECT 1 FROM findings f WHERE f.force_id = fo.id)
        AND ${scopeForceId === null ? '1 = 1' : 'fo.id = @scopeForceId'} ORDER BY fo.name`,
    ).all(parameters) as Array<{ code: string; name: string }>;
    const reports = prepared(
      `SELECT key, title, period FROM reports WHERE ${scopeForceId === null ? '1 = 1' : '(force_id = @scopeForceId OR force_id IS NULL)'}
        ORDER BY display_order ASC`,
    ).all(parameters) as Array<{ key: string; title: string; period: string }>;
    const distinct = (column: string, extra = '') =>
      (
        prepared(`SELECT DISTINCT f.${column} AS value FROM findings f WHERE ${scoped}${extra} ORDER BY value ASC`).all(
          parameters,
        ) as Array<{ value: string | number }>
      ).map((row) => ({ value: String(row.value), label: String(row.value) }));
    return {
      forces: forces.map((force) => ({ value: force.code, label: force.name })),
      reports: reports.map((report) => ({ value: report.key, label: `${report.title} (${report.period})` })),
      years: distinct('year'),
      kinds: FINDING_KIND_VALUES.map((kind) => ({ value: kind, label: FINDING_KINDS[kind].label })),
      statuses: [
        { value: 'unimplemented', label: 'Remains unimplemented' },
        ...FINDING_STATUS_VALUES.map((status) => ({ value: status, label: FINDING_STATUSES[status].label })),
      ],
      owners: distinct('owner', ' AND f.owner IS NOT NULL'),
      themes: distinct('theme'),
    };
  };

  const unsupported = (query: ListFindingsQuery) => query.report !== undefined;

  app.get('/findings', readable, (request, response) => {
    const checked = validateQuery(request.query);
    if ('errors' in checked || unsupported(checked.query)) {
      response
        .status('errors' in checked ? 400 : 501)
        .send('errors' in checked ? checked.errors.join('; ') : 'Not in the baseline');
      return;
    }
    const { scopeForceId } = response.locals as Locals;
    const result = list(checked.query, scopeForceId);
    response.render('findings/index', findingsListPage(checked.query, result, filterOptions(scopeForceId)));
  });

  app.get('/api/findings', readable, (request, response) => {
    const checked = validateQuery(request.query);
    if ('errors' in checked || unsupported(checked.query)) {
      response
        .status('errors' in checked ? 400 : 501)
        .json({ message: 'errors' in checked ? checked.errors : 'Not in the baseline' });
      return;
    }
    const { items, total, page, pageSize, pageCount, countsByStatus, countsByKind } = list(
      checked.query,
      (response.locals as Locals).scopeForceId,
    );
    response.json({
      total,
      page,
      pageSize,
      pageCount,
      countsByStatus: Object.fromEntries(countsByStatus.map((row) => [row.status, row.count])),
      countsByKind: Object.fromEntries(countsByKind.map((row) => [row.kind, row.count])),
      items,
    });
  });

  // A finding's page: any text is looked up (over 200 characters, or none the reader may open: 404).
  app.get('/findings/:reference', readable, (request, response) => {
    const reference = String(request.params.reference);
    const model =
      reference.length <= 200 ? findingPageModel(prepared, reference, (response.locals as Locals).user) : null;
    if (!model) {
      response.status(404).type('text/plain').send(`No finding has the reference ${reference}`);
      return;
    }
    response.render('findings/show', model);
  });

  // The dashboard: of the reader's scope, or of the organisation an all-forces reader chose (another force: 404).
  app.get('/', readable, (request, response) => {
    const checked = validateDashboardQuery(request.query);
    if ('errors' in checked) {
      response.status(400).send(checked.errors.join('; '));
      return;
    }
    const model = dashboardModel(prepared, (response.locals as Locals).user, checked.force);
    if (!model) {
      response.status(404).send(`No force has the code ${checked.force}`);
      return;
    }
    response.render('dashboard/index', model);
  });

  return { app, close: () => db.close() };
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

if (require.main === module) {
  const dataDir = resolve(argument('data-dir') ?? process.env.DATA_DIR ?? './data');
  const port = Number(argument('port') ?? process.env.PORT ?? 3002);
  const { app } = createRawServer(dataDir);
  app.listen(port, () => console.log(`Raw baseline serving ${dataDir} on http://localhost:${port}`));
}
