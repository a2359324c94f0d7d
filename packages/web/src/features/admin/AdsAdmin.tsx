import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Ad, UpdateAdBody } from '@runnel/api';
import { api, ApiError } from '../../api/client.ts';
import { clock } from '../../ui/format.ts';

/** Sends a file as the raw body of an ad upload; answers the updated ad or throws the server's message. */
async function upload(ad: Ad, which: 'audio' | 'banner', file: File): Promise<Ad> {
  const type = file.type || (which === 'audio' ? 'application/octet-stream' : 'image/png');
  const response = await fetch(`/api/v1/admin/ads/${encodeURIComponent(ad.id)}/${which}`, {
    method: 'PUT',
    credentials: 'same-origin',
    headers: { 'content-type': type },
    body: file,
  });
  const data = (await response.json().catch(() => null)) as (Ad & { error?: { message: string } }) | null;
  if (!response.ok) throw new Error(data?.error?.message ?? `Upload failed (${response.status})`);
  return data!;
}

/** House ads: what free listeners hear between tracks, with their banner, link and counts. */
export function AdsAdmin() {
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
    onError: (error) => setMessage(error.message),
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
      setMessage(error instanceof ApiError ? error.message : 'Could not make the ad');
    }
  }
  async function send(ad: Ad, which: 'audio' | 'banner', file: File | undefined) {
    if (!file) return;
    setMessage(null);
    setBusy(`${ad.id}-${which}`);
    try {
      const updated = await upload(ad, which, file);
      if (which === 'audio') setMessage(`“${updated.title}”: ${clock((updated.duration_ms ?? 0) / 1000)} at ${updated.loudness_lufs} LUFS.`);
      await refresh();
    } catch (error) {
      setMessage((error as Error).message);
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="card wide">
      <h2>Ads</h2>
      <p className="muted">Listeners on a plan with ads hear one between tracks, as often as the plan says. Audio is brought to the music’s loudness.</p>
      <table className="admin-ads">
        <thead>
          <tr>
            <th>Ad</th>
            <th>Runs</th>
            <th>Audio</th>
            <th>Banner</th>
            <th>Heard</th>
            <th>Clicks</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {ads.data?.items.map((ad) => (
            <tr key={ad.id}>
              <td>
                <div>{ad.title}</div>
                <div className="muted">
                  {ad.click_url} · {ad.running ? 'running' : 'not running'}
                </div>
              </td>
              <td>
                <Schedule ad={ad} onChange={(body) => change.mutate({ id: ad.id, body })} />
              </td>
              <td>
                {ad.duration_ms !== null ? `${clock(ad.duration_ms / 1000)} · ${ad.loudness_lufs} LUFS` : 'none'}{' '}
                <label className="button-like">
                  {busy === `${ad.id}-audio` ? 'Normalising…' : 'Upload'}
                  <input
                    type="file"
                    accept="audio/*"
                    className="sr-only"
                    aria-label={`Audio of ${ad.title}`}
                    onChange={(e) => void send(ad, 'audio', e.target.files?.[0])}
                  />
                </label>
              </td>
              <td>
                {ad.has_banner ? `${ad.banner_width}×${ad.banner_height}` : 'none'}{' '}
                <label className="button-like">
                  Upload
                  <input
                    type="file"
                    accept="image/*"
                    className="sr-only"
                    aria-label={`Banner of ${ad.title}`}
                    onChange={(e) => void send(ad, 'banner', e.target.files?.[0])}
                  />
                </label>
              </td>
              <td>{ad.impressions}</td>
              <td>{ad.clicks}</td>
              <td>
                <button onClick={() => confirm(`Delete the ad “${ad.title}”?`) && remove.mutate(ad.id)}>Delete</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="inline-actions" onSubmit={create}>
        <input aria-label="Ad title" placeholder="Title" value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={100} />
        <input aria-label="Ad link" type="url" placeholder="https://…" value={link} onChange={(e) => setLink(e.target.value)} required pattern="https://.+" />
        <button type="submit">New ad</button>
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
  return (
    <div className="ad-schedule">
      <label>
        <span>from</span>
        <input type="date" aria-label={`${ad.title} runs from`} value={day(ad.starts_at)} onChange={(e) => onChange({ starts_at: iso(e.target.value) })} />
      </label>
      <label>
        <span>until</span>
        <input type="date" aria-label={`${ad.title} runs until`} value={day(ad.ends_at)} onChange={(e) => onChange({ ends_at: iso(e.target.value) })} />
      </label>
      <label>
        <span>weight</span>
        <input
          type="number"
          min={1}
          max={1000}
          aria-label={`${ad.title} weight`}
          defaultValue={ad.weight}
          key={ad.weight}
          onBlur={(e) => Number(e.target.value) !== ad.weight && onChange({ weight: Math.min(1000, Math.max(1, Math.round(Number(e.target.value)))) })}
        />
      </label>
    </div>
  );
}
