import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { Force } from '../reports/force.entity';
import { TeamPages } from './team-pages';
import { Team } from './team.entity';
import { TeamsController } from './teams.controller';
import { TeamsService } from './teams.service';

@Module({
  imports: [TypeOrmModule.forFeature([Team, Force]), AuditModule],
  controllers: [TeamsController],
  providers: [TeamsService, TeamPages],
  exports: [TeamsService],
})
export class TeamsModule {}
