import Type, { type Static } from 'typebox';
import { Paging } from './common.ts';
import { PageQuery } from './catalog.ts';

/** What can be downloaded: a track (its file), an album or a playlist (one zip each). */
export const DownloadKind = Type.Union([Type.Literal('track'), Type.Literal('album'), Type.Literal('playlist')]);
export type DownloadKind = Static<typeof DownloadKind>;

/** Something you downloaded, listed once (at its latest download) so you can fetch it again. */
export const DownloadItem = Type.Object({
  kind: DownloadKind,
  id: Type.String(),
  name: Type.String({ description: 'Its name now, or as it was downloaded when it is no longer available' }),
  subtitle: Type.Optional(Type.String({ description: "Who made it: a track's or album's artists, a playlist's owner" })),
  downloaded_at: Type.String({ format: 'date-time', description: 'The latest download' }),
  href: Type.String({ description: 'The download URL (`/api/v1/{kind}s/{id}/download`)' }),
  image: Type.Optional(Type.String({ description: 'A small picture of it (64 px for albums and tracks)' })),
  available: Type.Boolean({ description: 'false: the track or album left the library, or the playlist was deleted or is no longer yours to see' }),
});
export type DownloadItem = Static<typeof DownloadItem>;

export const DownloadPage = Paging(DownloadItem);
export type DownloadPage = Static<typeof DownloadPage>;

export const DownloadsQuery = PageQuery;
export type DownloadsQuery = Static<typeof DownloadsQuery>;
