import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { configureApp } from './configure-app';
import { EnvironmentVariables, InvalidEnvironmentError, validateEnvironment } from './config/env.validation';

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
  await app.listen(env.PORT);
  new Logger('Tracker').log(
    `Serving on http://localhost:${env.PORT} (${env.DATABASE_URL ? 'PostgreSQL' : 'SQLite in ' + env.DATA_DIR})`,
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
