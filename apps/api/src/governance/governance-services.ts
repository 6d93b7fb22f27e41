// The services whose create/update/delete an apply reuses. They are AppModule's providers today
// (no feature module exports them yet), so they are found in the application's container once
// it is built; when the features become modules, GovernanceModule imports them instead.
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { AgentsService } from '../agents/agents.service';
import { SinksService } from '../audit/sinks.service';
import { PoliciesService } from '../policies/policies.service';
import { ServersService } from '../servers/servers.service';
import type { Services } from './apply';

@Injectable()
export class GovernanceServices implements OnModuleInit {
  private services?: Services;
  constructor(private readonly moduleRef: ModuleRef) {}

  onModuleInit(): void {
    const find = <T>(type: new (...args: never[]) => T) => this.moduleRef.get(type, { strict: false });
    this.services = { servers: find(ServersService), agents: find(AgentsService), policies: find(PoliciesService), sinks: find(SinksService) };
  }

  get(): Services {
    if (!this.services) throw new Error('GovernanceServices used before the application started');
    return this.services;
  }
}
