import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { User } from '../users/user.entity';
import { AuthService } from './auth.service';
import { SessionMiddleware } from './session.middleware';
import { Session } from './session.entity';
import { SignInAttempt } from './sign-in-attempt.entity';
import { SignInController } from './sign-in.controller';

@Module({
  imports: [TypeOrmModule.forFeature([User, Session, SignInAttempt]), AuditModule],
  controllers: [SignInController],
  providers: [AuthService, SessionMiddleware],
  exports: [AuthService, SessionMiddleware],
})
export class AuthModule {}
