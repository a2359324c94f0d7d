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

test('/metrics has HTTP latency by route, database timings and process metrics; by default for administrators only', async () => {
  const u = await t.makeUser();
  const admin = await t.makeUser({ role: 'admin' });
  const token = (await t.http.inject({ method: 'POST', url: '/api/v1/me/tokens', headers: admin.auth, payload: { name: 'Prometheus' } })).json().token;
  await t.http.inject({ method: 'GET', url: '/api/v1/me', headers: u.auth });
  assert.equal((await t.http.inject({ method: 'GET', url: '/metrics' })).statusCode, 401);
  assert.equal((await t.http.inject({ method: 'GET', url: '/metrics', headers: u.auth })).statusCode, 403);
  const response = await t.http.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${token}` } });
  assert.equal(response.statusCode, 200);
  const text = response.body;
  assert.match(text, /runnel_http_request_duration_seconds_bucket\{[^}]*route="\/api\/v1\/me"/);
  assert.match(text, /runnel_db_query_duration_seconds_count\{kind="select"/);
  assert.match(text, /process_resident_memory_bytes/);
});

test('--metrics public serves /metrics to anyone; off serves no /metrics at all', async () => {
  for (const [access, status] of [
    ['public', 200],
    ['off', 404],
  ] as const) {
    const app = await testApp({ metricsAccess: access });
    try {
      const response = await app.http.inject({ method: 'GET', url: '/metrics' });
      assert.equal(response.statusCode, status, access);
    } finally {
      await app.close();
    }
  }
});

test('responses carry security headers and a request id', async () => {
  const response = await t.http.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'abc-123' } });
  assert.equal(response.headers['x-content-type-options'], 'nosniff');
  assert.equal(response.headers['x-frame-options'], 'DENY');
  assert.equal(response.headers['x-request-id'], 'abc-123');
});
