import type { Endpoints } from '../endpoint.ts';
import { annotationEndpoints } from './annotation.ts';
import { mediaEndpoints } from './media.ts';
import { playlistEndpoints } from './playlists.ts';
import { systemEndpoints } from './system.ts';

/** Every Subsonic endpoint Runnel offers, by name; one file per group. */
export const endpoints: Endpoints = {
  ...systemEndpoints,
  ...playlistEndpoints,
  ...mediaEndpoints,
  ...annotationEndpoints,
};
