import type { Translator } from '../../i18n/use-t.ts';
import { ApiError, type FailureCode } from '../../api/client.ts';
import type { HistoryImportResult } from '@runnel/api';

/** Sends a ListenBrainz export (JSON, JSON lines or its zip) as the body of an import; answers what it did or throws the server's error (ApiError). */
export async function importHistory(file: File): Promise<HistoryImportResult> {
  const zip = /\.zip$/i.test(file.name);
  const type = zip ? 'application/zip' : /\.jsonl$/i.test(file.name) ? 'application/x-ndjson' : 'application/json';
  const response = await fetch('/api/v1/me/history/import', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': type }, body: file });
  const data = (await response.json().catch(() => null)) as (HistoryImportResult & { error?: { code: FailureCode; message: string } }) | null;
  if (!response.ok) throw new ApiError(response.status, data?.error?.code ?? 'http_error', data?.error?.message ?? '');
  return data!;
}

/** What an import did: one sentence per fact, each a whole message of the catalogue. */
export function importMessage(r: HistoryImportResult, t: Translator): string {
  const lines = [t('history.imported', { added: r.added, listens: r.listens })];
  if (r.duplicates) lines.push(t('history.importedDuplicates', { count: r.duplicates }));
  if (r.unmatched) lines.push(t('history.importedUnmatched', { count: r.unmatched }));
  return lines.join(' ');
}

/**
 * The browser's time zone (an IANA name), sent with the history's dates and the year summary
 * so that their days and years are the listener's; undefined (the server counts in UTC) when
 * the browser does not say.
 */
export const browserZone = (): string | undefined => {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  // A browser that cannot tell its zone says Etc/Unknown (or nothing): then the server's UTC.
  return zone && zone !== 'Etc/Unknown' ? zone : undefined;
};

/** The `before` cursor of a `next` link. */
export const cursorOf = (link: string | null) => (link ? (new URL(link, location.origin).searchParams.get('before') ?? undefined) : undefined);
