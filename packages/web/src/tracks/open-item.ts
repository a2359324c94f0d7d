import { navigate } from '../app/router.ts';
import { player } from '../audio/player.ts';
import { imageUrl, toQueueTrack } from './to-queue.ts';

type Images = { url: string; width: number | null }[];

/** A track, album, artist or playlist as something sent or shared (inbox, feed) carries it. */
export interface ItemObject {
  id: string;
  name?: string;
  images?: Images;
  album?: { id: string; name: string; images?: Images };
  artists?: { name: string }[];
  duration_ms?: number;
}

/** Its picture: its own, or its album's. */
export const itemArt = (item: ItemObject, size: number) => imageUrl(item.images ?? item.album?.images ?? [], size);

/** Opens it: a track plays at once, an album, artist or playlist opens its page. */
export function openItem(kind: string, item: ItemObject) {
  if (kind === 'track')
    void player.playContext(
      [toQueueTrack({ id: item.id, name: item.name ?? '', artists: item.artists ?? [], duration_ms: item.duration_ms ?? 0 }, item.album)],
      0,
      null,
    );
  else navigate(`/${kind}/${item.id}`);
}
