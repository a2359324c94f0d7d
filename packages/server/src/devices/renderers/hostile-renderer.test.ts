import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, test } from 'node:test';
import type { PlaybackState } from '@runnel/api';
import { testApp, type TestApp } from '../../testing/app.ts';
import { TEST_TRACK_IDS, testCatalog } from '../../testing/test-catalog.ts';

/**
 * A renderer whose description reads but whose every SOAP answer is hostile: an entity bomb,
 * an endless body, silence, a redirect, junk. Adding and commanding it must answer like any
 * device (a state with the command's ack), and the server must stay up and responsive.
 */
let t: TestApp;
let renderer: Server;
let url: string;
let answers = 0;
const HOSTILE = [
  (res: import('node:http').ServerResponse) => res.end('<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><s>&b;</s>'),
  (res: import('node:http').ServerResponse) => {
    res.writeHead(200);
    const timer = setInterval(() => res.write('<x>'.repeat(1000)), 5);
    res.on('close', () => clearInterval(timer));
  },
  () => {}, // silence
  (res: import('node:http').ServerResponse) => res.writeHead(307, { location: 'http://169.254.169.254/' }).end(),
  (res: import('node:http').ServerResponse) => res.end(Buffer.from([0xff, 0xfe, 0, 1, 2, 3])),
];

before(async () => {
  t = await testApp({ catalogLookup: testCatalog() });
  renderer = createServer((req, res) => {
    if (req.url === '/description.xml')
      return void res.end(`<root><device><friendlyName>Hostile</friendlyName><UDN>uuid:hostile</UDN><serviceList>
        <service><serviceType>urn:schemas-upnp-org:service:AVTransport:1</serviceType><controlURL>/av</controlURL></service>
        <service><serviceType>urn:schemas-upnp-org:service:RenderingControl:1</serviceType><controlURL>/rc</controlURL></service>
        </serviceList></device></root>`);
    req.resume();
    HOSTILE[answers++ % HOSTILE.length]!(res);
  });
  await new Promise<void>((r) => renderer.listen(0, '127.0.0.1', r));
  const address = renderer.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/description.xml`;
});
after(async () => {
  await t.close();
  renderer.closeAllConnections();
  renderer.close();
});

test('a renderer answering SOAP with bombs, floods, silence and redirects: every command still answered, the server unharmed', async () => {
  const u = await t.makeUser();
  const added = await t.http.inject({ method: 'POST', url: '/api/v1/me/player/renderers', headers: u.auth, payload: { url } });
  assert.equal(added.statusCode, 200, added.body);
  const id = added.json().id as string;
  assert.equal(added.json().volume_percent, null, 'its volume did not read');
  const acks: string[] = [];
  t.events.subscribe((e) => {
    const ack = (e.data as PlaybackState | null)?.ack;
    if (e.type === 'player.state' && e.users?.includes(u.me.id) && ack) acks.push(ack);
  });
  assert.equal((await t.http.inject({ method: 'PUT', url: '/api/v1/me/player', headers: u.auth, payload: { device_ids: [id] } })).statusCode, 204);
  const started = performance.now();
  const answered = await t.devices.play(u.me.id, id, { uris: [`runnel:track:${TEST_TRACK_IDS[1]}`] }, { wait: true });
  assert.equal(answered, true, 'the play command was answered (a state with its ack)');
  for (const path of ['pause', 'seek?position_ms=1000', 'volume?volume_percent=20']) {
    const res = await t.http.inject({ method: 'PUT', url: `/api/v1/me/player/${path}`, headers: u.auth });
    assert.equal(res.statusCode, 204, path);
  }
  await new Promise((r) => setTimeout(r, 200));
  assert.ok(acks.length >= 1);
  assert.ok(performance.now() - started < 30_000);
  assert.equal((await t.http.inject({ method: 'GET', url: '/health' })).statusCode, 200);
  assert.equal((await t.http.inject({ method: 'DELETE', url: `/api/v1/me/player/devices/${id}`, headers: u.auth })).statusCode, 204);
});
