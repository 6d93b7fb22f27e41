import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { ZodSerializerInterceptor, ZodValidationPipe } from 'nestjs-zod';
import { ApiTokensController } from './api-tokens/api-tokens.controller';
import { ApiTokensService } from './api-tokens/api-tokens.service';
import { AuthController } from './auth/auth.controller';
import { AuthService } from './auth/auth.service';
import { AccessGuard, AuthenticationGuard, CsrfGuard } from './auth/guards';
import { SessionsService } from './auth/sessions.service';
import { SignInThrottle } from './auth/signin-throttle';
import { AdminTokenStrategy, LocalStrategy, SessionStrategy } from './auth/strategies';
import { ProblemFilter } from './common/problem.filter';
import { HealthController } from './health/health.controller';
import { CoreDeps, CoreModule } from './infra/core.module';
import { MembersController } from './members/members.controller';
import { MembersService } from './members/members.service';
import { QueueModule } from './queue/queue.module';
import { TenantsController } from './tenants/tenants.controller';
import { TenantsService } from './tenants/tenants.service';

@Module({})
export class AppModule {
  static register(deps: CoreDeps): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.register(deps), PassportModule, QueueModule.register(deps.config.RUN_WORKER)],
      controllers: [HealthController, AuthController, TenantsController, MembersController, ApiTokensController],
      providers: [
        // Order matters: who you are, then CSRF for cookie writes, then what your role allows.
        { provide: APP_GUARD, useClass: AuthenticationGuard },
        { provide: APP_GUARD, useClass: CsrfGuard },
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_PIPE, useClass: ZodValidationPipe },
        { provide: APP_INTERCEPTOR, useClass: ZodSerializerInterceptor },
        { provide: APP_FILTER, useClass: ProblemFilter },
        LocalStrategy,
        SessionStrategy,
        AdminTokenStrategy,
        SignInThrottle,
        SessionsService,
        AuthService,
        TenantsService,
        MembersService,
        ApiTokensService,
      ],
    };
  }
}
