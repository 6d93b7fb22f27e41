import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { AppConfig, CONFIG } from '../config/config';
import {
  AUDIT_CHECKPOINT_JOB,
  AUDIT_QUEUE,
  AUDIT_RETENTION_JOB,
  MAINTENANCE_QUEUE,
  MCP_SYNC_QUEUE,
  PURGE_SESSIONS_JOB,
  ROTATE_KEYS_JOB,
  SYNC_ALL_JOB,
} from './queues';

/** Repeating jobs. Upserting a scheduler is idempotent: one schedule however many nodes start. */
@Injectable()
export class Schedules implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(MAINTENANCE_QUEUE) private readonly maintenance: Queue,
    @InjectQueue(MCP_SYNC_QUEUE) private readonly sync: Queue,
    @InjectQueue(AUDIT_QUEUE) private readonly audit: Queue,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.maintenance.upsertJobScheduler(
      'hourly-purge',
      { every: 3600_000 },
      { name: PURGE_SESSIONS_JOB },
    );
    await this.maintenance.upsertJobScheduler('key-rotation', { every: 60_000 }, { name: ROTATE_KEYS_JOB });
    await this.audit.upsertJobScheduler(
      'audit-checkpoint',
      { every: this.config.AUDIT_CHECKPOINT_INTERVAL_SEC * 1000 },
      { name: AUDIT_CHECKPOINT_JOB },
    );
    await this.audit.upsertJobScheduler(
      'audit-retention',
      { every: 3600_000 },
      { name: AUDIT_RETENTION_JOB },
    );
    await this.sync.upsertJobScheduler(
      'tool-sync',
      { every: this.config.TOOL_SYNC_INTERVAL_SEC * 1000 },
      { name: SYNC_ALL_JOB },
    );
  }
}
