import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { fileEtag, notModified, parseRange, rangeStillValid, type ConditionalHeaders } from './ranges.ts';

/** A response the route writes as it is: status, headers and (for GET) a body stream. */
export interface StreamReply {
  status: number;
  headers: Record<string, string>;
  body?: Readable;
  /** Bytes the body will carry (undefined: unknown, a live transcode). */
  length?: number;
  /** Bytes handed to the socket so far (for a listener who leaves early). */
  sent?: () => number;
}

export interface FileRequest extends ConditionalHeaders {
  method: 'GET' | 'HEAD';
  range?: string;
}

// Big enough for few syscalls per megabyte, small enough that thousands of paused
// listeners hold little memory each.
const CHUNK = 64 * 1024;

/**
 * Serves a file with single byte ranges and validators; the bytes come from the file as
 * the client takes them, never all at once. Validators come from the open descriptor,
 * so a file replaced meanwhile is described as it is read. Throws ENOENT when missing.
 */
export async function sendFile(path: string, contentType: string, request: FileRequest, extra: Record<string, string> = {}): Promise<StreamReply> {
  const handle = await open(path, 'r');
  let handed = false;
  try {
    const stat = await handle.stat();
    const validators = { etag: fileEtag(stat.size, stat.mtimeMs), mtimeMs: stat.mtimeMs };
    const headers: Record<string, string> = {
      'accept-ranges': 'bytes',
      'content-type': contentType,
      etag: validators.etag,
      'last-modified': new Date(stat.mtimeMs).toUTCString(),
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
    // The stream owns the descriptor from here: it closes it when it ends or is destroyed.
    const body = createReadStream(path, { fd: handle, start, end, highWaterMark: Math.min(CHUNK, length), autoClose: true });
    handed = true;
    return { status, headers, body, length, sent: () => body.bytesRead - body.readableLength };
  } finally {
    if (!handed) await handle.close().catch(() => {});
  }
}
