// The MCP gateway: who is calling (token, API key), which server, the message pipeline through
// policies and guardrails to the upstream, and the record of each call.
import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { OAuthModule } from '../oauth/oauth.module';
import { SigningKeysModule } from '../oauth/signing-keys.module';
import { PoliciesModule } from '../policies/policies.module';
import { ServersModule } from '../servers/servers.module';
import { ApiKeyDirectory } from './api-keys';
import { CallerResolver } from './caller';
import { GatewayCalls } from './gateway-calls';
import { GatewayRoutes } from './gateway.routes';
import { PolicyGate } from './policy-gate';
import { ServerDirectory } from './server-directory';
import { GatewaySessions } from './sessions';
import { ToolQuarantine } from './tool-quarantine';
import { TokenVerifier } from './token-verifier';
import { UpstreamClient } from './upstream-client';

@Module({
  imports: [AuditModule, OAuthModule, SigningKeysModule, PoliciesModule, ServersModule],
  providers: [
    ApiKeyDirectory,
    CallerResolver,
    GatewayCalls,
    GatewayRoutes,
    PolicyGate,
    ServerDirectory,
    GatewaySessions,
    ToolQuarantine,
    TokenVerifier,
    UpstreamClient,
  ],
})
export class GatewayModule {}
