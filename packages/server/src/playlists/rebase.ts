/**
 * The merge rule for playlist edits, as pure functions over ordered lists of entry ids.
 * See README.md in this folder for the rule in prose.
 */

/** An added entry, as the change log records it. */
export interface LoggedEntry {
  entry_id: string;
  uri: string;
  added_at: number;
  added_by: string;
}

/**
 * One logged operation, stated by entry ids (so it replays exactly on any copy of the
 * list) plus the indices needed to undo it (`from`, `positions`: indices in the list as it
 * was just before the operation).
 */
export type LoggedOp =
  | { op: 'add'; index: number; after_entry_id: string | null; entries: LoggedEntry[] }
  | { op: 'move'; index: number; after_entry_id: string | null; entry_ids: string[]; from: number[] }
  | { op: 'remove'; entry_ids: string[]; positions: number[] };

/** A client's edit as sent: indices refer to the snapshot it was based on. */
export type Intent =
  | { kind: 'add'; uris: string[]; position?: number }
  | { kind: 'move'; range_start: number; range_length: number; insert_before: number }
  | { kind: 'remove'; tracks: { uri: string; positions?: number[] }[] };

/** An edit translated to entry ids: what to do to the current list. */
export type Plan =
  | { kind: 'add'; uris: string[]; after: string | null; atEnd: boolean }
  | { kind: 'move'; ids: string[]; after: string | null }
  | { kind: 'remove'; ids: string[] }
  | { kind: 'noop' };

/** Applies a logged operation to a list of entry ids (what clients do with /changes). */
export function applyOp(list: readonly string[], op: LoggedOp): string[] {
  if (op.op === 'add') {
    const at = op.after_entry_id === null ? 0 : list.indexOf(op.after_entry_id) + 1;
    return [...list.slice(0, at), ...op.entries.map((e) => e.entry_id), ...list.slice(at)];
  }
  const gone = new Set(op.entry_ids);
  const rest = list.filter((id) => !gone.has(id));
  if (op.op === 'remove') return rest;
  const at = op.after_entry_id === null ? 0 : rest.indexOf(op.after_entry_id) + 1;
  return [...rest.slice(0, at), ...op.entry_ids, ...rest.slice(at)];
}

/** Undoes a logged operation: the list as it was one revision earlier. */
export function undoOp(list: readonly string[], op: LoggedOp): string[] {
  if (op.op === 'add') {
    const added = new Set(op.entries.map((e) => e.entry_id));
    return list.filter((id) => !added.has(id));
  }
  const ids = op.entry_ids;
  const indices = op.op === 'move' ? op.from : op.positions;
  const moved = new Set(ids);
  const result = op.op === 'move' ? list.filter((id) => !moved.has(id)) : [...list];
  // Indices are those of the earlier list: re-inserting in ascending order rebuilds it.
  const order = ids.map((id, i) => [indices[i]!, id] as const).sort((a, b) => a[0] - b[0]);
  for (const [index, id] of order) result.splice(index, 0, id);
  return result;
}

/** The list at an earlier revision, from the current one and the operations since (oldest first). */
export function listAt(current: readonly string[], opsSince: readonly LoggedOp[]): string[] {
  let list = [...current];
  for (let i = opsSince.length - 1; i >= 0; i -= 1) list = undoOp(list, opsSince[i]!);
  return list;
}

/** Thrown for an edit that does not fit the snapshot it names (index out of range, wrong uri). */
export class IntentError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * Translates an edit's indices into entry ids against the list it was based on (`base`),
 * keeping only entries that still exist (`alive`). Anchors that have since been removed
 * fall back to the nearest earlier surviving entry, so an addition is never dropped.
 */
export function resolveIntent(intent: Intent, base: readonly string[], alive: (id: string) => boolean, uriOf: (id: string) => string | undefined): Plan {
  const anchorBefore = (index: number, skip?: Set<string>) => {
    for (let i = index - 1; i >= 0; i -= 1) {
      const id = base[i]!;
      if (alive(id) && !skip?.has(id)) return id;
    }
    return null;
  };
  if (intent.kind === 'add') {
    if (intent.position === undefined) return { kind: 'add', uris: intent.uris, after: null, atEnd: true };
    if (intent.position > base.length) throw new IntentError('position_out_of_range', `position ${intent.position} is past the end (${base.length} items)`);
    return { kind: 'add', uris: intent.uris, after: anchorBefore(intent.position), atEnd: false };
  }
  if (intent.kind === 'move') {
    const { range_start: start, range_length: length, insert_before: before } = intent;
    if (start + length > base.length) throw new IntentError('range_out_of_range', `range ${start}+${length} is past the end (${base.length} items)`);
    if (before > base.length) throw new IntentError('position_out_of_range', `insert_before ${before} is past the end (${base.length} items)`);
    if (before >= start && before <= start + length) return { kind: 'noop' };
    const range = base.slice(start, start + length);
    const ids = range.filter(alive);
    if (ids.length === 0) return { kind: 'noop' };
    return { kind: 'move', ids, after: anchorBefore(before, new Set(range)) };
  }
  const ids = new Set<string>();
  for (const { uri, positions } of intent.tracks) {
    if (positions) {
      for (const p of positions) {
        const id = base[p];
        if (id === undefined) throw new IntentError('position_out_of_range', `position ${p} is past the end (${base.length} items)`);
        const current = uriOf(id);
        if (current !== undefined && current !== uri) throw new IntentError('position_mismatch', `position ${p} holds ${current}, not ${uri}`);
        if (alive(id)) ids.add(id);
      }
    } else {
      for (const id of base) if (alive(id) && uriOf(id) === uri) ids.add(id);
    }
  }
  return ids.size ? { kind: 'remove', ids: [...ids] } : { kind: 'noop' };
}
