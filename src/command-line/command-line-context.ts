import { type DynamicModule, type INestApplicationContext, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FlashModule } from '../auth/flash-messages';
import { FormError } from '../common/form-error';
import { ConfigModule } from '../config/config.module';
import { DatabaseConnectionModule } from '../database/database-connection';
import { DatabaseModule } from '../database/database.module';
import { StartUpModule } from '../start-up/start-up.module';

/**
 * The root of a command line's application context: the environment, the database and its start-up
 * (migrations, default data, the first administrator, as `npm start` would do them), and only the
 * feature modules the command uses. The web's modules (pages, the API and its OpenAPI description, the
 * dashboard, the request pipeline) are left out: loading them would be most of a command's start time.
 * The features' own controllers still come with their modules, so the global modules their
 * constructors need (FlashMessages) are here too.
 */
@Module({})
export class CommandLineModule {
  static with(features: Type<unknown>[]): DynamicModule {
    return {
      module: CommandLineModule,
      imports: [ConfigModule, DatabaseConnectionModule, DatabaseModule, StartUpModule, FlashModule, ...features],
    };
  }
}

/** Starts a command line's context with these feature modules; close it when the command is done. */
export function createCommandLineContext(...features: Type<unknown>[]): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(CommandLineModule.with(features), { logger: ['error'] });
}

/**
 * Runs an import in a command line's context of these feature modules, closing it after: what `work` returns is the
 * exit code, and a refusal by the app's rules (a `FormError`) is one line on standard error and exit code 1.
 */
export async function importInCommandLineContext(
  features: Type<unknown>[],
  output: { stderr: (text: string) => void },
  work: (app: INestApplicationContext) => Promise<number>,
): Promise<number> {
  const app = await createCommandLineContext(...features);
  try {
    return await work(app);
  } catch (error) {
    if (error instanceof FormError) {
      output.stderr(`Cannot import: ${error.errors.map((refusal) => refusal.message).join('; ')}\n`);
      return 1;
    }
    throw error;
  } finally {
    await app.close();
  }
}
