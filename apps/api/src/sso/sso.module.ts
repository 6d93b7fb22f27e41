import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { SsoConnections } from './sso-connections.service';
import { SsoController } from './sso.controller';
import { SsoSignIn } from './sso-signin.service';

@Module({
  imports: [AuditModule, AuthModule],
  controllers: [SsoController],
  providers: [SsoConnections, SsoSignIn],
})
export class SsoModule {}
