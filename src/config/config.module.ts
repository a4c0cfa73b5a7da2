import { Global, Module } from '@nestjs/common';
import { EnvironmentVariables, validateEnvironment } from './env.validation';

/** Provides the validated environment (EnvironmentVariables) to every module. */
@Global()
@Module({
  providers: [{ provide: EnvironmentVariables, useFactory: () => validateEnvironment(process.env) }],
  exports: [EnvironmentVariables],
})
export class ConfigModule {}
