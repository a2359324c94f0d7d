import Type, { type Static } from 'typebox';
import { Strict } from './common.ts';

export const ScanKind = Type.Union([Type.Literal('quick'), Type.Literal('full')]);
export type ScanKind = Static<typeof ScanKind>;

export const ScanCounts = Type.Object({
  walked: Type.Integer({ description: 'Audio files found on disk' }),
  unchanged: Type.Integer({ description: 'Files skipped because size and mtime did not change' }),
  tags_read: Type.Integer({ description: 'Files whose tags were parsed' }),
  added: Type.Integer(),
  updated: Type.Integer(),
  moved: Type.Integer(),
  removed: Type.Integer(),
  failed: Type.Integer(),
});
export type ScanCounts = Static<typeof ScanCounts>;

/**
 * Why the scanner skipped a file or warned about it, as a stable code a client can say in its
 * own language (`reason` is the server's English sentence, for logs and older clients).
 */
export const SCAN_ISSUE_CODES = [
  'permission_denied',
  'link_loop',
  'folder_loop',
  'broken_link',
  'name_not_utf8',
  'not_a_file',
  'filesystem_error',
  'empty_file',
  'not_audio',
  'no_audio_stream',
  'unknown_duration',
  'read_failed',
  'reader_crashed',
  'read_timeout',
  'picture_too_large',
  'picture_not_image',
  'cover_not_image',
] as const;
export type ScanIssueCode = (typeof SCAN_ISSUE_CODES)[number];
export const ScanIssueCode = Type.Unsafe<ScanIssueCode>(Type.String({ enum: [...SCAN_ISSUE_CODES] }));

export const ScanIssue = Type.Object({
  path: Type.String(),
  code: ScanIssueCode,
  reason: Type.String({ description: 'In English, with the detail: for logs; a client says `code` in its language, then `detail`' }),
  detail: Type.Union([Type.String(), Type.Null()], {
    description:
      'The technical part of the reason, as the parser or the system said it (an error text, a size, a declared type); null when the code says it all',
  }),
  severity: Type.Union([Type.Literal('skipped'), Type.Literal('warning')]),
  at: Type.String({ format: 'date-time' }),
});
export type ScanIssue = Static<typeof ScanIssue>;

export const ScanStatus = Type.Object({
  state: Type.Union([Type.Literal('idle'), Type.Literal('scanning')]),
  kind: Type.Union([ScanKind, Type.Literal('watch'), Type.Null()]),
  phase: Type.Union([Type.Literal('walk'), Type.Literal('read'), Type.Literal('reconcile'), Type.Literal('artwork'), Type.Null()]),
  started_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  finished_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  counts: ScanCounts,
  files_per_second: Type.Number(),
  watching: Type.Boolean(),
  issues: Type.Array(ScanIssue, { description: 'Files that could not be (fully) read, with the reason; newest first, at most 200' }),
  issue_count: Type.Integer(),
});
export type ScanStatus = Static<typeof ScanStatus>;

export const StartScanBody = Strict({ kind: Type.Optional(ScanKind) });
export type StartScanBody = Static<typeof StartScanBody>;

export const MusicFolder = Type.Object({
  id: Type.String(),
  path: Type.String(),
  source: Type.Union([Type.Literal('config'), Type.Literal('api'), Type.Literal('demo')]),
  created_at: Type.String({ format: 'date-time' }),
});
export type MusicFolder = Static<typeof MusicFolder>;
export const MusicFolderList = Type.Object({ items: Type.Array(MusicFolder) });
export const AddMusicFolderBody = Strict({ path: Type.String({ minLength: 1, maxLength: 4096 }) });
export type AddMusicFolderBody = Static<typeof AddMusicFolderBody>;
