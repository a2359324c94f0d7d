import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Ad } from '@runnel/api';
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
