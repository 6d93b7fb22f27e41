// Prometheus metrics of the audit trail, on the process registry (served at /metrics):
// - audit_lag_seconds: age of the oldest event not yet in the chain (this node's buffer, the
//   queue, the spool); 0 when none waits. /readyz fails past AUDIT_READY_MAX_LAG_SEC.
// - audit_events_rejected_total: events the database refused, recorded as audit.event_rejected.
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
  private sources?: AuditGaugeSources;

  constructor(metrics: Metrics) {
    const registers = [metrics.registry];
    const self = () => this.sources;
    this.rejected = new Counter({ name: 'audit_events_rejected_total', help: 'Audit events the database refused (recorded as audit.event_rejected)', registers });
    new Gauge({
      name: 'audit_lag_seconds',
      help: 'Age of the oldest audit event not yet in the chain (0 when none waits)',
      registers,
      async collect() {
        const s = self();
        if (s) this.set(await s.lagSeconds());
      },
    });
    new Gauge({
      name: 'audit_spool_bytes',
      help: 'Bytes of audit events spooled on this node, waiting for the database',
      registers,
      collect() {
        const s = self();
        if (s) this.set(s.spool().bytes);
      },
    });
    new Gauge({
      name: 'audit_spool_files',
      help: 'Audit spool files on this node waiting to be replayed',
      registers,
      collect() {
        const s = self();
        if (s) this.set(s.spool().files);
      },
    });
    new Gauge({
      name: 'audit_sink_deliveries_dead',
      help: 'Audit sink deliveries that exhausted their retries (dead letters)',
      registers,
      async collect() {
        const s = self();
        if (s) this.set(await s.deadDeliveries());
      },
    });
  }

  register(sources: AuditGaugeSources): void {
    this.sources = sources;
  }
}
