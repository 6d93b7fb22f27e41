// A tenant's signing keys: used by the token endpoints, the gateway's verifier, the audit
// trail's checkpoints and the scheduled rotation.
import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { SigningKeysController } from './signing-keys.controller';
import { SigningKeysService } from './signing-keys.service';

@Module({
  imports: [AuditModule],
  controllers: [SigningKeysController],
  providers: [SigningKeysService],
  exports: [SigningKeysService],
})
export class SigningKeysModule {}
