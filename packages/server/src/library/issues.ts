import type { ScanIssueCode } from '@runnel/api';

/**
 * Why a file was skipped or warned about: a stable code (said by clients in their language),
 * the technical detail a parser or the system gave (shown as it is), and the English reason
 * made of both (for logs, the CLI and the API's `reason`).
 */
export interface ScanProblem {
  code: ScanIssueCode;
  detail: string | null;
  reason: string;
}

/** The English reason of each code; `detail` is what the code's sentence quotes, if anything. */
const REASONS: Record<ScanIssueCode, (detail: string | null) => string> = {
  permission_denied: () => 'permission denied',
  link_loop: () => 'symbolic link loop, skipped',
  folder_loop: () => 'symbolic link loop (directory links back to its own ancestor), skipped',
  broken_link: () => 'broken symbolic link or vanished file',
  name_not_utf8: () => 'file name is not valid UTF-8, skipped',
  not_a_file: () => 'not a regular file (device, FIFO or socket), skipped',
  filesystem_error: (detail) => detail ?? 'could not be read from disk',
  empty_file: () => 'empty file (0 bytes)',
  not_audio: (detail) => `not readable as audio: ${detail}`,
  no_audio_stream: () => 'no audio stream found',
  unknown_duration: () => 'no audio stream found (unknown duration)',
  read_failed: (detail) => `could not read: ${detail}`,
  reader_crashed: () => 'the reader thread crashed on this file',
  read_timeout: (detail) => `reading took longer than ${detail}, skipped`,
  picture_too_large: (detail) => `embedded picture too large (${detail}), ignored`,
  picture_not_image: (detail) => `embedded picture is not a JPEG, PNG, GIF or WebP image (declared ${detail}), ignored`,
  cover_not_image: () => 'cover file is not a JPEG, PNG, GIF or WebP image, ignored',
};

/** A scan problem by its code, with the detail its reason quotes. */
export function problem(code: ScanIssueCode, detail: string | null = null): ScanProblem {
  return { code, detail, reason: REASONS[code](detail) };
}

/** A filesystem error as a scan problem (the system's message kept for errors without a code of ours). */
export function filesystemProblem(error: unknown): ScanProblem {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'EACCES':
    case 'EPERM':
      return problem('permission_denied');
    case 'ELOOP':
      return problem('link_loop');
    case 'ENOENT':
      return problem('broken_link');
    default:
      return problem('filesystem_error', (error as Error).message);
  }
}
