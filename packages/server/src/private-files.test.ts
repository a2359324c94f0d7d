import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { migrate, openDatabase } from './db/database.ts';
import { loadOrCreateKey } from './keys.ts';
import { ensurePrivateDir } from './private-files.ts';

const root = mkdtempSync(join(tmpdir(), 'runnel-private-'));
after(() => rmSync(root, { recursive: true, force: true }));
const mode = (path: string) => statSync(path).mode & 0o777;

test('a new SQLite database, its -wal and -shm are 0600, in a 0700 folder', async () => {
  const dir = join(root, 'fresh', 'data');
  const path = join(dir, 'runnel.db');
  const database = openDatabase(`sqlite:${path}`);
  try {
    await migrate(database.db);
    assert.equal(mode(dir), 0o700);
    for (const file of [path, `${path}-wal`, `${path}-shm`]) assert.equal(mode(file), 0o600, file);
  } finally {
    await database.close();
  }
});

test('an existing world-readable database (from an older Runnel) is made 0600 when opened', async () => {
  const path = join(root, 'old.db');
  writeFileSync(path, '');
  chmodSync(path, 0o644);
  const database = openDatabase(`sqlite:${path}`);
  try {
    await migrate(database.db);
    for (const file of [path, `${path}-wal`, `${path}-shm`]) assert.equal(mode(file), 0o600, file);
  } finally {
    await database.close();
  }
});

test('the data folder is 0700, made so or tightened; the keys in it 0600', () => {
  const made = join(root, 'made', 'data');
  loadOrCreateKey(made, 'test.key');
  assert.equal(mode(made), 0o700);
  assert.equal(mode(join(made, 'test.key')), 0o600);
  const open = join(root, 'open');
  mkdirSync(open);
  chmodSync(open, 0o755);
  ensurePrivateDir(open);
  assert.equal(mode(open), 0o700);
});
