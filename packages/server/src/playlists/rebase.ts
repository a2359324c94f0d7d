import type { ErrorCode } from '@runnel/api';

/**
 * The merge rule for playlist edits, as pure functions over ordered lists of entry ids.
 * See README.md in this folder for the rule in prose.
 */

/**
 * One logged operation, stated by entry ids (so it replays exactly on any copy of the
 * list; an add's entries were all added by the change's user at its time) plus the indices needed to undo it (`from`, `positions`: indices in the list as it
 * was just before the operation).
 */
export type LoggedOp =
  | { op: 'add'; index: number; after_entry_id: string | null; entry_ids: string[]; uris: string[] }
  | { op: 'move'; index: number; after_entry_id: string | null; entry_ids: string[]; from: number[] }
  | { op: 'remove'; entry_ids: string[]; positions: number[] };

/** A client's edit as sent: indices refer to the snapshot it was based on. */
export type Intent =
  | { kind: 'add'; uris: string[]; position?: number }
  | { kind: 'move'; range_start: number; range_length: number; insert_before: number }
  | { kind: 'remove'; tracks: { uri: string; positions?: number[] }[] };

/**
 * Where the entry that stood at index `i` of the list at the base revision stands now,
 * carried forward through the operations logged since (oldest first); null when one of
 * them removed it. This is what translates a stale edit's indices into entries.
 */
export function carryForward(i: number, opsSince: readonly LoggedOp[]): number | null {
  let at = i;
  for (const op of opsSince) {
    if (op.op === 'add') {
      if (at >= op.index) at += op.entry_ids.length;
      continue;
    }
    const touched = op.op === 'move' ? op.from : op.positions;
    const j = touched.indexOf(at);
    if (op.op === 'remove') {
      if (j >= 0) return null;
      at -= countBelow(touched, at);
      continue;
    }
    if (j >= 0) {
      at = op.index + j;
      continue;
    }
    at -= countBelow(touched, at);
    if (at >= op.index) at += touched.length;
  }
  return at;
}

/** How many of `indices` are below `i`. */
export function countBelow(indices: readonly number[], i: number): number {
  let n = 0;
  for (const x of indices) if (x < i) n += 1;
  return n;
}

/** The length of the list at the base revision, from today's length and the operations since. */
export function lengthAt(count: number, opsSince: readonly LoggedOp[]): number {
  return opsSince.reduce((n, op) => (op.op === 'add' ? n - op.entry_ids.length : op.op === 'remove' ? n + op.positions.length : n), count);
}

/** Thrown for an edit that does not fit the snapshot it names (index out of range, wrong uri). */
export class IntentError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
