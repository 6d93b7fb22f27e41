export * from './ports';
export * from './postgres';
export * from './redis';
export * from './hostile-mcp';
export * from './oauth-provider';
