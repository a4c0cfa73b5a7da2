import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { describeApi } from './api/api.module';
import { configureViews } from './common/views';
import { trustProxySetting, type EnvironmentVariables } from './config/env.validation';

/** The security headers every response carries (the benchmark's raw server sends the same). */
export const HELMET_OPTIONS: Parameters<typeof helmet>[0] = {
  // Only the app's own scripts, styles, fonts and images; no inline script or style.
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'self'"],
      objectSrc: ["'none'"],
    },
  },
  // HSTS only matters over TLS, which a proxy in front of the app provides.
  strictTransportSecurity: false,
};

/** Everything the HTTP app needs beyond its modules; shared by main.ts and the test app. */
export function configureApp(app: NestExpressApplication, env: EnvironmentVariables): void {
  app.disable('x-powered-by');
  // Behind a reverse proxy, name it (TRUST_PROXY) so rate limits see real client addresses.
  app.set('trust proxy', trustProxySetting(env.TRUST_PROXY));
  app.use(helmet(HELMET_OPTIONS));
  // Forms: a board pack's save form has a commentary box for each finding of the pack, thousands for a large force
  // (the parser's default is 1,000 fields and 100 KB). Registered here, it replaces the default urlencoded parser.
  app.useBodyParser('urlencoded', { extended: true, parameterLimit: 20_000, limit: '5mb' });
  configureViews(app, env.NODE_ENV !== 'development');
  describeApi(app);
}
