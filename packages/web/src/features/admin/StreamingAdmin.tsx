import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { size } from '../../ui/format.ts';
import { useT } from '../../i18n/use-t.ts';

/** What the transcoder is doing (each plan's highest bitrate is in PlansAdmin). */
export function StreamingAdmin() {
  const t = useT();
  const status = useQuery({ queryKey: ['streaming-status'], queryFn: () => api('GET /admin/streaming/status'), refetchInterval: 5000 });
  const st = status.data;
  return (
    <div className="card wide">
      <h2>{t('admin.streaming')}</h2>
      {st && (
        <p className="muted">
          {st.transcoding ? t('admin.transcodingWith', { path: st.ffmpeg_path ?? '' }) : t('admin.noTranscoding')} ·{' '}
          {t('admin.transcodes', {
            running: st.transcodes_running,
            queued: st.transcodes_queued,
            cache: size(t.intl, st.cache_bytes),
            max: size(t.intl, st.cache_max_bytes),
          })}
        </p>
      )}
    </div>
  );
}
