export * from './secrets';
export * from './passwords';
export * from './crypto-box';
