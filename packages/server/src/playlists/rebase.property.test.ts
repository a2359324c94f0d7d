import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { PlaylistChange } from '@runnel/api';
import { testApp, type TestApp, type TestUser } from '../testing/app.ts';
import { testDbKind } from '../testing/database.ts';
import { TEST_TRACK_IDS, testCatalog } from '../testing/test-catalog.ts';

/**
 * Property test of the merge rule: 2–5 clients edit one playlist from stale snapshots
 * (sequentially and in concurrent bursts); afterwards every client converges on the
 * server's order, no entry is duplicated, every added entry survives unless a remove named
 * it, and every remove/move hit exactly the entries the client pointed at.
 * 200 cases on SQLite, 120 on PostgreSQL (each case is a few dozen HTTP requests; ~8 s and ~25 s).
 */
const CASES = testDbKind === 'postgres' ? 120 : 200;
const POOL = TEST_TRACK_IDS.slice(0, 6).map((id) => `runnel:track:${id}`);

function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)), pick: <T>(xs: T[]) => xs[Math.floor(next() * xs.length)]! };
}

/** A client's copy: entry ids in order with their uris, at a revision. Replays changes independently of the server code. */
interface View {
  revision: number;
  snapshot: string;
  ids: string[];
}

function replay(ids: string[], change: PlaylistChange, uris: Map<string, string>): string[] {
  if (change.op === 'add') {
    for (const e of change.entries) uris.set(e.entry_id, e.uri);
    const at = change.after_entry_id === null ? 0 : ids.indexOf(change.after_entry_id) + 1;
    assert.ok(change.after_entry_id === null || at > 0, 'add anchor exists in the replayed list');
    return [...ids.slice(0, at), ...change.entries.map((e) => e.entry_id), ...ids.slice(at)];
  }
  const gone = new Set(change.entry_ids);
  const rest = ids.filter((id) => !gone.has(id));
  if (change.op === 'remove') return rest;
  const at = change.after_entry_id === null ? 0 : rest.indexOf(change.after_entry_id) + 1;
  return [...rest.slice(0, at), ...change.entry_ids, ...rest.slice(at)];
}

type Sent =
  | { kind: 'add'; view: View; uris: string[]; position?: number }
  | { kind: 'move'; view: View; start: number; length: number; before: number }
  | { kind: 'remove'; view: View; tracks: { uri: string; positions?: number[] }[] };

describe(`playlist merge property (${CASES} cases, ${testDbKind})`, () => {
  let t: TestApp;
  let users: TestUser[];
  before(async () => {
    t = await testApp({ catalogLookup: testCatalog() });
    users = [];
    for (let i = 0; i < 5; i += 1) users.push(await t.makeUser());
  });
  after(() => t.close());

  test('random concurrent edits from stale snapshots converge without losing or duplicating entries', async (ctx) => {
    const uris = new Map<string, string>();
    const stats = { edits: 0, stale: 0 };
    for (let c = 0; c < CASES; c += 1) {
      const seed = 1000 + c;
      try {
        await runCase(seed, uris, stats);
      } catch (error) {
        (error as Error).message = `seed ${seed}: ${(error as Error).message}`;
        throw error;
      }
    }
    ctx.diagnostic(`${CASES} cases, ${stats.edits} edits, ${stats.stale} from a stale snapshot`);
    // The point is stale snapshots: most edits must have gone through the rebase.
    assert.ok(stats.stale > stats.edits / 3, `only ${stats.stale} of ${stats.edits} edits were stale`);
  });

  async function runCase(seed: number, uris: Map<string, string>, stats: { edits: number; stale: number }) {
    const r = prng(seed);
    const owner = users[0]!;
    const clients = users.slice(0, r.int(2, 5));
    const created = (await t.http.inject({ method: 'POST', url: '/api/v1/me/playlists', headers: owner.auth, payload: { name: `case ${seed}` } })).json();
    const id: string = created.id;
    for (const u of clients.slice(1)) await t.http.inject({ method: 'PUT', url: `/api/v1/playlists/${id}/collaborators/${u.me.id}`, headers: owner.auth });
    const initial = Array.from({ length: r.int(0, 8) }, () => r.pick(POOL));
    if (initial.length) await t.http.inject({ method: 'POST', url: `/api/v1/playlists/${id}/tracks`, headers: owner.auth, payload: { uris: initial } });

    const views: View[] = clients.map(() => ({ revision: 0, snapshot: created.snapshot_id, ids: [] }));
    const sync = async (i: number) => {
      const res = await t.http.inject({ method: 'GET', url: `/api/v1/playlists/${id}/changes?since=${views[i]!.revision}`, headers: clients[i]!.auth });
      const body = res.json();
      assert.equal(body.reload, false);
      let ids = views[i]!.ids;
      for (const change of body.changes as PlaylistChange[]) ids = replay(ids, change, uris);
      views[i] = { revision: body.revision, snapshot: body.snapshot_id, ids };
    };
    for (let i = 0; i < clients.length; i += 1) await sync(i);

    const sent: { request: Sent; revision: number; applied: boolean }[] = [];
    const issue = async (i: number) => {
      const view = views[i]!;
      const n = view.ids.length;
      const roll = r.next();
      let request: Sent;
      if (n === 0 || roll < 0.4) {
        const added = Array.from({ length: r.int(1, 3) }, () => r.pick(POOL));
        request = r.next() < 0.2 ? { kind: 'add', view, uris: added } : { kind: 'add', view, uris: added, position: r.int(0, n) };
      } else if (roll < 0.7) {
        const start = r.int(0, n - 1);
        request = { kind: 'move', view, start, length: r.int(1, Math.min(3, n - start)), before: r.int(0, n) };
      } else if (r.next() < 0.25) {
        request = { kind: 'remove', view, tracks: [{ uri: uris.get(r.pick(view.ids))! }] };
      } else {
        const positions = [...new Set(Array.from({ length: r.int(1, 3) }, () => r.int(0, n - 1)))];
        const byUri = new Map<string, number[]>();
        for (const p of positions) byUri.set(uris.get(view.ids[p]!)!, [...(byUri.get(uris.get(view.ids[p]!)!) ?? []), p]);
        request = { kind: 'remove', view, tracks: [...byUri].map(([uri, ps]) => ({ uri, positions: ps })) };
      }
      const url = `/api/v1/playlists/${id}/tracks`;
      const headers = clients[i]!.auth;
      const snapshot_id = view.snapshot;
      const res =
        request.kind === 'add'
          ? await t.http.inject({
              method: 'POST',
              url,
              headers,
              payload: { uris: request.uris, snapshot_id, ...(request.position !== undefined && { position: request.position }) },
            })
          : request.kind === 'move'
            ? await t.http.inject({
                method: 'PUT',
                url,
                headers,
                payload: { range_start: request.start, range_length: request.length, insert_before: request.before, snapshot_id },
              })
            : await t.http.inject({ method: 'DELETE', url, headers, payload: { tracks: request.tracks, snapshot_id } });
      assert.ok(res.statusCode === 200 || res.statusCode === 201, `${request.kind}: ${res.statusCode} ${res.body}`);
      sent.push({ request, revision: res.json().revision, applied: res.json().applied });
    };

    const steps = r.int(6, 14);
    for (let s = 0; s < steps; s += 1) {
      const roll = r.next();
      if (roll < 0.25) await sync(r.int(0, clients.length - 1));
      else if (roll < 0.5) await Promise.all(clients.map((_, i) => (r.next() < 0.6 ? issue(i) : undefined)));
      else await issue(r.int(0, clients.length - 1));
    }

    // Convergence: every client catches up and holds exactly the server's order.
    for (let i = 0; i < clients.length; i += 1) await sync(i);
    const page = (await t.http.inject({ method: 'GET', url: `/api/v1/playlists/${id}/tracks?limit=100`, headers: owner.auth })).json();
    const server: string[] = page.items.map((item: { entry_id: string }) => item.entry_id);
    for (const view of views) assert.deepEqual(view.ids, server, 'client converged');
    assert.equal(new Set(server).size, server.length, 'no entry duplicated');
    assert.equal(page.total, server.length);

    // Replay the whole log, checking each request landed on what its client meant.
    const log = (await t.http.inject({ method: 'GET', url: `/api/v1/playlists/${id}/changes?since=0`, headers: owner.auth })).json()
      .changes as PlaylistChange[];
    const byRevision = new Map(log.map((c) => [c.revision, c]));
    const states = new Map<number, string[]>([[0, []]]);
    let list: string[] = [];
    for (const change of log) {
      list = replay(list, change, uris);
      states.set(change.revision, list);
    }
    assert.deepEqual(list, server);
    const added = new Set(log.flatMap((c) => (c.op === 'add' ? c.entries.map((e) => e.entry_id) : [])));
    const removed = new Set(log.flatMap((c) => (c.op === 'remove' ? c.entry_ids : [])));
    for (const entry of added) assert.equal(server.includes(entry), !removed.has(entry), `entry ${entry} lost or kept wrongly`);

    for (const { request, revision, applied } of sent) {
      stats.edits += 1;
      if (request.view.revision < revision - 1) stats.stale += 1;
      const change = byRevision.get(revision);
      const prior = states.get(revision - 1) ?? [];
      const alive = (e: string) => prior.includes(e);
      const base = request.view.ids;
      if (request.kind === 'add') {
        assert.ok(applied && change?.op === 'add', 'every add is logged');
        assert.deepEqual(
          change.entries.map((e) => e.uri),
          request.uris,
          'all added items kept, in order',
        );
        if (request.position === undefined) assert.equal(change.after_entry_id, prior.at(-1) ?? null, 'append goes to the end');
        else
          assert.equal(change.after_entry_id, base.slice(0, request.position).reverse().find(alive) ?? null, 'add anchored after the nearest surviving entry');
      } else if (request.kind === 'move') {
        const meant = base.slice(request.start, request.start + request.length);
        if (request.before >= request.start && request.before <= request.start + request.length) {
          assert.equal(applied, false, 'moving a range onto itself changes nothing');
          continue;
        }
        if (applied) {
          assert.equal(change?.op, 'move');
          assert.deepEqual(change.op === 'move' && change.entry_ids, meant.filter(alive), 'moved the entries the client meant');
        } else
          assert.ok(
            meant.every((e) => !states.get(revision)!.includes(e)),
            'a move is dropped only when its entries are all gone',
          );
      } else {
        const meant = new Set(request.tracks.flatMap((tr) => (tr.positions ? tr.positions.map((p) => base[p]!) : base.filter((e) => uris.get(e) === tr.uri))));
        if (applied) {
          assert.equal(change?.op, 'remove');
          assert.deepEqual(change.op === 'remove' && [...change.entry_ids].sort(), [...meant].filter(alive).sort(), 'removed the entries the client meant');
        } else
          assert.ok(
            [...meant].every((e) => !states.get(revision)!.includes(e)),
            'a remove is dropped only when its entries are all gone',
          );
      }
    }
  }
});
