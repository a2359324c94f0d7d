import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, test } from 'node:test';
import { fetchDescription } from './description.ts';
import { isLanAddress, LanError, lanRequest } from './lan.ts';

let server: Server;
let base: string;
before(async () => {
  server = createServer((req, res) => {
    if (req.url === '/redirect') return void res.writeHead(302, { location: 'http://8.8.8.8/' }).end();
    if (req.url === '/huge') return void res.end('x'.repeat(200 * 1024));
    if (req.url === '/trickle') {
      res.writeHead(200);
      const timer = setInterval(() => res.write('x'), 100);
      return void res.on('close', () => clearInterval(timer));
    }
    if (req.url === '/silent') return; // never answers
    res.end('hello');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

const refused = (code: LanError['code']) => (e: unknown) => e instanceof LanError && e.code === code;

test('only LAN addresses: private, loopback, link-local (not the cloud metadata service)', () => {
  for (const a of ['10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.0.10', '127.0.0.1', '169.254.10.10', '::1', 'fd12::1', 'fe80::1', '::ffff:192.168.1.1'])
    assert.equal(isLanAddress(a), true, a);
  for (const a of [
    '8.8.8.8',
    '172.32.0.1',
    '100.64.0.1',
    '0.0.0.0',
    '255.255.255.255',
    '224.0.0.1',
    '169.254.169.254',
    '2001:db8::1',
    '::',
    '::ffff:8.8.8.8',
    'fd00:ec2::254',
    'x',
  ])
    assert.equal(isLanAddress(a), false, a);
});

test('SSRF: other schemes, public hosts, credentials in URLs and names resolving off the LAN are refused before any connection', async () => {
  const cases: [string, LanError['code']][] = [
    ['https://192.168.1.20/description.xml', 'renderer_url_invalid'],
    ['file:///etc/passwd', 'renderer_url_invalid'],
    ['gopher://127.0.0.1:6379/_FLUSHALL', 'renderer_url_invalid'],
    ['http://user:pw@192.168.1.20/', 'renderer_url_invalid'],
    ['not a url', 'renderer_url_invalid'],
    ['http://8.8.8.8/description.xml', 'renderer_address_refused'],
    ['http://169.254.169.254/latest/meta-data/', 'renderer_address_refused'],
    ['http://[2001:4860:4860::8888]/', 'renderer_address_refused'],
    ['http://0.0.0.0:4533/', 'renderer_address_refused'],
    ['http://2130706433x/', 'device_unreachable'],
  ];
  for (const [url, code] of cases) await assert.rejects(lanRequest(url), refused(code), url);
  // A hostname is resolved and every address checked ("localhost" is loopback, so allowed).
  assert.equal((await lanRequest(base.replace('127.0.0.1', 'localhost'))).body, 'hello');
  // A policy that refuses loopback refuses this server too.
  await assert.rejects(lanRequest(base, { allow: () => false }), refused('renderer_address_refused'));
});

test('no redirects, a size cap and a deadline', async () => {
  await assert.rejects(lanRequest(`${base}/redirect`), refused('device_unreachable'));
  await assert.rejects(lanRequest(`${base}/huge`), refused('device_unreachable'));
  const started = performance.now();
  await assert.rejects(lanRequest(`${base}/trickle`, { timeoutMs: 400 }), refused('device_unreachable'));
  await assert.rejects(lanRequest(`${base}/silent`, { timeoutMs: 300 }), refused('device_unreachable'));
  assert.ok(performance.now() - started < 2000, 'each gave up at its deadline');
  await assert.rejects(lanRequest('http://127.0.0.1:1/'), refused('device_unreachable'));
  const answer = await lanRequest(base);
  assert.equal(answer.status, 200);
  assert.equal(answer.localAddress, '127.0.0.1', 'the address this server has on the connection');
  // A description that is not one is "not a renderer", not a crash.
  await assert.rejects(fetchDescription(base), /not acceptable XML|no <root>/);
});
