import { Body, Controller, Get, Param, Post, Query, Render, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { FlashMessages } from '../auth/flash-messages';
import { Allow } from '../access/allow.decorator';
import { type Actor, type CurrentUser, RequestActor, User } from '../access/current-user';
import { FormPage } from '../common/form-page';
import { AddTeamDto, TeamParams, TeamsQuery } from './dto/teams.dto';
import { TeamPages } from './team-pages';
import { TeamsService } from './teams.service';

/**
 * `/teams`: the teams of the reader's force (inspectors and administrators choose the force). Everyone who reads the
 * tracker may read the list, as owners are chosen from it; force leads (their own force's) and administrators add and
 * retire teams.
 */
@Controller('teams')
export class TeamsController {
  constructor(
    private readonly teams: TeamsService,
    private readonly pages: TeamPages,
    private readonly flash: FlashMessages,
  ) {}

  @Get()
  @Allow('read')
  @Render('teams/index')
  index(@User() user: CurrentUser, @Query() query: TeamsQuery) {
    return this.pages.page(user, query.force, {}, null);
  }

  @Post()
  @Allow('manageUsers')
  @FormPage(TeamPages, 'new')
  async add(@Body() dto: AddTeamDto, @RequestActor() actor: Actor, @Req() request: Request, @Res() response: Response) {
    const force = await this.teams.forceFor(actor.user, dto.force);
    const team = await this.teams.add(force, dto.name, actor);
    await this.flash.set(request, `Team added: ${team.name}`);
    response.redirect(303, `/teams?force=${encodeURIComponent(force.code)}`);
  }

  @Post(':id/retire')
  @Allow('manageUsers')
  async retire(
    @Param() params: TeamParams,
    @RequestActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    const force = await this.teams.retire(params.id, actor);
    await this.flash.set(request, 'Team retired');
    response.redirect(303, `/teams?force=${encodeURIComponent(force.code)}`);
  }
}
