import { Global, Module } from '@nestjs/common';
import { WriteTransactions } from './write-transactions';

@Global()
@Module({ providers: [WriteTransactions], exports: [WriteTransactions] })
export class DatabaseModule {}
