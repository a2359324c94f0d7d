import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { useT } from '../../i18n/use-t.ts';
import { errorText } from '../../i18n/errors.ts';

/**
 * "Add a speaker": UPnP/DLNA renderers on the network (found by SSDP, or by the address of
 * their description), which Runnel then drives as one of the user's devices.
 */
export function AddSpeaker({ onAdded }: { onAdded: () => void }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [url, setUrl] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const found = useQuery({ queryKey: ['renderers'], queryFn: () => api('GET /me/player/renderers/discover'), enabled: open, staleTime: 30_000 });
  const add = async (address: string) => {
    setBusy(true);
    setError(null);
    try {
      await api('POST /me/player/renderers', { body: { url: address } });
      setUrl('');
      setOpen(false);
      onAdded();
    } catch (e) {
      setError(errorText(e, 'speaker.failed'));
    } finally {
      setBusy(false);
    }
  };
  if (!open)
    return (
      <button className="link small add-speaker" onClick={() => setOpen(true)}>
        {t('speaker.open')}
      </button>
    );
  return (
    <section className="add-speaker" aria-label={t('speaker.add')}>
      <h3 className="kicker">{t('speaker.onNetwork')}</h3>
      {found.isPending && <p className="muted small">{t('speaker.looking')}</p>}
      {found.data && !found.data.renderers.length && <p className="muted small">{t('speaker.none')}</p>}
      <ul>
        {found.data?.renderers.map((r) => (
          <li key={r.url}>
            <span>{r.name}</span>
            <button className="link small" disabled={busy} onClick={() => void add(r.url)}>
              {t('speaker.addButton')}
            </button>
          </li>
        ))}
      </ul>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (url.trim()) void add(url.trim());
        }}
      >
        <input aria-label={t('speaker.address')} placeholder="http://192.168.1.20:49494/description.xml" value={url} onChange={(e) => setUrl(e.target.value)} />
        <button className="small" disabled={busy || !url.trim()}>
          {t('speaker.addButton')}
        </button>
      </form>
      {error && (
        <p className="error small" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
