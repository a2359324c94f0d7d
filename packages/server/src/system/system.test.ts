import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { testApp, type TestApp } from '../testing/app.ts';

let t: TestApp;
before(async () => {
  t = await testApp();
});
after(() => t.close());

test('/health reports the process and the database', async () => {
  const response = await t.http.inject({ method: 'GET', url: '/health' });
  assert.equal(response.statusCode, 200);
  const body = response.json();
  assert.equal(body.status, 'ok');
  assert.equal(body.checks.database.ok, true);
});

test('/metrics has HTTP latency by route, database timings and process metrics', async () => {
  const u = await t.makeUser();
  await t.http.inject({ method: 'GET', url: '/api/v1/me', headers: u.auth });
  const text = (await t.http.inject({ method: 'GET', url: '/metrics' })).body;
  assert.match(text, /runnel_http_request_duration_seconds_bucket\{[^}]*route="\/api\/v1\/me"/);
  assert.match(text, /runnel_db_query_duration_seconds_count\{kind="select"/);
  assert.match(text, /process_resident_memory_bytes/);
});

test('responses carry security headers and a request id', async () => {
  const response = await t.http.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'abc-123' } });
  assert.equal(response.headers['x-content-type-options'], 'nosniff');
  assert.equal(response.headers['x-frame-options'], 'DENY');
  assert.equal(response.headers['x-request-id'], 'abc-123');
});
