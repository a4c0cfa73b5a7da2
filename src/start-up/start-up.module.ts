import { Global, Module } from '@nestjs/common';
import { DefaultDataModule } from '../default-data/default-data.module';
import { UsersModule } from '../users/users.module';
import { DatabaseStartup } from './database-startup.service';

/**
 * Prepares the database at start: migrations, the default data and the first administrator.
 * Global for one reason: NestJS runs the start-up hooks of global modules before those of the
 * others, so any other module's hook finds the schema migrated. It exports nothing.
 */
@Global()
@Module({
  imports: [DefaultDataModule, UsersModule],
  providers: [DatabaseStartup],
})
export class StartUpModule {}
