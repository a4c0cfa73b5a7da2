import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { configureApp } from './configure-app';
import {
  EnvironmentVariables,
  InvalidEnvironmentError,
  listenError,
  serviceUrl,
  validateEnvironment,
} from './config/env.validation';

async function bootstrap(): Promise<void> {
  let env: EnvironmentVariables;
  try {
    env = validateEnvironment(process.env);
  } catch (error) {
    if (error instanceof InvalidEnvironmentError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const app = await NestFactory.create<NestExpressApplication>(AppModule);
  configureApp(app, env);
  app.enableShutdownHooks();
  try {
    // HOST unset: every interface (IPv6 and IPv4), as Node listens by default.
    await (env.HOST ? app.listen(env.PORT, env.HOST) : app.listen(env.PORT));
  } catch (error) {
    throw listenError(error, env);
  }
  new Logger('Tracker').log(
    `Serving on ${serviceUrl(env)} (${env.HOST ? `listening on ${env.HOST}` : 'listening on every interface'}; ` +
      `${env.DATABASE_URL ? 'PostgreSQL' : 'SQLite in ' + env.DATA_DIR})`,
  );
}

bootstrap().catch((error: unknown) => {
  // A setting found wrong while starting (ADMIN_PASSWORD refused by the password rules):
  // say which, without a stack trace.
  if (error instanceof InvalidEnvironmentError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
});
