import type { Endpoints } from '../endpoint.ts';
import { browsingEndpoints } from './browsing.ts';
import { listEndpoints } from './lists.ts';
import { searchEndpoints } from './search.ts';
import { systemEndpoints } from './system.ts';

/** Every Subsonic endpoint Runnel offers, by name; one file per group. */
export const endpoints: Endpoints = {
  ...systemEndpoints,
  ...browsingEndpoints,
  ...listEndpoints,
  ...searchEndpoints,
};
