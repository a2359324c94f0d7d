import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { freshDatabaseUrl } from '../src/testing/database.ts';
import { RUNNEL_BIN, spawnUntilUrl } from './process.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'runnel-sigkill-'));
const database = await freshDatabaseUrl();
after(async () => {
  await database.remove();
  rmSync(dataDir, { recursive: true, force: true });
});

const start = () => spawnUntilUrl(process.execPath, [RUNNEL_BIN, 'serve', '--port', '0', '--data', dataDir, '--db', database.url, '--log-level', 'warn']);

test('writes acknowledged before a SIGKILL are all there after restart', async () => {
  const first = await start();
  const api = (path: string, init: RequestInit = {}) => fetch(new URL(path, first.url), init);
  const setup = await api('/api/v1/auth/setup', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'root', password: 'durable-pass' }),
  });
  assert.equal(setup.status, 200);
  const headers = { authorization: `Bearer ${((await setup.json()) as { access_token: string }).access_token}`, 'content-type': 'application/json' };

  // Many writes in flight at once; remember each one the server acknowledged.
  const acknowledgedUsers: string[] = [];
  const acknowledgedTokens: string[] = [];
  const writes = Array.from({ length: 60 }, (_, i) =>
    i % 2 === 0
      ? api('/api/v1/admin/users', { method: 'POST', headers, body: JSON.stringify({ username: `durable${i}`, password: 'password-123' }) }).then(async (r) => {
          if (r.status === 201) acknowledgedUsers.push(((await r.json()) as { username: string }).username);
        })
      : api('/api/v1/me/tokens', { method: 'POST', headers, body: JSON.stringify({ name: `token${i}` }) }).then(async (r) => {
          if (r.status === 201) acknowledgedTokens.push(((await r.json()) as { token: string }).token);
        }),
  ).map((write) => write.catch(() => 'cut off by the kill'));
  // Kill the moment the 40th acknowledgement arrives, with the rest still in flight.
  await new Promise<void>((resolve) => {
    const poll = setInterval(() => {
      if (acknowledgedUsers.length + acknowledgedTokens.length >= 40) {
        clearInterval(poll);
        resolve();
      }
    }, 1);
  });
  const ackedUsers = [...acknowledgedUsers];
  const ackedTokens = [...acknowledgedTokens];
  await first.stop('SIGKILL');
  await Promise.allSettled(writes);
  assert.ok(ackedUsers.length + ackedTokens.length >= 40);

  const second = await start();
  try {
    const again = (path: string, token?: string) => fetch(new URL(path, second.url), { headers: token ? { authorization: `Bearer ${token}` } : headers });
    const list = (await (await again('/api/v1/admin/users?limit=500')).json()) as { items: { username: string }[] };
    const names = new Set(list.items.map((u: { username: string }) => u.username));
    for (const name of ackedUsers) assert.ok(names.has(name), `acknowledged user ${name} was lost`);
    for (const token of ackedTokens) assert.equal((await again('/api/v1/me', token)).status, 200, 'an acknowledged token was lost');
  } finally {
    await second.stop();
  }
});

test('SIGTERM finishes and exits cleanly (code 0)', async () => {
  const server = await start();
  assert.equal((await fetch(new URL('/health', server.url))).status, 200);
  assert.equal(await server.stop('SIGTERM'), 0);
});
