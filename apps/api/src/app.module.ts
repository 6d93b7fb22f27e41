import { DynamicModule, Module, Provider } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { ZodSerializerInterceptor, ZodValidationPipe } from 'nestjs-zod';
import { RouteResponseInterceptor } from './common/route/route-response.interceptor';
import { AgentsController } from './agents/agents.controller';
import { AgentsService } from './agents/agents.service';
import { CredentialsService } from './agents/credentials.service';
import { ApiTokensController } from './api-tokens/api-tokens.controller';
import { ApiTokensService } from './api-tokens/api-tokens.service';
import { AuditService } from './audit/audit.service';
import { AuditController } from './audit/audit.controller';
import { AuditProcessor } from './audit/audit.processor';
import { AuditStatsService } from './audit/audit-stats.service';
import { AuditTrailService } from './audit/audit-trail.service';
import { SinksController } from './audit/sinks.controller';
import { SinksProcessor } from './audit/sinks.processor';
import { SinksService } from './audit/sinks.service';
import { SinkDelivery } from './audit/sink-delivery.service';
import { AuditSearch } from './audit/audit-search.service';
import { AuditAppender } from './audit/audit-append';
import { AuditLag } from './audit/audit-lag';
import { AuditMetrics } from './audit/audit-metrics';
import { AuditRelay } from './audit/audit-relay';
import { AuthController } from './auth/auth.controller';
import { AuthService } from './auth/auth.service';
import { AccessGuard, AuthenticationGuard, CsrfGuard } from './auth/guards';
import { SessionsService } from './auth/sessions.service';
import { IDENTITY_CONTROLLERS, IDENTITY_PROVIDERS } from './auth/identity.providers';
import { AdminTokenStrategy, LocalStrategy, SessionStrategy } from './auth/strategies';
import { ProblemFilter } from './common/problem.filter';
import { HealthController } from './health/health.controller';
import { CoreDeps, CoreModule } from './infra/core.module';
import { MembersController } from './members/members.controller';
import { MembersService } from './members/members.service';
import { ClientRegistry } from './oauth/client-registry';
import { ClientAuthThrottle } from './oauth/failure-throttle';
import { OAuthRoutes } from './oauth/oauth.routes';
import { SigningKeysController } from './oauth/signing-keys.controller';
import { SigningKeysService } from './oauth/signing-keys.service';
import { TenantDirectory } from './oauth/tenant-directory';
import { TokenState } from './oauth/token-state';
import { TokenService } from './oauth/token.service';
import { MaintenanceProcessor } from './queue/maintenance.processor';
import { QueueModule } from './queue/queue.module';
import { Schedules } from './queue/schedules';
import { ServersController } from './servers/servers.controller';
import { ServersService } from './servers/servers.service';
import { SyncProcessor } from './servers/sync.processor';
import { TenantsController } from './tenants/tenants.controller';
import { PoliciesController } from './policies/policies.controller';
import { PoliciesService } from './policies/policies.service';
import { PolicyLab } from './policies/policy-lab.service';
import { PolicyRuntime } from './policies/policy-runtime';
import { ApiKeyDirectory } from './gateway/api-keys';
import { CallerResolver } from './gateway/caller';
import { GatewayCalls } from './gateway/gateway-calls';
import { GatewayRoutes } from './gateway/gateway.routes';
import { PolicyGate } from './gateway/policy-gate';
import { ServerDirectory } from './gateway/server-directory';
import { GatewaySessions } from './gateway/sessions';
import { ToolQuarantine } from './gateway/tool-quarantine';
import { TokenVerifier } from './gateway/token-verifier';
import { UpstreamClient } from './gateway/upstream-client';
import { TenantsService } from './tenants/tenants.service';
import { JobsController } from './jobs/jobs.controller';
import { JobsProcessor } from './jobs/jobs.processor';
import { JobsService } from './jobs/jobs.service';
import { PEOPLE_CONTROLLERS, PEOPLE_PROVIDERS } from './people/people.providers';
import { GovernanceModule } from './governance/governance.module';

/** Background processors and schedules: only in processes that run the worker. */
const WORKER: Provider[] = [MaintenanceProcessor, SyncProcessor, AuditProcessor, SinksProcessor, JobsProcessor, Schedules, AuditRelay];

@Module({})
export class AppModule {
  static register(deps: CoreDeps): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.register(deps), PassportModule, QueueModule.register(), GovernanceModule],
      controllers: [
        HealthController, AuthController, TenantsController, MembersController, ApiTokensController, ServersController,
        AgentsController, SigningKeysController, AuditController, PoliciesController, SinksController, JobsController, ...IDENTITY_CONTROLLERS,
        ...PEOPLE_CONTROLLERS,
      ],
      providers: [
        // Order matters: who you are, then CSRF for cookie writes, then what your role allows.
        { provide: APP_GUARD, useClass: AuthenticationGuard },
        { provide: APP_GUARD, useClass: CsrfGuard },
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_PIPE, useClass: ZodValidationPipe },
        { provide: APP_INTERCEPTOR, useClass: ZodSerializerInterceptor },
        { provide: APP_INTERCEPTOR, useClass: RouteResponseInterceptor },
        { provide: APP_FILTER, useClass: ProblemFilter },
        ...IDENTITY_PROVIDERS,
        LocalStrategy, SessionStrategy, AdminTokenStrategy, SessionsService, AuthService, TenantsService,
        MembersService, ApiTokensService, AuditService, ServersService, AgentsService, CredentialsService,
        SigningKeysService, ClientRegistry, TenantDirectory, TokenService, TokenState, ClientAuthThrottle, OAuthRoutes,
        ApiKeyDirectory, CallerResolver, GatewayCalls, GatewayRoutes, ServerDirectory, GatewaySessions, ToolQuarantine, TokenVerifier,
        UpstreamClient, AuditTrailService, AuditSearch, AuditStatsService, PoliciesService, PolicyLab, PolicyRuntime, PolicyGate, SinksService, SinkDelivery, JobsService,
        AuditAppender, AuditMetrics, AuditLag,
        ...PEOPLE_PROVIDERS,
        ...(deps.config.RUN_WORKER ? WORKER : []),
      ],
    };
  }
}
