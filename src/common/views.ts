import type { NestExpressApplication } from '@nestjs/platform-express';
import hbs from 'hbs';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from './project-root';
import { VIEW_HELPERS } from './view-helpers';

const VIEWS_DIR = join(PROJECT_ROOT, 'views');

/** Static assets: GOV.UK Frontend and MOJ Frontend from node_modules (no CDN), and the app's own. */
const STATIC_MOUNTS: Array<{ prefix: string; dir: string }> = [
  { prefix: '/assets', dir: join(PROJECT_ROOT, 'node_modules/govuk-frontend/dist/govuk/assets') },
  { prefix: '/assets', dir: join(PROJECT_ROOT, 'node_modules/@ministryofjustice/frontend/moj/assets') },
  { prefix: '/vendor/govuk', dir: join(PROJECT_ROOT, 'node_modules/govuk-frontend/dist/govuk') },
  { prefix: '/vendor/moj', dir: join(PROJECT_ROOT, 'node_modules/@ministryofjustice/frontend/moj') },
  { prefix: '/public', dir: join(PROJECT_ROOT, 'public') },
  // Swagger UI for /api/docs.
  { prefix: '/vendor/swagger-ui', dir: join(PROJECT_ROOT, 'node_modules/swagger-ui-dist') },
];

let partialsRegistered = false;

/** Sets up hbs views (layout, partials, helpers) and static assets on the Express app. */
export function configureViews(app: NestExpressApplication, cacheTemplates: boolean): void {
  for (const mount of STATIC_MOUNTS) {
    app.useStaticAssets(mount.dir, { prefix: mount.prefix, index: false, maxAge: cacheTemplates ? '1d' : 0 });
  }
  app.setBaseViewsDir(VIEWS_DIR);
  app.setViewEngine('hbs');
  app.set('view options', { layout: 'layouts/main' });
  // Templates are compiled once and kept in production; recompiled on each request in development.
  app.set('view cache', cacheTemplates);
  if (!partialsRegistered) {
    registerPartials(join(VIEWS_DIR, 'partials'));
    for (const [name, helper] of Object.entries(VIEW_HELPERS)) {
      hbs.registerHelper(name, helper);
    }
    partialsRegistered = true;
  }
}

/** Registers every views/partials/*.hbs synchronously (hbs's own registerPartials is asynchronous). */
function registerPartials(dir: string): void {
  for (const file of readdirSync(dir)) {
    if (file.endsWith('.hbs')) {
      hbs.registerPartial(file.slice(0, -'.hbs'.length), readFileSync(join(dir, file), 'utf8'));
    }
  }
}
