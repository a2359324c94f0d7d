import type { Readable } from 'node:stream';
import { FileChangedError, FileRangeStream, type BlockCache, type Pace } from './blocks.ts';
import type { FileStats } from './file-stats.ts';
import { notModified, parseRange, rangeStillValid, type ConditionalHeaders } from './ranges.ts';

/** A response the route writes as it is: status, headers and (for GET) a body: a stream, or chunks in memory. */
export interface StreamReply {
  status: number;
  headers: Record<string, string>;
  body?: Readable;
  /** The whole body at once, for short responses (slices of shared cached blocks). */
  chunks?: Buffer[];
  /** Bytes the body will carry (undefined: unknown, a live transcode). */
  length?: number;
  /** Bytes handed to the socket so far (for a listener who leaves early). */
  sent?: () => number;
}

export interface FileRequest extends ConditionalHeaders {
  method: 'GET' | 'HEAD';
  range?: string;
}

/** Responses up to this long are written at once from cached blocks, without a stream. */
const AT_ONCE_MAX = 1024 * 1024;

/** How a file is served: the shared block cache and file stats, and the pace of long responses (optional). */
export interface FileServing {
  blocks: BlockCache;
  stats: Pick<FileStats, 'info' | 'forget'>;
  pace?: Pace;
}

/**
 * Serves a file with single byte ranges and validators; the bytes come from the file
 * (through the shared block cache) as the client takes them, never all at once. A file
 * replaced after the headers went out ends the response early rather than mixing versions.
 * Throws ENOENT when missing.
 */
export async function sendFile(
  serving: FileServing,
  path: string,
  contentType: string,
  request: FileRequest,
  extra: Record<string, string> = {},
  retried = false,
): Promise<StreamReply> {
  const stat = await serving.stats.info(path);
  const validators = { etag: stat.etag, mtimeMs: stat.mtimeMs };
  const headers: Record<string, string> = {
    'accept-ranges': 'bytes',
    'content-type': contentType,
    etag: validators.etag,
    'last-modified': stat.lastModified,
    'cache-control': 'private, max-age=86400',
    ...extra,
  };
  if (notModified(request, validators)) return { status: 304, headers };
  const range = rangeStillValid(request.ifRange, validators) ? parseRange(request.range, stat.size) : { kind: 'full' as const };
  if (range.kind === 'unsatisfiable') {
    return { status: 416, headers: { ...headers, 'content-range': `bytes */${stat.size}`, 'content-length': '0' } };
  }
  const [start, end] = range.kind === 'partial' ? [range.start, range.end] : [0, stat.size - 1];
  const length = Math.max(0, end - start + 1);
  headers['content-length'] = String(length);
  if (range.kind === 'partial') headers['content-range'] = `bytes ${start}-${end}/${stat.size}`;
  const status = range.kind === 'partial' ? 206 : 200;
  if (request.method === 'HEAD' || length === 0) return { status, headers, length };
  // Only unbounded responses (the whole file, `bytes=N-`: what `<audio>` asks for) are
  // paced; a client asking for `bytes=a-b` does its own chunking.
  const bounded = range.kind === 'partial' && !request.range!.trim().endsWith('-');
  const pace = bounded ? undefined : serving.pace;
  const file = { path, size: stat.size, mtimeMs: stat.mtimeMs, key: stat.key };
  // A short response (players' and download managers' ranges) skips the stream machinery:
  // its blocks are written in one go, so the socket gets them in one writev.
  if (length <= AT_ONCE_MAX && !(pace && length > pace.burstBytes)) {
    try {
      return { status, headers, chunks: await serving.blocks.slices(file, start, end), length };
    } catch (error) {
      // The file changed since its stat was kept (a change its watch did not report):
      // nothing is sent yet, so answer from a fresh stat (once).
      if (!(error instanceof FileChangedError) || retried) throw error;
      serving.stats.forget(path);
      return sendFile(serving, path, contentType, request, extra, true);
    }
  }
  const body = new FileRangeStream(file, start, end, serving.blocks, pace);
  body.once('error', (error) => error instanceof FileChangedError && serving.stats.forget(path));
  return { status, headers, body, length, sent: () => body.pushed - body.readableLength };
}
