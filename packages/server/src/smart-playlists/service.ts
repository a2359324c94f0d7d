import { Ajv, type ValidateFunction } from 'ajv';
import { SmartDefinition, type CreateSmartPlaylistBody, type NspImportBody, type NspImported } from '@runnel/api';
import { badRequest } from '../errors.ts';
import type { Playlists } from '../playlists/service.ts';
import type { SmartEngine } from './engine.ts';
import { fromNsp, toNsp } from './nsp.ts';

export interface SmartPlaylistsDeps {
  engine: SmartEngine;
  /** Where smart playlists are kept, as playlists (their rows, sidebar, access). */
  playlists: Playlists;
}

let compiled: ValidateFunction | undefined;
/** Whether a definition is one the API would accept (compiled on first use: see http/validation.ts). */
const validDefinition = (definition: unknown) => (compiled ??= new Ajv({ strict: false }).compile(SmartDefinition))(definition);

/**
 * The smart-playlists module: the engine (rules → one SQL query, engine.ts and compile.ts),
 * the live count the editor asks for, and Navidrome `.nsp` import and export. The playlists
 * module keeps each smart playlist as a playlist row with its rules.
 */
export function createSmartPlaylists({ engine, playlists }: SmartPlaylistsDeps) {
  return {
    /** How many tracks a definition matches for this user now (the editor's live count). */
    count: engine.count,
    create: (userId: string, body: CreateSmartPlaylistBody) => playlists.createSmart(userId, body),
    rules: (id: string, userId: string) => playlists.smartRules(id, userId),
    update: (id: string, userId: string, definition: SmartDefinition) => playlists.setSmartRules(id, userId, definition),

    /** Makes a smart playlist from a Navidrome `.nsp`; conditions Runnel cannot evaluate are left out and listed. */
    async importNsp(userId: string, body: NspImportBody): Promise<NspImported> {
      const { name, definition, unmapped } = fromNsp(body.nsp);
      if (!definition) throw badRequest(`Nothing in this .nsp could be mapped${unmapped.length ? `: ${unmapped.slice(0, 5).join('; ')}` : ''}`, 'invalid_rule');
      if (!validDefinition(definition))
        throw badRequest(`The .nsp maps to rules Runnel refuses: ${compiled?.errors?.[0]?.instancePath} ${compiled?.errors?.[0]?.message}`, 'invalid_rule');
      const playlist = await playlists.createSmart(userId, { name: body.name ?? name ?? 'Imported smart playlist', definition });
      return { id: playlist.id, name: playlist.name, definition, unmapped };
    },

    /** The smart playlist as a `.nsp` Navidrome can read, and what Navidrome could not express. */
    async exportNsp(id: string, userId: string) {
      const { name, description, definition } = await playlists.smartRules(id, userId);
      return { name, ...toNsp(name, description, definition) };
    },
  };
}

export type SmartPlaylists = ReturnType<typeof createSmartPlaylists>;
