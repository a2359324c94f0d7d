import { useState } from 'react';
import { api } from '../../api/client.ts';
import { useT } from '../../i18n/use-t.ts';
import { errorText } from '../../i18n/errors.ts';

/**
 * "Public link" in the Send dialog: makes a link anyone can open without an account (a page
 * that plays the item, with a preview in chats), shows it and copies it. What it plays is
 * fixed now: a playlist's later additions are not shared. Links are listed, and turned off,
 * in Settings.
 */
export function PublicLink({ uri }: { uri: string }) {
  const t = useT();
  const [url, setUrl] = useState<string | null>(null);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function create() {
    setBusy(true);
    setStatus(null);
    try {
      const link = await api('POST /me/share-links', { body: { uri } });
      setUrl(link.url);
      await copy(link.url);
    } catch (e) {
      setStatus({ ok: false, text: errorText(e, 'links.failed') });
    } finally {
      setBusy(false);
    }
  }

  async function copy(text: string) {
    try {
      await navigator.clipboard.writeText(text);
      setStatus({ ok: true, text: t('links.copied') });
    } catch {
      // Pages served over plain HTTP may not write to the clipboard: the link is shown to copy by hand.
      setStatus({ ok: true, text: t('links.ready') });
    }
  }

  return (
    <section className="public-link" aria-label={t('links.public')}>
      <h3>{t('links.orShare')}</h3>
      <p className="muted">{t('links.anyone')}</p>
      {url ? (
        <div className="inline-actions">
          <input readOnly aria-label={t('links.public')} value={url} onFocus={(e) => e.currentTarget.select()} />
          <button onClick={() => void copy(url)}>{t('apps.copy')}</button>
        </div>
      ) : (
        <button disabled={busy} onClick={() => void create()}>
          {t('links.create')}
        </button>
      )}
      {status && (
        <p role={status.ok ? 'status' : 'alert'} className={status.ok ? 'ok' : 'error'}>
          {status.text}
        </p>
      )}
    </section>
  );
}
