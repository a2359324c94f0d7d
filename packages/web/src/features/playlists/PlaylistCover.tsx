import type { PlaylistItem } from '@runnel/api';
import { imageUrl } from '../../tracks/to-queue.ts';
import { useT } from '../../i18n/use-t.ts';

type Images = { url: string; width: number | null }[];

/** The album covers of a playlist's items, first appearance first, each once. */
export function coversOf(items: PlaylistItem[], size: number): string[] {
  const seen = new Set<string>();
  for (const item of items) {
    const images = (item.track as { album?: { images?: Images } } | null)?.album?.images;
    const url = images?.length ? imageUrl(images, size) : undefined;
    if (url) seen.add(url);
    if (seen.size === 4) break;
  }
  return [...seen];
}

/**
 * A playlist's picture, as Spotify draws one: the covers of its first four albums in a
 * 2×2 mosaic, or the first cover alone when it holds fewer albums; empty, a placeholder.
 */
export function PlaylistCover({ items, name }: { items: PlaylistItem[]; name: string }) {
  const t = useT();
  const covers = coversOf(items, 150);
  if (covers.length === 0) return <div className="art-placeholder big" aria-hidden="true" />;
  if (covers.length < 4) return <img src={covers[0]} alt={t('catalog.coverOf', { name })} width={200} height={200} />;
  return (
    <div className="mosaic" role="img" aria-label={t('playlist.mosaic', { name })}>
      {covers.map((url) => (
        <img key={url} src={url} alt="" width={100} height={100} />
      ))}
    </div>
  );
}
