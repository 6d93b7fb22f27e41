// The worker's housekeeping: expired sessions, invitations and revocations purged; signing keys
// rotated on schedule, tenant by tenant.
import { Module } from '@nestjs/common';
import { SigningKeysModule } from '../oauth/signing-keys.module';
import { MaintenanceProcessor } from './maintenance.processor';

@Module({ imports: [SigningKeysModule], providers: [MaintenanceProcessor] })
export class MaintenanceWorkerModule {}
