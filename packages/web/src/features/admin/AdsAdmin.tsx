import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Ad, UpdateAdBody } from '@runnel/api';
import { api, ApiError, type FailureCode } from '../../api/client.ts';
import { errorText } from '../../i18n/errors.ts';
import { useT } from '../../i18n/use-t.ts';
import { clock } from '../../ui/format.ts';

/** Sends a file as the raw body of an ad upload; answers the updated ad or throws the server's error (ApiError). */
async function upload(ad: Ad, which: 'audio' | 'banner', file: File): Promise<Ad> {
  const type = file.type || (which === 'audio' ? 'application/octet-stream' : 'image/png');
  const response = await fetch(`/api/v1/admin/ads/${encodeURIComponent(ad.id)}/${which}`, {
    method: 'PUT',
    credentials: 'same-origin',
    headers: { 'content-type': type },
    body: file,
  });
  const data = (await response.json().catch(() => null)) as (Ad & { error?: { code: FailureCode; message: string } }) | null;
  if (!response.ok) throw new ApiError(response.status, data?.error?.code ?? 'http_error', data?.error?.message ?? '');
  return data!;
}

/** House ads: what free listeners hear between tracks, with their banner, link and counts. */
export function AdsAdmin() {
  const t = useT();
  const client = useQueryClient();
  const ads = useQuery({ queryKey: ['admin-ads'], queryFn: () => api('GET /admin/ads') });
  const refresh = () => client.invalidateQueries({ queryKey: ['admin-ads'] });
  const [title, setTitle] = useState('');
  const [link, setLink] = useState('https://');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const remove = useMutation({ mutationFn: (id: string) => api('DELETE /admin/ads/:id', { params: { id } }), onSuccess: refresh });
  const change = useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateAdBody }) => api('PATCH /admin/ads/:id', { params: { id }, body }),
    onSuccess: refresh,
    onError: (error) => setMessage(errorText(error, 'ads.changeFailed')),
  });

  async function create(e: FormEvent) {
    e.preventDefault();
    setMessage(null);
    try {
      await api('POST /admin/ads', { body: { title, click_url: link } });
      setTitle('');
      setLink('https://');
      await refresh();
    } catch (error) {
      setMessage(errorText(error, 'ads.createFailed'));
    }
  }
  async function send(ad: Ad, which: 'audio' | 'banner', file: File | undefined) {
    if (!file) return;
    setMessage(null);
    setBusy(`${ad.id}-${which}`);
    try {
      const updated = await upload(ad, which, file);
      if (which === 'audio')
        setMessage(t('ads.uploaded', { title: updated.title, length: clock((updated.duration_ms ?? 0) / 1000), lufs: updated.loudness_lufs ?? 0 }));
      await refresh();
    } catch (error) {
      setMessage(errorText(error, 'ads.uploadFailed'));
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="card wide">
      <h2>{t('ads.title')}</h2>
      <p className="muted">{t('ads.explained')}</p>
      <table className="admin-ads">
        <thead>
          <tr>
            <th>{t('ads.colAd')}</th>
            <th>{t('ads.colRuns')}</th>
            <th>{t('ads.colAudio')}</th>
            <th>{t('ads.colBanner')}</th>
            <th>{t('ads.colHeard')}</th>
            <th>{t('ads.colClicks')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {ads.data?.items.map((ad) => (
            <tr key={ad.id}>
              <td>
                <div>{ad.title}</div>
                <div className="muted">
                  {ad.click_url} · {ad.running ? t('ads.running') : t('ads.notRunning')}
                </div>
              </td>
              <td>
                <Schedule ad={ad} onChange={(body) => change.mutate({ id: ad.id, body })} />
              </td>
              <td>
                {ad.duration_ms !== null ? `${clock(ad.duration_ms / 1000)} · ${ad.loudness_lufs} LUFS` : t('ads.none')}{' '}
                <label className="button-like">
                  {busy === `${ad.id}-audio` ? t('ads.normalising') : t('ads.upload')}
                  <input
                    type="file"
                    accept="audio/*"
                    className="sr-only"
                    aria-label={t('ads.audioOf', { title: ad.title })}
                    onChange={(e) => void send(ad, 'audio', e.target.files?.[0])}
                  />
                </label>
              </td>
              <td>
                {ad.has_banner ? `${ad.banner_width}×${ad.banner_height}` : t('ads.none')}{' '}
                <label className="button-like">
                  {t('ads.upload')}
                  <input
                    type="file"
                    accept="image/*"
                    className="sr-only"
                    aria-label={t('ads.bannerOf', { title: ad.title })}
                    onChange={(e) => void send(ad, 'banner', e.target.files?.[0])}
                  />
                </label>
              </td>
              <td>{ad.impressions}</td>
              <td>{ad.clicks}</td>
              <td>
                <button onClick={() => confirm(t('ads.confirmDelete', { title: ad.title })) && remove.mutate(ad.id)}>{t('common.delete')}</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="inline-actions" onSubmit={create}>
        <input
          aria-label={t('ads.adTitle')}
          placeholder={t('ads.titlePlaceholder')}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          required
          maxLength={100}
        />
        <input
          aria-label={t('ads.adLink')}
          type="url"
          placeholder="https://…"
          value={link}
          onChange={(e) => setLink(e.target.value)}
          required
          pattern="https://.+"
        />
        <button type="submit">{t('ads.newAd')}</button>
      </form>
      {message && <p role="status">{message}</p>}
    </div>
  );
}

/** `2026-12-06T00:00:00.000Z` → `2026-12-06` for a date input, and back (midnight UTC). */
const day = (iso: string | null) => iso?.slice(0, 10) ?? '';
const iso = (value: string) => (value ? new Date(`${value}T00:00:00Z`).toISOString() : null);

/** When an ad runs (from, until; empty: always) and its weight among the ads running. */
function Schedule({ ad, onChange }: { ad: Ad; onChange: (body: UpdateAdBody) => void }) {
  const t = useT();
  return (
    <div className="ad-schedule">
      <label>
        <span>{t('ads.from')}</span>
        <input
          type="date"
          aria-label={t('ads.runsFrom', { title: ad.title })}
          value={day(ad.starts_at)}
          onChange={(e) => onChange({ starts_at: iso(e.target.value) })}
        />
      </label>
      <label>
        <span>{t('ads.until')}</span>
        <input
          type="date"
          aria-label={t('ads.runsUntil', { title: ad.title })}
          value={day(ad.ends_at)}
          onChange={(e) => onChange({ ends_at: iso(e.target.value) })}
        />
      </label>
      <label>
        <span>{t('ads.weight')}</span>
        <input
          type="number"
          min={1}
          max={1000}
          aria-label={t('ads.weightOf', { title: ad.title })}
          defaultValue={ad.weight}
          key={ad.weight}
          onBlur={(e) => Number(e.target.value) !== ad.weight && onChange({ weight: Math.min(1000, Math.max(1, Math.round(Number(e.target.value)))) })}
        />
      </label>
    </div>
  );
}
