import { navigate } from '../../app/router.ts';
import { SearchBox } from './SearchBox.tsx';
import { SearchView } from './SearchView.tsx';
import { useT } from '../../i18n/use-t.ts';

/** Searches as you type: each change replaces the path (`/search/kate`), so Back leaves search in one step. */
const searchFor = (text: string) => navigate(text ? `/search/${encodeURIComponent(text)}` : '/search', { replace: true });

/**
 * Search: `/search/kate`'s results, or (`/search`) the place to start one. `withBox`: the
 * page has its own search box (a phone, where the top bar has none); it stays the same
 * element as the path changes with each letter, so typing is never interrupted.
 */
export function SearchPage({ q, box }: { q: string; box: boolean }) {
  const t = useT();
  return (
    <>
      {box && (
        <>
          <h1 className="page-title">{t('nav.search')}</h1>
          <SearchBox className="search page-search" placeholder={t('search.prompt')} iconSize={20} defaultValue={q} onText={searchFor} />
        </>
      )}
      {q ? (
        <SearchView q={q} heading={box ? 'h2' : 'h1'} />
      ) : (
        <section aria-labelledby="search-start">
          {!box && <h1 id="search-start">{t('nav.search')}</h1>}
          <p className="muted" id={box ? 'search-start' : undefined}>
            {t('search.intro')}
          </p>
        </section>
      )}
    </>
  );
}
