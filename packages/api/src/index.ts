export * from './common.ts';
export * from './accounts.ts';
export * from './system.ts';
export * from './search.ts';
