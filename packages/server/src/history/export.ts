import type { CatalogObject } from '@runnel/api';
import type { PlayHistory } from '../player/history.ts';
import { localTrack } from '../playlists/local.ts';
import type { CatalogLookup } from '../track-lookup.ts';
import { writeListen } from './listenbrainz.ts';

const trackId = (uri: string) => (uri.startsWith('runnel:track:') ? uri.slice('runnel:track:'.length) : null);
const local = (uri: string) => {
  try {
    return uri.startsWith('runnel:local:') ? localTrack(uri) : undefined;
  } catch {
    return undefined;
  }
};

/**
 * A user's whole history as ListenBrainz listens, oldest first, as text a piece at a time
 * (a batch of plays per piece, so 100,000 plays never sit in memory at once): a JSON array,
 * or one listen a line (`jsonl`, as the newer ListenBrainz export writes them). Plays of
 * tracks the catalogue no longer has are left out: there is no name to give them.
 */
export async function* exportListens(plays: PlayHistory, music: CatalogLookup, userId: string, format: 'json' | 'jsonl'): AsyncIterable<string> {
  let first = true;
  if (format === 'json') yield '[';
  for await (const batch of plays.all(userId)) {
    const ids = [...new Set(batch.map((p) => trackId(p.uri)).filter((id): id is string => id !== null))];
    const found = ids.length ? await music.tracks(ids) : new Map<string, CatalogObject>();
    const lines: string[] = [];
    for (const play of batch) {
      const id = trackId(play.uri);
      const track = id === null ? local(play.uri) : found.get(id);
      if (track) lines.push(writeListen(play.played_at, track));
    }
    if (!lines.length) continue;
    if (format === 'jsonl') yield `${lines.join('\n')}\n`;
    else {
      yield `${first ? '\n' : ',\n'}${lines.join(',\n')}`;
      first = false;
    }
  }
  if (format === 'json') yield '\n]\n';
}
