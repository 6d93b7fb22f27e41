export * from './contracts';
export * from './safe-next';
