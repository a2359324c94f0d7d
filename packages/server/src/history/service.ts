import { visibleEntries } from '../player/scope.ts';
import type { CatalogObject, HistoryImportResult, HistoryPage, HistoryQuery, PublicSummary, YearSummary } from '@runnel/api';
import type { Db } from '../db/database.ts';
import { AppError, badRequest } from '../errors.ts';
import type { HistoryCursor, PlayHistory } from '../player/history.ts';
import { localTrack } from '../playlists/local.ts';
import { iso, timeZoneName, zonedDayStart } from '../time.ts';
import type { CatalogLookup } from '../track-lookup.ts';
import { exportListens } from './export.ts';
import { importListens, type ImportDeps } from './import.ts';
import { createSummaryLinks } from './links.ts';
import { createSummaries } from './summary.ts';

export interface HistoryDeps extends ImportDeps {
  db: Db;
  plays: PlayHistory;
  music: CatalogLookup;
  /** Display names of users (for a shared summary's title). */
  names: (ids: string[]) => Promise<Map<string, string>>;
  now: () => number;
}

/** How long a shared summary is reused before it is computed again (it reads a year of plays). */
const PUBLIC_TTL_MS = 5 * 60_000;

const cursor = (value: string | undefined): HistoryCursor | undefined => {
  if (value === undefined) return undefined;
  const [at, id] = value.split('.');
  return { at: Number(at), ...(id !== undefined && { id }) };
};
/** When a day (`YYYY-MM-DD`, plus `after` days) starts in a zone; 400 when it is no day. */
const dayStart = (day: string, what: string, zone: string, after = 0) => {
  const ms = Date.parse(`${day}T00:00:00Z`);
  if (!Number.isFinite(ms) || iso(ms).slice(0, 10) !== day) throw badRequest(`${what} is not a day`);
  const date = new Date(ms);
  return zonedDayStart(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + after, zone);
};

/** The zone a request's `tz` names, by its own name; UTC without one; 400 `invalid_time_zone` for a zone the server does not know. */
export function zoneOf(tz: string | undefined): string {
  if (tz === undefined) return 'UTC';
  const name = timeZoneName(tz);
  if (!name) throw badRequest(`${tz} is not a time zone this server knows (an IANA name such as Europe/Stockholm)`, 'invalid_time_zone');
  return name;
}

/**
 * The history module: a user's listening history paged by time and searched, exported and
 * imported as ListenBrainz listens, and summed up per year, which the user may share by a
 * public link. The plays themselves are the player module's (player/history.ts).
 */
export function createHistory(deps: HistoryDeps) {
  const { plays, music, names, now } = deps;
  const summaries = createSummaries({ plays, music });
  const links = createSummaryLinks({ db: deps.db, now });
  const shared = new Map<string, { at: number; value: PublicSummary }>();
  const importing = new Set<string>();

  return {
    /** One page of plays, newest first, with the tracks; `next` pages back in time, `previous` forward. */
    async page(userId: string, query: HistoryQuery): Promise<HistoryPage> {
      if (query.before && query.after) throw badRequest('Give before or after, not both');
      const limit = query.limit ?? 50;
      const zone = zoneOf(query.tz);
      const from = query.from === undefined ? undefined : dayStart(query.from, 'from', zone);
      const to = query.to === undefined ? undefined : dayStart(query.to, 'to', zone, 1);
      const filter = { from, to, q: query.q, limit };
      const rows = await plays.page(userId, { ...filter, before: cursor(query.before), after: cursor(query.after) });
      const ids = [...new Set(rows.flatMap((r) => (r.uri.startsWith('runnel:track:') ? [r.uri.slice('runnel:track:'.length)] : [])))];
      const found = ids.length ? await music.tracks(ids) : new Map<string, CatalogObject>();
      const track = (uri: string) => {
        if (uri.startsWith('runnel:track:')) return found.get(uri.slice('runnel:track:'.length)) ?? null;
        try {
          return localTrack(uri);
        } catch {
          return null;
        }
      };
      const params = new URLSearchParams({
        limit: String(limit),
        ...(query.from && { from: query.from }),
        ...(query.to && { to: query.to }),
        ...(query.q && { q: query.q }),
        ...(query.tz && { tz: query.tz }),
      });
      const link = (edge: Record<string, string>) => `/api/v1/me/history?${new URLSearchParams({ ...Object.fromEntries(params), ...edge })}`;
      const first = rows[0];
      const last = rows.at(-1);
      // Is there more either way? One cheap probe each, so the links are never to an empty page.
      const more = async (edge: { before?: HistoryCursor; after?: HistoryCursor }) => (await plays.page(userId, { ...filter, ...edge, limit: 1 })).length > 0;
      const older = last ? { at: last.played_at, id: last.id } : undefined;
      const newer = first ? { at: first.played_at, id: first.id } : undefined;
      return {
        href: link({ ...(query.before && { before: query.before }), ...(query.after && { after: query.after }) }),
        // A restricted viewer's plays of music outside their libraries are left out (libraries/README.md).
        items: visibleEntries(rows, found).map((r) => ({
          id: r.id,
          uri: r.uri,
          track: track(r.uri),
          played_at: iso(r.played_at),
          context: r.context_uri ? { uri: r.context_uri } : null,
        })),
        limit,
        next: older && (await more({ before: older })) ? link({ before: `${older.at}.${older.id}` }) : null,
        previous: newer && (await more({ after: newer })) ? link({ after: `${newer.at}.${newer.id}` }) : null,
      };
    },

    /** The whole history as ListenBrainz listens, streamed (see export.ts). */
    export: (userId: string, format: 'json' | 'jsonl') => exportListens(plays, music, userId, format),

    /** Imports a ListenBrainz export on disk (see import.ts); one import per user at a time (409 `history_import_busy`). */
    async import(userId: string, path: string): Promise<HistoryImportResult> {
      if (importing.has(userId)) throw new AppError('history_import_busy', 409, 'An import of your history is still running');
      importing.add(userId);
      try {
        return await importListens(deps, userId, path);
      } finally {
        importing.delete(userId);
        for (const key of shared.keys()) if (key.startsWith(`${userId}:`)) shared.delete(key);
      }
    },

    /** A year summed up, its days those of `zone` (an IANA name checked by zoneOf). */
    summary: (userId: string, year: number, zone = 'UTC'): Promise<YearSummary> => summaries(userId, year, zone),
    shareOf: (userId: string, year: number, origin: string) => links.of(userId, year, origin),
    /** Shares a year's summary; its page counts in `zone`, or the link's zone so far when none is given (UTC for a new link). */
    share: (userId: string, year: number, origin: string, zone?: string) => links.share(userId, year, origin, zone),
    unshare: (userId: string, year: number) => links.unshare(userId, year),

    /** What a public summary link shows: whose it is and the summary, nothing else; 404 once it is turned off. */
    async publicSummary(linkId: string): Promise<PublicSummary> {
      const { userId, year, zone } = await links.open(linkId);
      const key = `${userId}:${year}:${zone}`;
      const cached = shared.get(key);
      if (cached && now() - cached.at < PUBLIC_TTL_MS) return cached.value;
      const value = { display_name: (await names([userId])).get(userId) ?? 'Someone', summary: await summaries(userId, year, zone) };
      if (shared.size > 500) shared.clear();
      shared.set(key, { at: now(), value });
      return value;
    },
  };
}

export type History = ReturnType<typeof createHistory>;
