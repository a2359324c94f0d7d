import { useMemo, useRef, useState } from 'react';
import { errorText } from '../../i18n/errors.ts';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import type { HistoryItem } from '@runnel/api';
import { api } from '../../api/client.ts';
import { navigate } from '../../app/router.ts';
import { TrackList } from '../../tracks/TrackList.tsx';
import { serverRow } from '../../tracks/server-rows.ts';
import { useDebounced } from '../../ui/use-debounced.ts';
import { useT } from '../../i18n/use-t.ts';
import { useLocalFiles } from '../local/use-local-files.ts';
import { browserZone, cursorOf, importHistory, importMessage } from './api.ts';
import './history.css';

/**
 * Everything you played, newest first, grouped by day: searched by words (title, artist,
 * album) and dates, loaded a page at a time as you scroll. Exported and imported as
 * ListenBrainz listens; "Your year" sums a year up.
 */
export function HistoryView() {
  const t = useT();
  const client = useQueryClient();
  const [text, setText] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const file = useRef<HTMLInputElement>(null);
  const q = useDebounced(text.trim(), 250);
  const local = useLocalFiles();
  const pages = useInfiniteQuery({
    queryKey: ['history', q, from, to],
    queryFn: ({ pageParam }) =>
      // The dates picked are the browser's days (tz), as the list is grouped by them.
      api('GET /me/history', {
        query: { limit: 100, ...(q && { q }), ...(from && { from }), ...(to && { to }), tz: browserZone(), ...(pageParam && { before: pageParam }) },
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => cursorOf(last.next),
  });
  const days = useMemo(() => {
    const keys = new Set((local.data ?? []).map((f) => f.key));
    const out = new Map<string, { item: HistoryItem; row: ReturnType<typeof serverRow> }[]>();
    for (const item of pages.data?.pages.flatMap((p) => p.items) ?? []) {
      const row = serverRow(item.track, keys, item.id);
      const key = (item.track as Record<string, unknown> | null)?.local_key;
      if (row.unavailable && (key === 'listenbrainz' || /^[0-9a-f-]{36}$/.test(String(key)))) row.unavailable = 'history.notInCatalogue';
      const day = t.intl.formatDate(item.played_at, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
      out.set(day, [...(out.get(day) ?? []), { item, row }]);
    }
    return [...out];
  }, [pages.data, local.data, t]);
  const year = new Date().getFullYear();

  async function onImport(picked: File | undefined) {
    if (!picked) return;
    setBusy(true);
    setMessage(t('history.importing', { file: picked.name }));
    try {
      setMessage(importMessage(await importHistory(picked), t));
      await client.invalidateQueries({ queryKey: ['history'] });
    } catch (error) {
      setMessage(errorText(error, 'history.importFailed'));
    } finally {
      setBusy(false);
      if (file.current) file.current.value = '';
    }
  }

  return (
    <section aria-labelledby="history-title" className="history">
      <h1 id="history-title">{t('history.title')}</h1>
      <div className="inline-actions history-actions">
        <button onClick={() => navigate(`/summary/${year}`)}>{t('history.yourYear', { year: String(year) })}</button>
        <a className="link-button" href="/api/v1/me/history/export" download>
          {t('history.export')}
        </a>
        <button disabled={busy} onClick={() => file.current?.click()}>
          {t('history.import')}
        </button>
        <input
          ref={file}
          type="file"
          hidden
          accept=".json,.jsonl,.zip"
          aria-label={t('history.importFile')}
          onChange={(e) => void onImport(e.target.files?.[0])}
        />
      </div>
      {message && (
        <p role="status" className="muted">
          {message}
        </p>
      )}
      <div className="history-filters" role="search">
        <input type="search" placeholder={t('history.search')} aria-label={t('history.search')} value={text} onChange={(e) => setText(e.target.value)} />
        <label>
          {t('history.from')} <input type="date" value={from} max={to || undefined} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {t('history.to')} <input type="date" value={to} min={from || undefined} onChange={(e) => setTo(e.target.value)} />
        </label>
        {(text || from || to) && (
          <button
            onClick={() => {
              setText('');
              setFrom('');
              setTo('');
            }}
          >
            {t('history.clear')}
          </button>
        )}
      </div>
      {pages.isSuccess && days.length === 0 && <p className="muted">{q || from || to ? t('history.noMatch') : t('history.empty')}</p>}
      {days.map(([day, plays]) => (
        <div key={day} className="history-day">
          <h2>{day}</h2>
          <TrackList items={plays.map((p) => p.row)} contextUri="runnel:history" label={t('history.playedOn', { day })} />
        </div>
      ))}
      {pages.hasNextPage && (
        <button className="history-more" disabled={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>
          {pages.isFetchingNextPage ? t('common.loading') : t('history.older')}
        </button>
      )}
    </section>
  );
}
