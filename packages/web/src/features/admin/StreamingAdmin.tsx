import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';

/** What the transcoder is doing (each plan's highest bitrate is in PlansAdmin). */
export function StreamingAdmin() {
  const status = useQuery({ queryKey: ['streaming-status'], queryFn: () => api('GET /admin/streaming/status'), refetchInterval: 5000 });
  const st = status.data;
  return (
    <div className="card wide">
      <h2>Streaming</h2>
      {st && (
        <p className="muted">
          {st.transcoding ? `Transcoding with ${st.ffmpeg_path}` : 'Transcoding unavailable: ffmpeg was not found, originals only'} · {st.transcodes_running}{' '}
          running, {st.transcodes_queued} queued · cache {(st.cache_bytes / 1e6).toFixed(0)} of {(st.cache_max_bytes / 1e6).toFixed(0)} MB
        </p>
      )}
    </div>
  );
}
