import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

test('defaults: SQLite in ./runnel-data, port 4533', () => {
  const { config } = loadConfig([], {});
  assert.equal(config.dataDir, `${process.cwd()}/runnel-data`);
  assert.equal(config.db, `sqlite:${process.cwd()}/runnel-data/runnel.db`);
  assert.equal(config.port, 4533);
  assert.deepEqual(config.music, []);
});

test('flags beat environment variables; every flag has one', () => {
  const env = { RUNNEL_PORT: '5000', RUNNEL_DATA: '/srv/runnel', RUNNEL_MUSIC: '/a:/b', RUNNEL_DB: 'postgres://u@h/db', RUNNEL_HOST: '0.0.0.0' };
  const fromEnv = loadConfig([], env).config;
  assert.equal(fromEnv.port, 5000);
  assert.equal(fromEnv.dataDir, '/srv/runnel');
  assert.deepEqual(fromEnv.music, ['/a', '/b']);
  assert.equal(fromEnv.db, 'postgres://u@h/db');
  assert.equal(fromEnv.host, '0.0.0.0');
  const fromFlags = loadConfig(['--port', '6000', '--music', '/x', '--music', '/y'], env).config;
  assert.equal(fromFlags.port, 6000);
  assert.deepEqual(fromFlags.music, ['/x', '/y']);
});

test('invalid settings stop start-up with a message naming the setting', () => {
  assert.throws(
    () => loadConfig(['--port', 'eighty'], {}),
    (e: Error) => e instanceof ConfigError && /port/.test(e.message),
  );
  assert.throws(() => loadConfig([], { RUNNEL_PORT: '70000' }), /RUNNEL_PORT/);
  assert.throws(() => loadConfig(['--db', 'mysql://x'], {}), /RUNNEL_DB/);
  assert.throws(() => loadConfig(['--log-level', 'loud'], {}), /log-level/);
  assert.throws(() => loadConfig(['--no-such-flag'], {}), ConfigError);
});

test('--trust-proxy: off by default; true, or addresses and CIDRs (no hop count: it cannot tell the proxy from a client)', () => {
  assert.equal(loadConfig([], {}).config.trustProxy, false);
  assert.equal(loadConfig(['--trust-proxy', 'off'], {}).config.trustProxy, false);
  assert.equal(loadConfig(['--trust-proxy', 'true'], {}).config.trustProxy, true);
  assert.throws(() => loadConfig([], { RUNNEL_TRUST_PROXY: '2' }), /RUNNEL_TRUST_PROXY/);
  assert.deepEqual(loadConfig([], { RUNNEL_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1,fd00::/8,loopback' }).config.trustProxy, [
    '127.0.0.1',
    '10.0.0.0/8',
    '::1',
    'fd00::/8',
    'loopback',
  ]);
  assert.throws(
    () => loadConfig(['--trust-proxy', 'yes please'], {}),
    (e: Error) => e instanceof ConfigError && /trust-proxy/.test(e.message),
  );
  assert.throws(() => loadConfig([], { RUNNEL_TRUST_PROXY: '10.0.0.0/33' }), /RUNNEL_TRUST_PROXY/);
});

test('--metrics: admin by default, public or off', () => {
  assert.equal(loadConfig([], {}).config.metrics, 'admin');
  assert.equal(loadConfig(['--metrics', 'public'], {}).config.metrics, 'public');
  assert.equal(loadConfig([], { RUNNEL_METRICS: 'off' }).config.metrics, 'off');
  assert.throws(() => loadConfig(['--metrics', 'open'], {}), /--metrics/);
});
