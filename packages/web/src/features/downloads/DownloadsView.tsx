import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import type { DownloadItem } from '@runnel/api';
import { api } from '../../api/client.ts';
import { AppLink } from '../../ui/AppLink.tsx';
import { ago } from '../../ui/format.ts';
import { Icon } from '../../ui/icons.tsx';
import { DOWNLOADS_KEY, useDownloadRight } from './plan.ts';

const PAGE = 50; // the API's largest page
const KIND: Record<DownloadItem['kind'], string> = { track: 'Track', album: 'Album', playlist: 'Playlist' };

/** Downloads ("Purchases" in the 2011 client): what you downloaded, newest first, to download again. */
export function DownloadsView() {
  const client = useQueryClient();
  const { allowed, premium } = useDownloadRight();
  const list = useInfiniteQuery({
    queryKey: DOWNLOADS_KEY,
    queryFn: ({ pageParam }) => api('GET /me/downloads', { query: { limit: PAGE, offset: pageParam } }),
    initialPageParam: 0,
    getNextPageParam: (last) => (last.next ? last.offset + last.limit : undefined),
    // A download started on another page is listed by the server at once.
    refetchOnMount: 'always',
  });
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const again = () => setTimeout(() => void client.invalidateQueries({ queryKey: DOWNLOADS_KEY }), 1500);
  return (
    <section aria-labelledby="downloads-title">
      <h1 id="downloads-title">Downloads</h1>
      {allowed === false && (
        <p className="muted">
          Downloads are part of {premium}: what you downloaded stays listed here, to download again with {premium}.
        </p>
      )}
      {list.isError && (
        <p className="error" role="alert">
          {list.error.message}
        </p>
      )}
      {list.isSuccess && items.length === 0 && (
        <p className="muted">
          Nothing downloaded yet. Albums and playlists have a Download button on their page: the tracks come as one zip, with their cover and a playlist file.
        </p>
      )}
      <ul className="downloads" aria-label="Downloaded">
        {items.map((item) => (
          <li key={`${item.kind}:${item.id}`} className={item.available ? undefined : 'gone'}>
            {item.image ? <img src={item.image} alt="" width={48} height={48} /> : <span className="art-placeholder small" aria-hidden="true" />}
            <div className="downloads-text">
              <span className="kicker">{KIND[item.kind]}</span>
              {item.available ? (
                <AppLink className="downloads-name" to={`/${item.kind}/${item.id}`}>
                  {item.name}
                </AppLink>
              ) : (
                <span className="downloads-name">{item.name}</span>
              )}
              <span className="muted">
                {item.subtitle && `${item.kind === 'playlist' ? 'by ' : ''}${item.subtitle} · `}downloaded {ago(item.downloaded_at)}
              </span>
            </div>
            {!item.available ? (
              <span className="muted">No longer available</span>
            ) : allowed ? (
              <a className="button-link" href={item.href} download aria-label={`Download again: ${item.name}`} onClick={again}>
                <Icon name="download" size={16} /> Download again
              </a>
            ) : null}
          </li>
        ))}
      </ul>
      {list.hasNextPage && (
        <button disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
          Show more
        </button>
      )}
    </section>
  );
}
