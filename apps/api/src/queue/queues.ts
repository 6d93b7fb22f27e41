// BullMQ queues. Later capabilities add a queue name here and a processor beside it.
export const MAINTENANCE_QUEUE = 'maintenance';
export const PURGE_SESSIONS_JOB = 'purge-expired-sessions';
export const MCP_SYNC_QUEUE = 'mcp-sync';
export const SYNC_SERVER_JOB = 'sync-server';
export const SYNC_ALL_JOB = 'sync-all-servers';
export const ROTATE_KEYS_JOB = 'rotate-signing-keys';
export const AUDIT_QUEUE = 'audit';
export const APPEND_AUDIT_JOB = 'append';
export const AUDIT_CHECKPOINT_JOB = 'audit-checkpoint';
export const AUDIT_RETENTION_JOB = 'audit-retention';
export const AUDIT_SINK_QUEUE = 'audit-sinks';
export const DELIVER_JOB = 'deliver';
/** Verifications and back-tests too large to answer inline (jobs/). */
export const LONG_JOBS_QUEUE = 'long-jobs';
export const ALL_QUEUES = [
  MAINTENANCE_QUEUE,
  MCP_SYNC_QUEUE,
  AUDIT_QUEUE,
  AUDIT_SINK_QUEUE,
  LONG_JOBS_QUEUE,
] as const;
