import { useState } from 'react';
import { api, ApiError } from '../../api/client.ts';

/**
 * "Public link" in the Send dialog: makes a link anyone can open without an account (a page
 * that plays the item, with a preview in chats), shows it and copies it. What it plays is
 * fixed now: a playlist's later additions are not shared. Links are listed, and turned off,
 * in Settings.
 */
export function PublicLink({ uri }: { uri: string }) {
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
      setStatus({ ok: false, text: e instanceof ApiError ? e.message : 'Could not make a link' });
    } finally {
      setBusy(false);
    }
  }

  async function copy(text: string) {
    try {
      await navigator.clipboard.writeText(text);
      setStatus({ ok: true, text: 'Link copied' });
    } catch {
      // Pages served over plain HTTP may not write to the clipboard: the link is shown to copy by hand.
      setStatus({ ok: true, text: 'Link ready: copy it from the box' });
    }
  }

  return (
    <section className="public-link" aria-label="Public link">
      <h3>Or share a link</h3>
      <p className="muted">Anyone with the link can listen, without an account.</p>
      {url ? (
        <div className="inline-actions">
          <input readOnly aria-label="Public link" value={url} onFocus={(e) => e.currentTarget.select()} />
          <button onClick={() => void copy(url)}>Copy</button>
        </div>
      ) : (
        <button disabled={busy} onClick={() => void create()}>
          Create public link
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
