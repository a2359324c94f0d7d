export * from './common.ts';
export * from './accounts.ts';
export * from './system.ts';
export * from './catalog.ts';
export * from './library.ts';
export * from './streaming.ts';
