// Prometheus metrics of the audit trail, on the process registry (served at /metrics):
// - audit_lag_seconds: age of the oldest event not yet in the chain (this node's buffer, the
//   queue, the spool); 0 when none waits. /readyz fails past AUDIT_READY_MAX_LAG_SEC.
// - audit_events_rejected_total: events the database refused, recorded as audit.event_rejected.
// - audit_fast_appends_total: batches appended in one statement (AuditAppender's fast path).
// - audit_spool_bytes / audit_spool_files: what waits on this node's disk for the database.
// - audit_sink_deliveries_dead: sink deliveries that exhausted their retries (dead letters).
import { Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { Metrics } from '../infra/metrics';

/** Sources the gauges read on each scrape; registered by the services that own them. */
export interface AuditGaugeSources {
  lagSeconds(): Promise<number>;
  spool(): { bytes: number; files: number };
  deadDeliveries(): Promise<number>;
}

@Injectable()
export class AuditMetrics {
  readonly rejected: Counter;
  readonly fastAppends: Counter;
  private sources?: AuditGaugeSources;

  constructor(metrics: Metrics) {
    const registers = [metrics.registry];
    this.rejected = new Counter({
      name: 'audit_events_rejected_total',
      help: 'Audit events the database refused (recorded as audit.event_rejected)',
      registers,
    });
    this.fastAppends = new Counter({
      name: 'audit_fast_appends_total',
      help: 'Audit batches appended in one statement onto the chain head this node last wrote',
      registers,
    });
    // Read on each scrape from whoever registered the sources (nothing before they have).
    const gauge = (name: string, help: string, read: (s: AuditGaugeSources) => number | Promise<number>) => {
      const sources = () => this.sources;
      new Gauge({
        name,
        help,
        registers,
        async collect() {
          const s = sources();
          if (s) this.set(await read(s));
        },
      });
    };
    gauge(
      'audit_lag_seconds',
      'Age of the oldest audit event not yet in the chain (0 when none waits)',
      (s) => s.lagSeconds(),
    );
    gauge(
      'audit_spool_bytes',
      'Bytes of audit events spooled on this node, waiting for the database',
      (s) => s.spool().bytes,
    );
    gauge(
      'audit_spool_files',
      'Audit spool files on this node waiting to be replayed',
      (s) => s.spool().files,
    );
    gauge(
      'audit_sink_deliveries_dead',
      'Audit sink deliveries that exhausted their retries (dead letters)',
      (s) => s.deadDeliveries(),
    );
  }

  register(sources: AuditGaugeSources): void {
    this.sources = sources;
  }
}
