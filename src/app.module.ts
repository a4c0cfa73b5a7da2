import { Module, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { HttpErrorFilter } from './common/http-error.filter';
import { ConfigModule } from './config/config.module';
import { EnvironmentVariables } from './config/env.validation';
import { DashboardModule } from './dashboard/dashboard.module';
import { buildDataSourceOptions } from './database/data-source-options';
import { DefaultDataModule } from './default-data/default-data.module';
import { FindingsModule } from './findings/findings.module';
import { ReportsModule } from './reports/reports.module';

@Module({
  imports: [
    ConfigModule,
    TypeOrmModule.forRootAsync({
      inject: [EnvironmentVariables],
      // Pending migrations run at start; the schema never comes from synchronize.
      useFactory: (env: EnvironmentVariables) => ({ ...buildDataSourceOptions(env), migrationsRun: true }),
    }),
    DefaultDataModule,
    FindingsModule,
    ReportsModule,
    DashboardModule,
  ],
  providers: [
    {
      provide: APP_PIPE,
      useValue: new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }),
    },
    { provide: APP_FILTER, useClass: HttpErrorFilter },
  ],
})
export class AppModule {}
