import type { CreateSmartPlaylistBody, SmartCount, SmartDefinition, SmartPlaylistRules } from '@runnel/api';
import { forbidden, notFound } from '../errors.ts';
import { newId } from '../ids.ts';
import type { AccessRules } from './access.ts';
import type { Announce } from './announce.ts';
import type { PlaylistRow, PlaylistsRepository } from './repository.ts';
import type { Sidebar } from './sidebar.ts';

/**
 * What the playlists module needs to show a smart playlist: its tracks, evaluated for the
 * owner (the smart-playlists module's engine, given in app.ts).
 */
export interface SmartEvaluator {
  count(ownerId: string, definition: SmartDefinition): Promise<SmartCount>;
  page(ownerId: string, definition: SmartDefinition, offset: number, limit: number): Promise<{ ids: string[]; total: number }>;
  totals(ownerId: string, definition: SmartDefinition): Promise<{ count: number; durationMs: number }>;
}

export const isSmart = (row: PlaylistRow) => row.smart_rules !== null;
export const definitionOf = (row: PlaylistRow) => JSON.parse(row.smart_rules ?? 'null') as SmartDefinition;
export const smartReadOnly = () => forbidden('A smart playlist follows its rules: change the rules instead', 'smart_playlist_read_only');

export interface SmartDeps {
  repo: PlaylistsRepository;
  access: AccessRules;
  announce: Announce;
  sidebar: Sidebar;
  evaluator?: SmartEvaluator;
  now: () => number;
}

/**
 * Smart playlists as playlists: a row of `playlists` with `smart_rules`, so the sidebar,
 * folders, search and Subsonic apps see them as they see any playlist. Their items are
 * never stored: every read evaluates the rules (smart-playlists/README.md).
 */
export function createSmartPlaylists({ repo, access, announce, sidebar, evaluator, now }: SmartDeps) {
  async function owned(id: string, userId: string) {
    const { row } = await access.owned(id, userId);
    if (!isSmart(row)) throw notFound('Smart playlist', 'not_a_smart_playlist');
    return row;
  }

  return {
    /** How many tracks each smart playlist among `rows` holds now (ordinary ones are left out). */
    async totals(rows: PlaylistRow[]): Promise<Map<string, number>> {
      const smart = rows.filter(isSmart);
      if (!evaluator || !smart.length) return new Map();
      return new Map(await Promise.all(smart.map(async (row) => [row.id, (await evaluator.count(row.owner_id, definitionOf(row))).total] as const)));
    },

    /** A page of a smart playlist's track ids for its owner's rules. */
    page: (row: PlaylistRow, offset: number, limit: number) =>
      evaluator ? evaluator.page(row.owner_id, definitionOf(row), offset, limit) : Promise.resolve({ ids: [], total: 0 }),

    /** Count and duration of what it holds now (Subsonic's songCount and duration). */
    trackTotals: (row: PlaylistRow) => (evaluator ? evaluator.totals(row.owner_id, definitionOf(row)) : Promise.resolve({ count: 0, durationMs: 0 })),

    async createSmart(userId: string, input: CreateSmartPlaylistBody): Promise<PlaylistRow> {
      const at = now();
      const row: PlaylistRow = {
        id: newId(),
        owner_id: userId,
        name: input.name,
        description: input.description ?? null,
        public: input.public ? 1 : 0,
        collaborative: 0,
        revision: 0,
        item_count: 0,
        track_count: 0,
        track_duration_ms: 0,
        follower_count: 0,
        edit_token_hash: null,
        smart_rules: JSON.stringify(input.definition),
        created_at: at,
        updated_at: at,
      };
      await repo.insert(row);
      await sidebar.append(userId, row.id);
      await announce(row, 'details');
      return row;
    },

    async rules(id: string, userId: string): Promise<SmartPlaylistRules> {
      const { row } = await access.visible(id, userId);
      if (!isSmart(row)) throw notFound('Smart playlist', 'not_a_smart_playlist');
      return { id: row.id, name: row.name, description: row.description, definition: definitionOf(row) };
    },

    /** New rules: a new revision, so clients holding the items know to read them again. */
    async setRules(id: string, userId: string, definition: SmartDefinition) {
      const row = await owned(id, userId);
      const changes = { smart_rules: JSON.stringify(definition), revision: Number(row.revision) + 1, updated_at: now() };
      await repo.update(id, changes);
      await announce({ ...row, ...changes }, 'items');
    },
  };
}
