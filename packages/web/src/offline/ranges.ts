/**
 * The part of a stored file a Range header asks for, as media elements send them
 * (`bytes=START-`, `bytes=START-END`, `bytes=-SUFFIX`): inclusive byte offsets, `null` for
 * no (or a multi-part) range, which is answered with the whole file, and 'unsatisfiable'
 * for a range past the end (416).
 */
export function parseRange(header: string | null, size: number): { start: number; end: number } | null | 'unsatisfiable' {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!match || (match[1] === '' && match[2] === '')) return null;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}
