export * from './secrets';
export * from './passwords';
export * from './crypto-box';
export * from './signing-keys';
export * from './key-rotation';
export * from './resource';
export * from './scopes';
export * from './access-token';
