import type { Endpoints } from '../endpoint.ts';
import { browsingEndpoints } from './browsing.ts';
import { listEndpoints } from './lists.ts';
import { searchEndpoints } from './search.ts';
import { annotationEndpoints } from './annotation.ts';
import { mediaEndpoints } from './media.ts';
import { playlistEndpoints } from './playlists.ts';
import { queueEndpoints } from './queue.ts';
import { jukeboxEndpoints } from './jukebox.ts';
import { scanningEndpoints } from './scanning.ts';
import { systemEndpoints } from './system.ts';
import { userEndpoints } from './users.ts';
import { shareEndpoints } from './shares.ts';

/** Every Subsonic endpoint Runnel offers, by name; one file per group. */
export const endpoints: Endpoints = {
  ...systemEndpoints,
  ...browsingEndpoints,
  ...listEndpoints,
  ...searchEndpoints,
  ...playlistEndpoints,
  ...mediaEndpoints,
  ...annotationEndpoints,
  ...queueEndpoints,
  ...jukeboxEndpoints,
  ...userEndpoints,
  ...scanningEndpoints,
  ...shareEndpoints,
};
