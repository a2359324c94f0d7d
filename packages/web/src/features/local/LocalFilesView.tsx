import { useMemo, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { TrackList } from '../../tracks/TrackList.tsx';
import { describe, removeLocalFile, saveLocalFiles, sortLocalFiles, toRow } from './local-files.ts';
import { useLocalFiles } from './use-local-files.ts';
import { useT } from '../../i18n/use-t.ts';

/**
 * Local files: music on this device, played in the same player. Rows work like any track
 * row: double-click plays, right-click queues or adds to a playlist, drag onto a playlist.
 */
export function LocalFilesView() {
  const t = useT();
  const client = useQueryClient();
  const files = useLocalFiles();
  const [busy, setBusy] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const folder = useRef<HTMLInputElement>(null);

  async function add(list: FileList | null) {
    const picked = [...(list ?? [])].filter((f) => f.type.startsWith('audio/') || /\.(mp3|flac|ogg|opus|m4a|aac|wav|aiff?)$/i.test(f.name));
    if (!picked.length) return;
    const entries = [];
    for (const [i, file] of picked.entries()) {
      setBusy(t('local.reading', { at: i + 1, of: picked.length, name: file.name }));
      entries.push({ info: await describe(file), file });
    }
    await saveLocalFiles(entries);
    setBusy(null);
    await client.invalidateQueries({ queryKey: ['local-files'] });
  }

  const language = t.intl.locale;
  const rows = useMemo(() => sortLocalFiles(files.data ?? [], language).map(toRow), [files.data, language]);
  return (
    <section aria-labelledby="local-title">
      <h1 id="local-title">{t('nav.localFiles')}</h1>
      <p className="muted">{t('local.intro')}</p>
      <div className="inline-actions">
        <button onClick={() => input.current?.click()}>{t('local.addFiles')}</button>
        <button onClick={() => folder.current?.click()}>{t('local.addFolder')}</button>
        <input
          ref={input}
          type="file"
          accept="audio/*,.flac,.opus,.m4a"
          multiple
          hidden
          aria-label={t('local.pickFiles')}
          data-testid="local-file-input"
          onChange={(e) => void add(e.target.files)}
        />
        <input
          ref={folder}
          type="file"
          multiple
          hidden
          aria-label={t('local.pickFolder')}
          {...{ webkitdirectory: '' }}
          onChange={(e) => void add(e.target.files)}
        />
      </div>
      {busy && (
        <p role="status" className="muted">
          {busy}
        </p>
      )}
      {files.data?.length === 0 && !busy && <p className="muted">{t('local.empty')}</p>}
      {rows.length > 0 && (
        <TrackList
          items={rows}
          contextUri="runnel:local"
          label={t('nav.localFiles')}
          markLocal={false}
          removeLabel={t('local.remove')}
          onRemove={(i) => void removeLocalFile(rows[i]!.queue.localKey!).then(() => client.invalidateQueries({ queryKey: ['local-files'] }))}
        />
      )}
    </section>
  );
}
