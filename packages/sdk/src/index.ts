export * from './contracts/index.js';
export * from './safe-next.js';
export * from './routes/index.js';
