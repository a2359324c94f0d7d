import type { ScanIssue, ScanIssueCode } from '@runnel/api';
import type { Translator } from '../../i18n/use-t.ts';
import type { MessageKey } from '../../i18n/languages.ts';

/**
 * Why the scanner skipped a file, by the issue's stable code, in the user's language. Every
 * code has its message (a code added to the API does not compile until it has one); those
 * with a detail (a parser's error, a size) quote it as the server gave it.
 */
const SCAN_ISSUE_MESSAGES: Record<ScanIssueCode, MessageKey> = {
  permission_denied: 'scanIssue.permission_denied',
  link_loop: 'scanIssue.link_loop',
  folder_loop: 'scanIssue.folder_loop',
  broken_link: 'scanIssue.broken_link',
  name_not_utf8: 'scanIssue.name_not_utf8',
  not_a_file: 'scanIssue.not_a_file',
  filesystem_error: 'scanIssue.filesystem_error',
  empty_file: 'scanIssue.empty_file',
  not_audio: 'scanIssue.not_audio',
  no_audio_stream: 'scanIssue.no_audio_stream',
  unknown_duration: 'scanIssue.unknown_duration',
  read_failed: 'scanIssue.read_failed',
  reader_crashed: 'scanIssue.reader_crashed',
  read_timeout: 'scanIssue.read_timeout',
  picture_too_large: 'scanIssue.picture_too_large',
  picture_not_image: 'scanIssue.picture_not_image',
  cover_not_image: 'scanIssue.cover_not_image',
};

/** An issue's reason in the user's language; a code this player does not know (a newer server's) keeps the server's English. */
export function scanIssueText(t: Translator, issue: ScanIssue): string {
  const key = SCAN_ISSUE_MESSAGES[issue.code] as MessageKey | undefined;
  return key ? t(key, { detail: issue.detail ?? '' }) : issue.reason;
}
