export * from './ports';
export * from './postgres';
export * from './redis';
export * from './hostile-mcp';
export * from './http-recorder';
export * from './oauth-provider';
