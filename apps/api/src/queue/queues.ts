// BullMQ queues. Later capabilities add a queue name here and a processor beside it.
export const MAINTENANCE_QUEUE = 'maintenance';
export const PURGE_SESSIONS_JOB = 'purge-expired-sessions';
export const ALL_QUEUES = [MAINTENANCE_QUEUE] as const;
