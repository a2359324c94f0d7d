import type { SmartDefinition } from '@runnel/api';
import { api } from '../../api/client.ts';

export const createSmartPlaylist = (name: string, definition: SmartDefinition) => api('POST /me/smart-playlists', { body: { name, definition } });

export const updateRules = (id: string, definition: SmartDefinition) => api('PUT /smart-playlists/:id', { params: { id }, body: { definition } });

export const fetchRules = (id: string) => api('GET /smart-playlists/:id', { params: { id } });

/** How many tracks the rules match now, for the editor's live count. */
export const countMatches = (definition: SmartDefinition, signal?: AbortSignal) => api('POST /me/smart-playlists/count', { body: { definition }, signal });

/** Makes a smart playlist from a Navidrome `.nsp` file's JSON. */
export const importNsp = (nsp: object) => api('POST /me/smart-playlists/import', { body: { nsp } });
