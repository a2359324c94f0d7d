import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { StreamingSettings } from '@runnel/api';
import { api } from '../../api/client.ts';

const CHOICES = [96, 128, 160, 192, 256, 320, 10000];
const label = (kbps: number) => (kbps >= 10000 ? 'Original quality' : `${kbps} kbps`);

/** The highest bitrate each tier may stream, and what the transcoder is doing. */
export function StreamingAdmin() {
  const client = useQueryClient();
  const settings = useQuery({ queryKey: ['streaming-settings'], queryFn: () => api('GET /admin/streaming/settings') });
  const status = useQuery({ queryKey: ['streaming-status'], queryFn: () => api('GET /admin/streaming/status'), refetchInterval: 5000 });
  const save = useMutation({
    mutationFn: (patch: Partial<StreamingSettings>) => api('PATCH /admin/streaming/settings', { body: patch }),
    onSuccess: (s) => client.setQueryData(['streaming-settings'], s),
  });
  const s = settings.data;
  const st = status.data;
  return (
    <div className="card wide">
      <h2>Streaming</h2>
      {s && (
        <div className="inline-actions">
          <label>
            Free tier up to
            <select value={s.free_max_bitrate} onChange={(e) => save.mutate({ free_max_bitrate: Number(e.target.value) })}>
              {CHOICES.map((c) => (
                <option key={c} value={c}>
                  {label(c)}
                </option>
              ))}
            </select>
          </label>
          <label>
            Premium up to
            <select value={s.premium_max_bitrate} onChange={(e) => save.mutate({ premium_max_bitrate: Number(e.target.value) })}>
              {CHOICES.map((c) => (
                <option key={c} value={c}>
                  {label(c)}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      {st && (
        <p className="muted">
          {st.transcoding ? `Transcoding with ${st.ffmpeg_path}` : 'Transcoding unavailable: ffmpeg was not found, originals only'} · {st.transcodes_running}{' '}
          running, {st.transcodes_queued} queued · cache {(st.cache_bytes / 1e6).toFixed(0)} of {(st.cache_max_bytes / 1e6).toFixed(0)} MB
        </p>
      )}
    </div>
  );
}
