import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { Force } from '../reports/force.entity';
import { User } from './user.entity';
import { UserFormPages } from './user-form-pages';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([User, Force]), AuditModule],
  controllers: [UsersController],
  providers: [UsersService, UserFormPages],
  exports: [UsersService],
})
export class UsersModule {}
