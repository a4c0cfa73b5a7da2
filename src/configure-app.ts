import type { NestExpressApplication } from '@nestjs/platform-express';
import type { EnvironmentVariables } from './config/env.validation';
import { configureViews } from './common/views';

/** Everything the HTTP app needs beyond its modules; shared by main.ts and the test app. */
export function configureApp(app: NestExpressApplication, env: EnvironmentVariables): void {
  app.disable('x-powered-by');
  configureViews(app, env.NODE_ENV !== 'development');
}
