import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { validateEnvironment } from './src/config/env.validation';
import { buildDataSourceOptions } from './src/database/data-source-options';

/** The DataSource for the TypeORM CLI (npm run migration:*), sharing its options with the app. */
export default new DataSource(buildDataSourceOptions(validateEnvironment(process.env)));
