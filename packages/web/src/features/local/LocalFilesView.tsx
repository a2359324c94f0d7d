import { useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { TrackList } from '../../tracks/TrackList.tsx';
import { describe, removeLocalFile, saveLocalFiles, toRow } from './local-files.ts';
import { useLocalFiles } from './use-local-files.ts';

/**
 * Local files: music on this device, played in the same player. Rows work like any track
 * row: double-click plays, right-click queues or adds to a playlist, drag onto a playlist.
 */
export function LocalFilesView() {
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
      setBusy(`Reading ${i + 1} of ${picked.length}: ${file.name}`);
      entries.push({ info: await describe(file), file });
    }
    await saveLocalFiles(entries);
    setBusy(null);
    await client.invalidateQueries({ queryKey: ['local-files'] });
  }

  const rows = (files.data ?? []).map(toRow);
  return (
    <section aria-labelledby="local-title">
      <h1 id="local-title">Local files</h1>
      <p className="muted">
        Music on this device. The files stay in this browser and play here only. Added to a playlist, a file shows on your other devices too, and plays wherever
        the same file was added.
      </p>
      <div className="inline-actions">
        <button onClick={() => input.current?.click()}>Add files…</button>
        <button onClick={() => folder.current?.click()}>Add a folder…</button>
        <input
          ref={input}
          type="file"
          accept="audio/*,.flac,.opus,.m4a"
          multiple
          hidden
          aria-label="Pick audio files"
          data-testid="local-file-input"
          onChange={(e) => void add(e.target.files)}
        />
        <input ref={folder} type="file" multiple hidden aria-label="Pick a folder" {...{ webkitdirectory: '' }} onChange={(e) => void add(e.target.files)} />
      </div>
      {busy && (
        <p role="status" className="muted">
          {busy}
        </p>
      )}
      {files.data?.length === 0 && !busy && <p className="muted">No local files yet.</p>}
      {rows.length > 0 && (
        <TrackList
          items={rows}
          contextUri="runnel:local"
          label="Local files"
          markLocal={false}
          removeLabel="Remove from this device"
          onRemove={(i) => void removeLocalFile(rows[i]!.queue.localKey!).then(() => client.invalidateQueries({ queryKey: ['local-files'] }))}
        />
      )}
    </section>
  );
}
