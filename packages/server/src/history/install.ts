import { allTrackNames } from '../catalog/track-names.ts';
import type { Db } from '../db/database.ts';
import { createImportedCounts } from '../discovery/imported.ts';
import type { Api } from '../http/typed.ts';
import { createPlayHistory } from '../player/history.ts';
import type { CatalogLookup } from '../track-lookup.ts';
import { historyRoutes } from './routes.ts';
import { createHistory, type History } from './service.ts';

/**
 * Makes the history module and its routes from what it needs of the others: the player's
 * plays, the catalogue (tracks and their names, to match imported listens) and discovery's
 * counts. Plays recorded before searches were kept get their search text in the background.
 */
export function installHistory(
  api: Api,
  deps: { db: Db; music: CatalogLookup; names: (ids: string[]) => Promise<Map<string, string>>; now: () => number; onError: (error: unknown) => void },
): History {
  const plays = createPlayHistory({ db: deps.db, catalog: deps.music });
  const history = createHistory({
    db: deps.db,
    plays,
    music: deps.music,
    names: deps.names,
    now: deps.now,
    trackNames: () => allTrackNames(deps.db),
    recordImported: createImportedCounts({ db: deps.db, now: deps.now }),
  });
  historyRoutes(api, history);
  void plays.fillSearchText().catch(deps.onError);
  return history;
}
