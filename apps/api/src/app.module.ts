// The application: the platform core, the queues, and one module per feature. Each feature
// module names what it imports and exports; no feature folder depends on another in a circle
// (`pnpm lint` runs dependency-cruiser on it). Processors and schedules come with the worker.
import { DynamicModule, Module, Type } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { AgentsModule } from './agents/agents.module';
import { ApiTokensModule } from './api-tokens/api-tokens.module';
import { AuditModule, AuditWorkerModule } from './audit/audit.module';
import { AuditTrailModule, AuditTrailWorkerModule } from './audit-trail/audit-trail.module';
import { AuthModule } from './auth/auth.module';
import { RouteResponseInterceptor } from './common/route/route-response.interceptor';
import { ProblemFilter } from './common/problem.filter';
import { GatewayModule } from './gateway/gateway.module';
import { GovernanceModule } from './governance/governance.module';
import { HealthModule } from './health/health.module';
import { CoreDeps, CoreModule } from './infra/core.module';
import { JobsModule, JobsWorkerModule } from './jobs/jobs.module';
import { MaintenanceWorkerModule } from './maintenance/maintenance.module';
import { MembersModule } from './members/members.module';
import { OAuthModule } from './oauth/oauth.module';
import { SigningKeysModule } from './oauth/signing-keys.module';
import { PeopleModule } from './people/people.module';
import { PoliciesModule } from './policies/policies.module';
import { QueueModule, SchedulesWorkerModule } from './queue/queue.module';
import { ServersModule, ServersWorkerModule } from './servers/servers.module';
import { SsoModule } from './sso/sso.module';
import { TenantsModule } from './tenants/tenants.module';

const FEATURES: Type[] = [
  HealthModule,
  AuthModule,
  SsoModule,
  TenantsModule,
  MembersModule,
  ApiTokensModule,
  ServersModule,
  AgentsModule,
  SigningKeysModule,
  OAuthModule,
  PeopleModule,
  GatewayModule,
  PoliciesModule,
  AuditModule,
  AuditTrailModule,
  JobsModule,
  GovernanceModule,
];

/** Background processors and schedules: only in processes that run the worker. */
const WORKER: Type[] = [
  MaintenanceWorkerModule,
  ServersWorkerModule,
  AuditWorkerModule,
  AuditTrailWorkerModule,
  JobsWorkerModule,
  SchedulesWorkerModule,
];

@Module({})
export class AppModule {
  static register(deps: CoreDeps): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.register(deps),
        QueueModule.register(),
        ...FEATURES,
        ...(deps.config.RUN_WORKER ? WORKER : []),
      ],
      providers: [
        { provide: APP_INTERCEPTOR, useClass: RouteResponseInterceptor },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    };
  }
}
