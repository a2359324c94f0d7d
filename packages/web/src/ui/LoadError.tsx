import { ApiError } from '../api/client.ts';
import { errorText } from '../i18n/errors.ts';
import { useT } from '../i18n/use-t.ts';

/**
 * Why a view could not load: offline and not stored on this device is said plainly, as a
 * state rather than an error; a 404 says `notFound`; anything else is the server's message.
 */
export function LoadError({ error, what, notFound }: { error: Error | null; what: string; notFound?: string }) {
  const t = useT();
  if (error instanceof ApiError && error.code === 'offline')
    return (
      <p className="muted unavailable-offline" role="status">
        {t('offline.notStored', { what })}
      </p>
    );
  return (
    <p className="error" role="alert">
      {notFound && error instanceof ApiError && error.status === 404 ? notFound : errorText(error, 'common.couldNotLoad')}
    </p>
  );
}
