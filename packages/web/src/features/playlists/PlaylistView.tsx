import { useEffect, useMemo, useState } from 'react';
import { CardButton } from '../devices/CardButton.tsx';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { PlaylistItem } from '@runnel/api';
import { api } from '../../api/client.ts';
import { errorText } from '../../i18n/errors.ts';
import { useT } from '../../i18n/use-t.ts';
import { live } from '../../api/live-instance.ts';
import { player } from '../../audio/player.ts';
import { navigate } from '../../app/router.ts';
import { TrackList } from '../../tracks/TrackList.tsx';
import { InlineName } from '../../ui/InlineName.tsx';
import { playableFrom } from '../../tracks/row.ts';
import { serverRow } from '../../tracks/server-rows.ts';
import { useLocalFiles } from '../local/use-local-files.ts';
import { moveInPlaylist, removeFromPlaylist } from './api.ts';
import { loadPlaylist as load, SMART_SHOWN, type Loaded } from './load.ts';
import { openSendTo } from '../inbox/send.ts';
import { startRadio } from '../radio/station.ts';
import { FollowButton } from './FollowButton.tsx';
import { PlaylistCover } from './PlaylistCover.tsx';
import { DownloadButton } from '../downloads/DownloadButton.tsx';
import { OfflineToggle } from '../offline/OfflineToggle.tsx';
import { useAvailable } from '../../offline/use-available.ts';
import { useOnline } from '../../offline/connection.ts';
import { LoadError } from '../../ui/LoadError.tsx';

/**
 * A playlist: its tracks (drag to reorder; edits show at once and converge with other
 * editors through the live change feed), name, and public/collaborative switches;
 * `downloads`: the server offers downloads (a Download button).
 */
export function PlaylistView({ id, me, downloads = false }: { id: string; me: string; downloads?: boolean }) {
  const t = useT();
  const client = useQueryClient();
  const key = ['playlist', id];
  const playlist = useQuery({ queryKey: key, queryFn: () => load(id) });
  const [error, setError] = useState<string | null>(null);
  const [renaming, setRenaming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const localFiles = useLocalFiles();
  const localKeys = useMemo(() => new Set((localFiles.data ?? []).map((f) => f.key)), [localFiles.data]);
  // One row per item, so row indexes are playlist positions (for reorder and remove).
  const rows = useMemo(() => (playlist.data?.all ?? []).map((i) => serverRow(i.track, localKeys, `gone:${i.entry_id}`)), [playlist.data, localKeys]);
  const items = useAvailable(rows);
  // Offline, only what works from this device's storage is offered.
  const online = useOnline();
  useEffect(
    () => live.on('playlist.changed', (m) => (m.data as { id?: string }).id === id && void client.invalidateQueries({ queryKey: ['playlist', id] })),
    [client, id],
  );
  if (playlist.isPending)
    return (
      <p className="muted" aria-busy="true">
        {t('common.loading')}
      </p>
    );
  if (playlist.isError) return <LoadError error={playlist.error} what={t('offline.thisPlaylist')} notFound={t('playlist.notFound')} />;
  const p = playlist.data;
  const canEdit = p.editable;

  /** Applies an edit locally at once, then on the server; on failure, reloads the truth. */
  async function edit(local: (all: PlaylistItem[]) => PlaylistItem[], remote: () => Promise<unknown>) {
    setError(null);
    client.setQueryData<Loaded>(key, (old) => old && { ...old, all: local(old.all) });
    try {
      await remote();
    } catch (e) {
      setError(errorText(e, 'playlist.changeNotSaved'));
    }
    await client.invalidateQueries({ queryKey: key });
  }

  const reorder = (from: number, before: number) =>
    edit(
      (all) => {
        const next = [...all];
        const [moved] = next.splice(from, 1);
        next.splice(before > from ? before - 1 : before, 0, moved!);
        return next;
      },
      () => moveInPlaylist(id, from, before, p.snapshot_id),
    );
  const remove = (index: number) =>
    edit(
      (all) => all.filter((_, i) => i !== index),
      () => removeFromPlaylist(id, items[index]!.track.uri, index, p.snapshot_id),
    );
  const playable = playableFrom(items, 0).tracks;
  const update = (body: Record<string, unknown>) =>
    api('PUT /playlists/:id', { params: { id }, body }).then(() =>
      Promise.all([client.invalidateQueries({ queryKey: key }), client.invalidateQueries({ queryKey: ['sidebar'] })]),
    );
  const rename = (name: string) =>
    (name === p.name ? Promise.resolve() : update({ name }))
      .catch((e: unknown) => setError(errorText(e, 'playlist.nameNotSaved')))
      .finally(() => setRenaming(false));

  return (
    <section aria-labelledby="playlist-title">
      <header className="hero">
        <PlaylistCover items={p.all} name={p.name} />
        <div>
          <p className="kicker">{t('playlist.kind', { collaborative: p.smart ? 'smart' : p.collaborative ? 'yes' : 'no' })}</p>
          <h1 id="playlist-title">
            {renaming ? (
              <InlineName
                label={t('playlist.nameLabel')}
                initial={p.name}
                className="title-input"
                onSave={(name) => void rename(name)}
                onCancel={() => setRenaming(false)}
              />
            ) : (
              p.name
            )}
          </h1>
          <p className="muted">
            {t('playlist.byline', {
              owner: p.owner.id === me ? 'you' : 'other',
              name: p.owner.display_name ?? t('playlist.formerListener'),
              count: p.tracks.total,
              visibility: p.public ? 'public' : 'private',
            })}
          </p>
          <div className="inline-actions">
            <button className="primary" disabled={!playable.length} onClick={() => void player.playContext(playable, 0, p.uri)}>
              {t('player.play')}
            </button>
            {p.owner.id === me && online && (
              <>
                <button onClick={() => setRenaming(true)}>{t('common.rename')}</button>
                <button aria-pressed={p.public} onClick={() => void update({ public: !p.public })}>
                  {p.public ? t('playlist.makePrivate') : t('playlist.makePublic')}
                </button>
                {p.smart ? (
                  <>
                    <button onClick={() => navigate(`/smart/${id}`)}>{t('playlist.editRules')}</button>
                    <a className="button-link" href={`/api/v1/smart-playlists/${encodeURIComponent(id)}/nsp`} download>
                      {t('playlist.exportNsp')}
                    </a>
                  </>
                ) : (
                  <button aria-pressed={p.collaborative} onClick={() => void update({ collaborative: !p.collaborative })}>
                    {p.collaborative ? t('playlist.stopCollaborating') : t('playlist.makeCollaborative')}
                  </button>
                )}
                <button aria-expanded={deleting} onClick={() => setDeleting(true)}>
                  {t('common.delete')}
                </button>
              </>
            )}
            {p.owner.id !== me && !canEdit && online && <FollowButton id={id} me={me} />}
            {playable.length > 0 && online && <button onClick={() => void startRadio(p.uri)}>{t('radio.start')}</button>}
            {online && <button onClick={() => openSendTo(p.uri, p.name)}>{t('inbox.sendTo')}</button>}
            {online && <CardButton uri={p.uri} name={p.name} />}
            <OfflineToggle kind="playlist" id={id} name={p.name} />
            {downloads && online && p.all.some((item) => !item.is_local && item.track) && (
              <DownloadButton href={`/api/v1/playlists/${encodeURIComponent(id)}/download`} name={p.name} />
            )}
          </div>
          {deleting && (
            <div className="confirm" role="group" aria-label={t('playlist.deleteLabel', { name: p.name })}>
              <span>{t('playlist.deleteQuestion', { name: p.name })}</span>
              <button
                className="danger"
                onClick={() =>
                  void api('DELETE /playlists/:id', { params: { id } })
                    .then(() => client.invalidateQueries({ queryKey: ['sidebar'] }))
                    .then(() => navigate('/'))
                }
              >
                {t('playlist.delete')}
              </button>
              <button onClick={() => setDeleting(false)}>{t('common.cancel')}</button>
            </div>
          )}
        </div>
      </header>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {p.smart && p.tracks.total > SMART_SHOWN && <p className="muted">{t('playlist.smartShown', { shown: SMART_SHOWN, total: p.tracks.total })}</p>}
      {items.length === 0 ? (
        <p className="muted">{p.smart ? t('playlist.smartEmpty') : t('playlist.empty')}</p>
      ) : (
        <TrackList
          items={items}
          contextUri={p.uri}
          label={t('catalog.tracksOf', { name: p.name })}
          onReorder={canEdit ? (from, before) => void reorder(from, before) : undefined}
          onRemove={canEdit ? (i) => void remove(i) : undefined}
        />
      )}
    </section>
  );
}
