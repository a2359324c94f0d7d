import { useId, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Icon } from '../../ui/icons.tsx';
import { DOWNLOADS_KEY, useDownloadRight } from './plan.ts';
import { useT } from '../../i18n/use-t.ts';

/**
 * "Download" on an album or playlist page: a plain link to the zip when your plan allows
 * downloads (the browser saves it as the server names it), otherwise a button that says
 * downloads are part of Premium.
 */
export function DownloadButton({ href, name }: { href: string; name: string }) {
  const t = useT();
  const { allowed, premium } = useDownloadRight();
  const [explaining, setExplaining] = useState(false);
  const client = useQueryClient();
  const note = useId();
  if (allowed === undefined) return null;
  if (allowed)
    return (
      <a
        className="button-link"
        href={href}
        download
        aria-label={t('downloads.download', { name })}
        // The server lists it once the download has started; a moment later the list is fetched again.
        onClick={() => setTimeout(() => void client.invalidateQueries({ queryKey: DOWNLOADS_KEY }), 1500)}
      >
        <Icon name="download" size={16} /> {t('downloads.button')}
      </a>
    );
  return (
    <span className="download-locked">
      <button aria-expanded={explaining} aria-controls={note} onClick={() => setExplaining((shown) => !shown)}>
        <Icon name="download" size={16} /> {t('downloads.button')}
      </button>
      {explaining && (
        <span id={note} className="download-note">
          {t('downloads.premium', { premium: premium ?? '' })}
        </span>
      )}
    </span>
  );
}
