import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { Force } from '../forces/force.entity';
import { User } from './user.entity';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([User, Force]), AuditModule],
  providers: [UsersService],
  exports: [UsersService],
})
export class UsersModule {}
