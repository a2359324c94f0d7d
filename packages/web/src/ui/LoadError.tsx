import { ApiError } from '../api/client.ts';

/**
 * Why a view could not load: offline and not stored on this device is said plainly, as a
 * state rather than an error; a 404 says `notFound`; anything else is the server's message.
 */
export function LoadError({ error, what, notFound }: { error: Error | null; what: string; notFound?: string }) {
  if (error instanceof ApiError && error.code === 'offline')
    return (
      <p className="muted unavailable-offline" role="status">
        You are offline. {what} is not stored on this device; mark it “Available offline” next time to have it here.
      </p>
    );
  return (
    <p className="error" role="alert">
      {notFound && error instanceof ApiError && error.status === 404 ? notFound : (error?.message ?? 'It could not be loaded.')}
    </p>
  );
}
