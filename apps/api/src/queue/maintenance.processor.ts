import { Inject, Logger } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { Db } from '@portcullis/db';
import { DB } from '../infra/database';
import { MAINTENANCE_QUEUE, PURGE_SESSIONS_JOB } from './queues';

/** Deletes sessions and invitations that can no longer be used, so the tables stay small. */
export async function purgeExpired(db: Db, now = new Date()): Promise<{ sessions: number; invitations: number }> {
  const dayAgo = new Date(now.getTime() - 24 * 3600 * 1000);
  const sessions = await db.session.deleteMany({
    where: { OR: [{ expiresAt: { lt: now } }, { revokedAt: { lt: dayAgo } }] },
  });
  const invitations = await db.invitation.deleteMany({
    where: { OR: [{ expiresAt: { lt: dayAgo } }, { revokedAt: { lt: dayAgo } }] },
  });
  return { sessions: sessions.count, invitations: invitations.count };
}

@Processor(MAINTENANCE_QUEUE)
export class MaintenanceProcessor extends WorkerHost {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(@Inject(DB) private readonly db: Db) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    if (job.name !== PURGE_SESSIONS_JOB) throw new Error(`unknown job ${job.name}`);
    const purged = await purgeExpired(this.db);
    this.logger.log({ purged }, 'purged expired sessions and invitations');
    return purged;
  }
}
