export * from './common.ts';
export * from './accounts.ts';
export * from './system.ts';
export * from './catalog-refs.ts';
export * from './collection.ts';
export * from './playlists.ts';
export * from './player.ts';
