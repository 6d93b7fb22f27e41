export * from './common';
export * from './auth';
export * from './members';
export * from './api-tokens';
export * from './tenant';
export * from './servers';
export * from './agents';
export * from './audit';
