import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { AppLink } from '../../ui/AppLink.tsx';
import { ago } from '../../ui/format.ts';
import { Icon } from '../../ui/icons.tsx';
import { DOWNLOADS_KEY, useDownloadRight } from './plan.ts';
import { useT } from '../../i18n/use-t.ts';
import { errorText } from '../../i18n/errors.ts';

const PAGE = 50; // the API's largest page

/** Downloads ("Purchases" in the 2011 client): what you downloaded, newest first, to download again. */
export function DownloadsView() {
  const t = useT();
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
      <h1 id="downloads-title">{t('nav.downloads')}</h1>
      {allowed === false && <p className="muted">{t('downloads.premiumList', { premium: premium ?? '' })}</p>}
      {list.isError && (
        <p className="error" role="alert">
          {errorText(list.error, 'common.couldNotLoad')}
        </p>
      )}
      {list.isSuccess && items.length === 0 && <p className="muted">{t('downloads.empty')}</p>}
      <ul className="downloads" aria-label={t('downloads.list')}>
        {items.map((item) => (
          <li key={`${item.kind}:${item.id}`} className={item.available ? undefined : 'gone'}>
            {item.image ? <img src={item.image} alt="" width={48} height={48} /> : <span className="art-placeholder small" aria-hidden="true" />}
            <div className="downloads-text">
              <span className="kicker">{t('inbox.kind', { kind: item.kind })}</span>
              {item.available ? (
                <AppLink className="downloads-name" to={`/${item.kind}/${item.id}`}>
                  {item.name}
                </AppLink>
              ) : (
                <span className="downloads-name">{item.name}</span>
              )}
              <span className="muted">
                {item.subtitle && `${item.kind === 'playlist' ? t('common.byUser', { name: item.subtitle }) : item.subtitle} · `}
                {t('downloads.when', { ago: ago(t.intl, item.downloaded_at) })}
              </span>
            </div>
            {!item.available ? (
              <span className="muted">{t('downloads.gone')}</span>
            ) : allowed ? (
              <a className="button-link" href={item.href} download aria-label={t('downloads.againLabel', { name: item.name })} onClick={again}>
                <Icon name="download" size={16} /> {t('downloads.again')}
              </a>
            ) : null}
          </li>
        ))}
      </ul>
      {list.hasNextPage && (
        <button disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
          {t('common.showMore')}
        </button>
      )}
    </section>
  );
}
