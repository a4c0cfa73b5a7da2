import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { refreshPlannerStatistics } from '../database/planner-statistics';
import { withStartupLock } from '../database/startup-lock';
import { DefaultDataService } from '../default-data/default-data.service';
import { UsersService } from '../users/users.service';

/**
 * What the app does to its database before it serves: runs pending migrations, loads the default
 * data into an empty database, creates the first administrator when there are no users and gives
 * SQLite's query planner its statistics.
 *
 * On PostgreSQL several instances may start at once on one database; the work is done under one
 * advisory lock, so the first instance does it and the others wait, then find it done (instead of
 * racing to create the same tables and rows). The app's DataSource therefore does not run
 * migrations itself (no `migrationsRun`): they run here, inside the lock, before any request is
 * served and before any other module's start-up hook reads the database.
 */
@Injectable()
export class DatabaseStartup implements OnModuleInit {
  private readonly logger = new Logger(DatabaseStartup.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly defaultData: DefaultDataService,
    private readonly users: UsersService,
  ) {}

  async onModuleInit(): Promise<void> {
    await withStartupLock(
      this.dataSource,
      async () => {
        const applied = await this.dataSource.runMigrations();
        if (applied.length > 0) {
          this.logger.log(`Applied ${applied.length} database migration${applied.length === 1 ? '' : 's'}`);
        }
        await this.defaultData.loadIfEmpty();
        await this.users.createFirstAdministrator();
        await refreshPlannerStatistics(this.dataSource, { migrated: applied.length > 0 });
      },
      () => this.logger.log('Another instance is preparing the database; waiting for it to finish'),
    );
  }
}
