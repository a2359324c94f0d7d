import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { freshDatabaseUrl } from '../src/testing/database.ts';
import { RUNNEL_BIN } from './process.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'runnel-cli-'));
const database = await freshDatabaseUrl();
after(async () => {
  await database.remove();
  rmSync(dataDir, { recursive: true, force: true });
});

const runnel = (args: string[], input = '') => {
  const result = spawnSync(process.execPath, [RUNNEL_BIN, ...args], {
    input,
    encoding: 'utf8',
    env: { ...process.env, RUNNEL_DATA: dataDir, RUNNEL_DB: database.url },
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
};

test('runnel --help lists the commands and every setting with its variable', () => {
  const { code, out } = runnel(['--help']);
  assert.equal(code, 0);
  for (const word of ['serve', 'migrate', 'user add', 'set-tier', '--music', 'RUNNEL_DB', 'RUNNEL_PORT']) assert.ok(out.includes(word), word);
});

test('runnel user add|list|set-tier|passwd|delete manage users from a shell', () => {
  assert.equal(runnel(['migrate']).code, 0);
  const add = runnel(['user', 'add', 'jon', '--admin'], 'spotify-2006\n');
  assert.equal(add.code, 0, add.err);
  assert.match(add.out, /Created admin jon \(premium\)/);
  assert.match(runnel(['user', 'add', 'erik'], 'erik-password\n').out, /Created user erik \(free\)/);
  assert.match(runnel(['user', 'add', 'ERIK'], 'erik-password\n').err, /taken/);
  assert.match(runnel(['user', 'add', 'weak'], 'short\n').err, /8 characters/);
  assert.match(runnel(['user', 'set-tier', 'erik', 'premium']).out, /erik is now premium/);
  const list = runnel(['user', 'list']).out;
  assert.match(list, /jon\s+admin\s+premium/);
  assert.match(list, /erik\s+user\s+premium/);
  assert.equal(runnel(['user', 'passwd', 'erik'], 'a-brand-new-one\n').code, 0);
  assert.match(runnel(['user', 'delete', 'erik']).out, /Deleted erik/);
  assert.match(runnel(['user', 'delete', 'jon']).err, /at least one administrator/);
  assert.equal(runnel(['user', 'delete', 'nobody']).code, 1);
});

test('an invalid setting stops start-up with a message naming it', () => {
  const port = runnel(['serve', '--port', 'eighty']);
  assert.equal(port.code, 2);
  assert.match(port.err, /port/);
  const db = spawnSync(process.execPath, [RUNNEL_BIN, 'serve'], { encoding: 'utf8', env: { ...process.env, RUNNEL_DATA: dataDir, RUNNEL_DB: 'mysql://nope' } });
  assert.equal(db.status, 2);
  assert.match(db.stderr, /RUNNEL_DB/);
  assert.equal(runnel(['frobnicate']).code, 2);
});
