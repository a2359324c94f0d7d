import assert from 'node:assert/strict';
import type { TestApp, TestUser } from '../testing/app.ts';
import { TEST_TRACK_IDS } from '../testing/test-catalog.ts';

/** A test catalogue track's URI. */
export const uri = (i: number) => `runnel:track:${TEST_TRACK_IDS[i]}`;

/** The playlist API as a test user calls it (over `inject`), on the app `app()` returns once `before` made it. */
export function playlistCalls(app: () => TestApp) {
  const call = (u: TestUser, method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH', url: string, payload?: unknown) =>
    app().http.inject({ method, url, headers: u.auth, ...(payload !== undefined && { payload: payload as object }) });
  /** A new playlist of `u` (public unless the body says otherwise), asserting it was made. */
  const create = async (u: TestUser, body: Record<string, unknown> = {}) => {
    const res = await call(u, 'POST', '/api/v1/me/playlists', { name: 'Jogg', ...body });
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as { id: string; snapshot_id: string; revision: number };
  };
  /** The playlist's track URIs in order, as `u` sees them. */
  const order = async (u: TestUser, id: string) =>
    ((await call(u, 'GET', `/api/v1/playlists/${id}/tracks?limit=100`)).json().items as { track: { uri: string } }[]).map((i) => i.track.uri);
  return { call, create, order };
}
