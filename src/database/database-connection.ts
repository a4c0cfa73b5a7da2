import { TypeOrmModule } from '@nestjs/typeorm';
import { EnvironmentVariables } from '../config/env.validation';
import { buildDataSourceOptions } from './data-source-options';

/**
 * The connection to the tracker's database (SQLite in DATA_DIR, or PostgreSQL at DATABASE_URL), for the
 * web app's AppModule and the command lines' context alike. The schema never comes from synchronize:
 * pending migrations run at start in DatabaseStartup (StartUpModule), under a lock shared by every
 * instance on the database, not here.
 */
export const DatabaseConnectionModule = TypeOrmModule.forRootAsync({
  inject: [EnvironmentVariables],
  useFactory: (env: EnvironmentVariables) => buildDataSourceOptions(env),
});
