/** The outcome of reading a Range header against a representation of `size` bytes. */
export type RangeResult = { kind: 'full' } | { kind: 'partial'; start: number; end: number } | { kind: 'unsatisfiable' };

const SPEC = /^(\d{0,15})-(\d{0,15})$/;
/** One bounded range, `bytes=a-b`, with nothing around it. */
const SIMPLE = /^bytes=(\d{1,15})-(\d{1,15})$/;

/**
 * Reads a single byte range: `bytes=a-b`, open-ended `bytes=a-` and suffix `bytes=-n`.
 * Another unit is ignored (the whole file is sent, as RFC 9110 allows); so is a list of
 * several ranges, which players do not send. A malformed or unsatisfiable bytes range
 * is a 416.
 */
export function parseRange(header: string | undefined, size: number): RangeResult {
  if (header === undefined) return { kind: 'full' };
  // What players send nearly every time, read without splitting and trimming.
  const simple = SIMPLE.exec(header);
  if (simple) {
    const start = Number(simple[1]);
    if (start >= size || Number(simple[2]) < start) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start, end: Math.min(Number(simple[2]), size - 1) };
  }
  const value = header.trim();
  if (!/^bytes\s*=/i.test(value)) return { kind: 'full' };
  const specs = value
    .slice(value.indexOf('=') + 1)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (specs.length > 1 && specs.every((s) => SPEC.test(s))) return { kind: 'full' };
  const match = specs.length === 1 ? SPEC.exec(specs[0]!) : null;
  if (!match) return { kind: 'unsatisfiable' };
  const [, first, last] = match as unknown as [string, string, string];
  if (first === '') {
    const suffix = last === '' ? 0 : Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size || (last !== '' && Number(last) < start)) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end };
}

/** Validators of one representation of a resource. */
export interface Validators {
  /** Strong ETag, quoted. */
  etag: string;
  mtimeMs: number;
}

export interface ConditionalHeaders {
  ifNoneMatch?: string;
  ifModifiedSince?: string;
  ifRange?: string;
}

/** A strong ETag for a file of this size and modification time (the form nginx uses). */
export function fileEtag(size: number, mtimeMs: number): string {
  return `"${Math.floor(mtimeMs / 1000).toString(16)}-${size.toString(16)}"`;
}

/** True when the client's copy is current: answer 304 (If-None-Match wins over If-Modified-Since). */
export function notModified(headers: ConditionalHeaders, v: Validators): boolean {
  if (headers.ifNoneMatch !== undefined) {
    const tags = headers.ifNoneMatch.split(',').map((t) => t.trim().replace(/^W\//, ''));
    return tags.includes('*') || tags.includes(v.etag);
  }
  if (headers.ifModifiedSince !== undefined) {
    const since = Date.parse(headers.ifModifiedSince);
    return !Number.isNaN(since) && Math.floor(v.mtimeMs / 1000) * 1000 <= since;
  }
  return false;
}

/** If-Range: a Range applies only while the client's validator still matches (strong ETag or exact date). */
export function rangeStillValid(ifRange: string | undefined, v: Validators): boolean {
  if (ifRange === undefined) return true;
  const value = ifRange.trim();
  if (value.startsWith('"') || value.startsWith('W/')) return value === v.etag;
  const date = Date.parse(value);
  return !Number.isNaN(date) && date === Math.floor(v.mtimeMs / 1000) * 1000;
}
