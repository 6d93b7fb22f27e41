import { Inject, Logger } from '@nestjs/common';
import { Processor } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { Db } from '@portcullis/db';
import { PLATFORM_DB, PlatformDb } from '../infra/database';
import { SigningKeysService } from '../oauth/signing-keys.service';
import { MAINTENANCE_QUEUE, PURGE_SESSIONS_JOB, ROTATE_KEYS_JOB } from '../queue/queues';
import { QueueWorker } from '../queue/queue-errors';

/** Deletes sessions, invitations and revocations that can no longer matter, so the tables stay small. */
export async function purgeExpired(
  db: Db,
  now = new Date(),
): Promise<{ sessions: number; invitations: number; revokedTokens: number }> {
  const dayAgo = new Date(now.getTime() - 24 * 3600 * 1000);
  const sessions = await db.session.deleteMany({
    where: { OR: [{ expiresAt: { lt: now } }, { revokedAt: { lt: dayAgo } }] },
  });
  const invitations = await db.invitation.deleteMany({
    where: { OR: [{ expiresAt: { lt: dayAgo } }, { revokedAt: { lt: dayAgo } }] },
  });
  // A revoked token past its expiry is refused for that reason alone.
  const revokedTokens = await db.revokedToken.deleteMany({ where: { expiresAt: { lt: now } } });
  return { sessions: sessions.count, invitations: invitations.count, revokedTokens: revokedTokens.count };
}

@Processor(MAINTENANCE_QUEUE)
export class MaintenanceProcessor extends QueueWorker {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(
    @Inject(PLATFORM_DB) private readonly db: PlatformDb,
    private readonly keys: SigningKeysService,
  ) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    if (job.name === PURGE_SESSIONS_JOB) {
      const purged = await purgeExpired(this.db);
      this.logger.log({ purged }, 'purged expired sessions and invitations');
      return purged;
    }
    if (job.name === ROTATE_KEYS_JOB) {
      // Scheduled rotation: promote pre-published keys, retire, drop expired; per tenant.
      const tenants = await this.db.signingKey.findMany({
        distinct: ['tenantId'],
        select: { tenantId: true },
      });
      let changed = 0;
      for (const { tenantId } of tenants) changed += (await this.keys.applyRotation(tenantId)).length;
      return { tenants: tenants.length, changed };
    }
    throw new Error(`unknown job ${job.name}`);
  }
}
