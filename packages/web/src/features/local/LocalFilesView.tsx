import { useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { player } from '../../audio/player.ts';
import { clock } from '../../ui/format.ts';
import { describe, loadLocalFiles, removeLocalFile, saveLocalFiles, toQueueTrack } from './local-files.ts';

/** Local files: music on this device, played in the same player. */
export function LocalFilesView() {
  const client = useQueryClient();
  const files = useQuery({ queryKey: ['local-files'], queryFn: loadLocalFiles, staleTime: Infinity });
  const [busy, setBusy] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const folder = useRef<HTMLInputElement>(null);

  async function add(list: FileList | null) {
    const picked = [...(list ?? [])].filter((f) => f.type.startsWith('audio/') || /\.(mp3|flac|ogg|opus|m4a|aac|wav|aiff?)$/i.test(f.name));
    if (!picked.length) return;
    const entries = [];
    for (const [i, file] of picked.entries()) {
      setBusy(`Reading ${i + 1} of ${picked.length}: ${file.name}`);
      entries.push({ info: await describe(file), file });
    }
    await saveLocalFiles(entries);
    setBusy(null);
    await client.invalidateQueries({ queryKey: ['local-files'] });
  }

  const tracks = (files.data ?? []).map(toQueueTrack);
  return (
    <section aria-labelledby="local-title">
      <h1 id="local-title">Local files</h1>
      <p className="muted">Music on this device. It stays in this browser and plays here only; other people never see it.</p>
      <div className="inline-actions">
        <button onClick={() => input.current?.click()}>Add files…</button>
        <button onClick={() => folder.current?.click()}>Add a folder…</button>
        <input ref={input} type="file" accept="audio/*,.flac,.opus,.m4a" multiple hidden aria-label="Pick audio files" data-testid="local-file-input" onChange={(e) => void add(e.target.files)} />
        <input ref={folder} type="file" multiple hidden aria-label="Pick a folder" {...{ webkitdirectory: '' }} onChange={(e) => void add(e.target.files)} />
      </div>
      {busy && <p role="status" className="muted">{busy}</p>}
      {files.data?.length === 0 && !busy && <p className="muted">No local files yet.</p>}
      <ol className="track-list" aria-label="Local files">
        {files.data?.map((f, i) => (
          <li key={f.key} className="track-row" tabIndex={0} onDoubleClick={() => void player.playContext(tracks, i, 'runnel:local')} onKeyDown={(e) => e.key === 'Enter' && void player.playContext(tracks, i, 'runnel:local')}>
            <span className="title">{f.title}</span>
            <span className="muted">{f.artist}{f.album ? ` · ${f.album}` : ''}</span>
            <span className="muted">{clock(f.durationMs / 1000)}</span>
            <span className="row-actions">
              <button aria-label={`Play ${f.title}`} onClick={() => void player.playContext(tracks, i, 'runnel:local')}>Play</button>
              <button aria-label={`Remove ${f.title} from this device`} onClick={() => void removeLocalFile(f.key).then(() => client.invalidateQueries({ queryKey: ['local-files'] }))}>✕</button>
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
