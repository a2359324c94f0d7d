import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { testApp, type TestApp } from '../src/testing/app.ts';

let t: TestApp;
before(async () => {
  t = await testApp();
});
after(() => t.close());

test('the database holds no plain password, session token, API token or app password', async () => {
  const password = 'Plain-Password-Canary-7731';
  const setup = await t.http.inject({ method: 'POST', url: '/api/v1/auth/setup', payload: { username: 'canary', password } });
  const session = setup.json().access_token as string;
  const login = await t.http.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'canary', password } });
  const auth = { authorization: `Bearer ${login.json().access_token}` };
  const token = (await t.http.inject({ method: 'POST', url: '/api/v1/me/tokens', headers: auth, payload: { name: 'canary token' } })).json().token as string;
  const created = await t.http.inject({
    method: 'POST',
    url: '/api/v1/admin/users',
    headers: auth,
    payload: { username: 'second', password: `${password}-2` },
  });
  assert.equal(created.statusCode, 201);
  const appPassword = (await t.http.inject({ method: 'POST', url: '/api/v1/me/app-password', headers: auth })).json().password as string;
  assert.ok(appPassword.length >= 20);
  const secrets = [password, `${password}-2`, session, login.json().access_token, token, appPassword];
  // The tokens without their prefix, too: a store that strips the prefix still leaks.
  secrets.push(...secrets.filter((s) => /^r[st]_/.test(s)).map((s) => s.slice(3)));

  const tables = await t.database.db.introspection.getTables();
  assert.ok(tables.some((table) => table.name === 'users'));
  let rows = 0;
  for (const table of tables) {
    const result = await sql<Record<string, unknown>>`select * from ${sql.table(table.schema ? `${table.schema}.${table.name}` : table.name)}`.execute(
      t.database.db,
    );
    for (const row of result.rows) {
      rows += 1;
      const text = JSON.stringify(row);
      for (const secret of secrets) assert.ok(!text.includes(secret), `${table.name} holds a secret in plain text`);
    }
  }
  assert.ok(rows >= 5);
  const users = await t.database.db.selectFrom('users').select('password_hash').execute();
  for (const u of users) assert.match(u.password_hash, /^\$argon2id\$v=19\$/);
  // The app password is sealed with a key kept in the data folder, not in the database.
  const sealed = await t.database.db.selectFrom('app_passwords').select('sealed').execute();
  assert.equal(sealed.length, 1);
  assert.match(sealed[0]!.sealed, /^[\w-]+\.[\w-]+\.[\w-]+$/);
});
