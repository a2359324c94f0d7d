import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { testApp, type TestApp, type TestUser } from '../testing/app.ts';

/** `/api/v1/admin/libraries`: administrators only, and every bad request a 4xx with a stable code (never a 500). */
let t: TestApp;
let admin: TestUser;
let user: TestUser;
let dir: string;
let folder: string;
let library: string;

const call = (who: TestUser, method: string, url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  t.http.inject({ method: method as 'GET', url, headers: { ...who.auth, ...headers }, payload: payload as string | object | undefined });
const refusal = (response: { statusCode: number; json(): { error: { code: string } } }) => [response.statusCode, response.json().error.code];

before(async () => {
  t = await testApp();
  dir = await mkdtemp(join(tmpdir(), 'runnel-library-routes-'));
  folder = (await t.library.addFolder(dir)).id;
  admin = await t.makeUser({ role: 'admin' });
  user = await t.makeUser();
  const made = await call(admin, 'POST', '/api/v1/admin/libraries', { name: 'Family', folders: [folder], members: [user.me.id] });
  assert.equal(made.statusCode, 201, made.body);
  library = made.json().id;
});
after(async () => {
  await t.close();
  await rm(dir, { recursive: true, force: true });
});

test('a user who is not an administrator gets 403 admin_only from every route, and nothing changes', async () => {
  for (const [method, url, body] of [
    ['GET', '/api/v1/admin/libraries'],
    ['POST', '/api/v1/admin/libraries', { name: 'Mine', folders: [folder], members: [user.me.id] }],
    ['PATCH', `/api/v1/admin/libraries/${library}`, { members: [] }],
    ['DELETE', `/api/v1/admin/libraries/${library}`],
    // Unknown ids and bad bodies too: the role is checked before anything is looked up or parsed.
    ['PATCH', '/api/v1/admin/libraries/nope', { name: '' }],
    ['DELETE', '/api/v1/admin/libraries/nope'],
  ] as const) {
    assert.deepEqual(refusal(await call(user, method, url, body)), [403, 'admin_only'], `${method} ${url}`);
  }
  const list = (await call(admin, 'GET', '/api/v1/admin/libraries')).json();
  assert.deepEqual(
    list.items.map((l: { name: string; members: string[] }) => [l.name, l.members]),
    [['Family', [user.me.id]]],
  );
  assert.equal((await t.http.inject({ method: 'GET', url: '/api/v1/admin/libraries' })).statusCode, 401);
});

test('bad input is a 4xx with a stable code, never a 500', async () => {
  const cases: [string, string, unknown, number, string][] = [
    ['POST', '/api/v1/admin/libraries', { name: 'X', folders: ['nofolder'] }, 404, 'folder_not_found'],
    ['POST', '/api/v1/admin/libraries', { name: 'X', members: ['nouser'] }, 404, 'user_not_found'],
    ['POST', '/api/v1/admin/libraries', { name: 'Family' }, 409, 'library_exists'],
    ['POST', '/api/v1/admin/libraries', { name: '' }, 400, 'invalid_request'],
    ['POST', '/api/v1/admin/libraries', { name: 'x'.repeat(101) }, 400, 'invalid_request'],
    ['POST', '/api/v1/admin/libraries', {}, 400, 'invalid_request'],
    ['POST', '/api/v1/admin/libraries', { name: 'X', folders: folder }, 400, 'invalid_request'],
    ['POST', '/api/v1/admin/libraries', { name: 'X', folders: [folder, folder] }, 400, 'invalid_request'],
    ['POST', '/api/v1/admin/libraries', { name: 'X', colour: 'red' }, 400, 'invalid_request'],
    ['POST', '/api/v1/admin/libraries', { name: 7 }, 400, 'invalid_request'],
    ['POST', '/api/v1/admin/libraries', '{"name":', 400, 'invalid_json'],
    ['PATCH', `/api/v1/admin/libraries/${library}`, {}, 400, 'invalid_request'],
    ['PATCH', `/api/v1/admin/libraries/${library}`, { name: '' }, 400, 'invalid_request'],
    ['PATCH', `/api/v1/admin/libraries/${library}`, { folders: ['nofolder'] }, 404, 'folder_not_found'],
    ['PATCH', `/api/v1/admin/libraries/${library}`, { members: ['nouser'] }, 404, 'user_not_found'],
    ['PATCH', '/api/v1/admin/libraries/nolibrary', { name: 'Y' }, 404, 'library_not_found'],
    ['DELETE', '/api/v1/admin/libraries/nolibrary', undefined, 404, 'library_not_found'],
  ];
  for (const [method, url, body, status, code] of cases) {
    const headers: Record<string, string> = typeof body === 'string' ? { 'content-type': 'application/json' } : {};
    const response = await call(admin, method, url, body, headers);
    assert.deepEqual(refusal(response), [status, code], `${method} ${url} ${JSON.stringify(body)}: ${response.body}`);
  }
  const other = await call(admin, 'POST', '/api/v1/admin/libraries', { name: 'Other' });
  assert.equal(other.statusCode, 201);
  assert.deepEqual(refusal(await call(admin, 'PATCH', `/api/v1/admin/libraries/${other.json().id}`, { name: 'Family' })), [409, 'library_exists']);
  assert.equal((await call(admin, 'PATCH', `/api/v1/admin/libraries/${library}`, { name: 'Family' })).statusCode, 200, 'its own name is not taken');
  assert.equal((await call(admin, 'DELETE', `/api/v1/admin/libraries/${other.json().id}`)).statusCode, 204);
  assert.deepEqual(refusal(await call(admin, 'DELETE', `/api/v1/admin/libraries/${other.json().id}`)), [404, 'library_not_found']);
});

test('two libraries made at once under one name: one is made, the other is 409 library_exists', async () => {
  const answers = await Promise.all([1, 2, 3].map(() => call(admin, 'POST', '/api/v1/admin/libraries', { name: 'Twins' })));
  assert.deepEqual(answers.map((a) => a.statusCode).sort(), [201, 409, 409], answers.map((a) => a.body).join('\n'));
  for (const answer of answers.filter((a) => a.statusCode === 409)) assert.equal(answer.json().error.code, 'library_exists');
});

test('a member deleted by an administrator leaves the library', async () => {
  const gone = await t.makeUser();
  const made = (await call(admin, 'POST', '/api/v1/admin/libraries', { name: 'Soon empty', members: [gone.me.id, user.me.id] })).json();
  assert.equal((await call(admin, 'DELETE', `/api/v1/admin/users/${gone.me.id}`)).statusCode, 204);
  const after = (await call(admin, 'GET', '/api/v1/admin/libraries')).json().items.find((l: { id: string }) => l.id === made.id);
  assert.deepEqual(after.members, [user.me.id]);
});
