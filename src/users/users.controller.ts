import { Body, Controller, ForbiddenException, Get, Param, Post, Render, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Allow } from '../access/allow.decorator';
import { type Actor, type CurrentUser, RequestActor, User } from '../access/current-user';
import { ROLES } from '../access/roles';
import { FormError } from '../common/form-error';
import { FormPage } from '../common/form-page';
import { CreateUserDto, UsernameParams } from './dto/create-user.dto';
import { newUserPage, UserFormPages } from './user-form-pages';
import { assignableRoles, forceOfNewUser, managedForce, mayManageAccount } from './user-management';
import { UsersService } from './users.service';

@Controller('users')
@Allow('manageUsers')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Render('users/index')
  async index(@User() user: CurrentUser) {
    const list = await this.users.list(managedForce(user));
    return {
      pageTitle: 'Users',
      nav: 'users',
      users: list.map((item) => ({
        username: item.username,
        displayName: item.displayName,
        roleLabel: ROLES[item.role].label,
        force: item.force?.name ?? '—',
        team: item.team ?? '—',
        disabled: item.disabled,
        lastSignInAt: item.lastSignInAt,
        mayChange: item.username !== user.username,
      })),
    };
  }

  @Get('new')
  @Render('users/new')
  newUser(@User() user: CurrentUser) {
    return newUserPage(user, {}, null);
  }

  @Post()
  @FormPage(UserFormPages, 'new')
  async create(@Body() dto: CreateUserDto, @RequestActor() actor: Actor, @Res() response: Response) {
    if (!assignableRoles(actor.user).includes(dto.role)) {
      throw new FormError([{ field: 'role', message: 'You cannot give that role' }]);
    }
    await this.users.create(
      { ...dto, forceCode: forceOfNewUser(actor.user, dto.role, dto.forceCode) },
      { username: actor.user.username, ip: actor.ip },
    );
    response.redirect(303, '/users');
  }

  @Post(':username/disable')
  async disable(@Param() params: UsernameParams, @RequestActor() actor: Actor, @Res() response: Response) {
    await this.assertMayManage(actor.user, params.username);
    await this.users.setDisabled(params.username, true, { username: actor.user.username, ip: actor.ip });
    response.redirect(303, '/users');
  }

  @Post(':username/enable')
  async enable(@Param() params: UsernameParams, @RequestActor() actor: Actor, @Res() response: Response) {
    await this.assertMayManage(actor.user, params.username);
    await this.users.setDisabled(params.username, false, { username: actor.user.username, ip: actor.ip });
    response.redirect(303, '/users');
  }

  /** A lead manages only their own force's accounts; nobody disables themselves. */
  private async assertMayManage(user: CurrentUser, username: string): Promise<void> {
    const target = await this.users.findByUsername(username);
    if (!target || !mayManageAccount(user, target)) {
      throw new ForbiddenException('You can only manage your own force’s users');
    }
    if (target.username === user.username) {
      throw new ForbiddenException('You cannot disable your own account');
    }
  }
}
