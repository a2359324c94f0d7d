import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NotARendererError, parseDescription } from './description.ts';
import { didlLite, formatTime, parseTime, protocolInfo } from './didl.ts';
import { codecsOf, streamBase } from './media.ts';
import { parseSoapAnswer, SoapFault, soapEnvelope } from './soap.ts';
import { answerLocation, MEDIA_RENDERER, mSearch } from './ssdp.ts';
import { escapeXml, parseXml, textAt, XmlError } from './xml.ts';

const LOCATION = 'http://192.168.1.20:49494/description.xml';
const description = (services: string, extra = '') => `<?xml version="1.0"?>
<root xmlns="urn:schemas-upnp-org:device-1-0">${extra}<device>
<deviceType>urn:schemas-upnp-org:device:MediaRenderer:1</deviceType>
<friendlyName>Kitchen &amp; Living   room</friendlyName><UDN>uuid:abc-123</UDN>
<serviceList>${services}</serviceList></device></root>`;
const service = (type: string, control: string) =>
  `<service><serviceType>urn:schemas-upnp-org:service:${type}:1</serviceType><controlURL>${control}</controlURL></service>`;

test('a description gives the name, UDN and control URLs, resolved against URLBase or the LOCATION', () => {
  const d = parseDescription(description(service('AVTransport', '/upnp/control/rendertransport1') + service('RenderingControl', 'rc')), LOCATION);
  assert.deepEqual(d, {
    url: LOCATION,
    name: 'Kitchen & Living room',
    udn: 'uuid:abc-123',
    avTransport: 'http://192.168.1.20:49494/upnp/control/rendertransport1',
    renderingControl: 'http://192.168.1.20:49494/rc',
    connectionManager: null,
  });
  const based = parseDescription(description(service('AVTransport', 'av'), '<URLBase>http://192.168.1.20:8080/base/</URLBase>'), LOCATION);
  assert.equal(based.avTransport, 'http://192.168.1.20:8080/base/av');
  // A URLBase elsewhere (another host, another scheme) is ignored: the description's URL is the base (UDA 1.1).
  for (const elsewhere of ['http://10.9.9.9/', 'gopher://192.168.1.20/', 'nonsense'])
    assert.equal(
      parseDescription(description(service('AVTransport', 'av'), `<URLBase>${elsewhere}</URLBase>`), LOCATION).avTransport,
      'http://192.168.1.20:49494/av',
    );
  // An embedded device (a receiver's renderer inside its root device) is found too.
  const embedded = `<root><device><UDN>uuid:outer</UDN><deviceList><device><friendlyName>Inner</friendlyName><UDN>uuid:inner</UDN>
    <serviceList>${service('AVTransport', '/av')}</serviceList></device></deviceList></device></root>`;
  assert.equal(parseDescription(embedded, LOCATION).udn, 'uuid:inner');
});

test('hostile descriptions are refused, never expanded or followed elsewhere', () => {
  const billionLaughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><root>&lol2;</root>`;
  const external = `<?xml version="1.0"?><!DOCTYPE root SYSTEM "file:///etc/passwd"><root/>`;
  const cases: [string, string][] = [
    [billionLaughs, 'entity declarations'],
    [external, 'an external DTD'],
    ['<root><device>&xxe;</device></root>', 'an undeclared entity'],
    [`${'<a>'.repeat(100)}${'</a>'.repeat(100)}`, 'deep nesting'],
    ['<root><device></root>', 'bad nesting'],
    ['not xml at all', 'no XML'],
    [description(service('ConnectionManager', '/cm')), 'no AVTransport'],
    [description(service('AVTransport', 'http://10.0.0.1/steal')), 'a control URL on another host'],
    [description(service('AVTransport', 'file:///etc/passwd')), 'a file: control URL'],
    [description(service('AVTransport', '/av')).replace('uuid:abc-123', ''), 'no UDN'],
    [`<root>${'<x/>'.repeat(6000)}</root>`, 'too many elements'],
  ];
  for (const [xml, what] of cases) assert.throws(() => parseDescription(xml, LOCATION), NotARendererError, what);
  assert.throws(() => parseXml('<a>&#0;</a>'), XmlError);
  assert.equal(textAt(parseXml('<a><b>x &lt; y &#x263A; <![CDATA[<raw>]]></b></a>'), 'b'), 'x < y ☺ <raw>');
});

test('DIDL-Lite escapes everything that comes from tags, and the SOAP body escapes the document again', () => {
  const didl = didlLite({
    id: 'trk1',
    title: 'Rock & Roll <Live> "1977"',
    artist: "Guns N' Roses\u0007",
    album: ']]></dc:title><evil/>',
    durationMs: 3_725_400,
    mime: 'audio/mpeg; charset=x',
    size: 1234,
    url: 'http://192.168.1.2:4533/api/v1/tracks/trk1/stream?codecs=mp3&token=a.b',
  });
  const item = parseXml(didl).children[0]!;
  assert.equal(textAt(item, 'title'), 'Rock & Roll <Live> "1977"');
  assert.equal(textAt(item, 'creator'), "Guns N' Roses", 'control characters are dropped');
  assert.equal(textAt(item, 'album'), ']]></dc:title><evil/>');
  assert.equal(textAt(item, 'res'), 'http://192.168.1.2:4533/api/v1/tracks/trk1/stream?codecs=mp3&token=a.b');
  assert.match(didl, /protocolInfo="http-get:\*:audio\/mpeg:\*" duration="1:02:05" size="1234"/);
  const envelope = soapEnvelope('urn:schemas-upnp-org:service:AVTransport:1', 'SetAVTransportURI', [['CurrentURIMetaData', didl]]);
  assert.equal(textAt(parseXml(envelope), 'Body', 'SetAVTransportURI', 'CurrentURIMetaData'), didl, 'the metadata arrives as the DIDL text');
  assert.equal(escapeXml(`<&>"'`), '&lt;&amp;&gt;&quot;&apos;');
  assert.equal(protocolInfo('audio/ogg; codecs=opus'), 'http-get:*:audio/ogg:*');
});

test('UPnP times: H+:MM:SS out, and every form renderers send back in', () => {
  assert.equal(formatTime(0), '0:00:00');
  assert.equal(formatTime(61_999), '0:01:01');
  assert.equal(formatTime(36_000_000 * 3), '30:00:00');
  assert.equal(formatTime(-5), '0:00:00');
  assert.equal(formatTime(Number.NaN), '0:00:00');
  assert.equal(parseTime('0:00:10'), 10_000);
  assert.equal(parseTime('00:01:02.500'), 62_500);
  assert.equal(parseTime('1:00:00.1/4'), 3_600_250);
  assert.equal(parseTime('+0:00:01'), 1000);
  for (const bad of ['NOT_IMPLEMENTED', '', '1:60:00', '0:00', 'x:00:00', '0:00:01.5/0x', undefined]) assert.equal(parseTime(bad), null, String(bad));
});

test('SOAP answers: arguments read, faults raised with their UPnP code, junk refused', () => {
  const ok = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><u:GetTransportInfoResponse xmlns:u="x">
    <CurrentTransportState>PLAYING</CurrentTransportState></u:GetTransportInfoResponse></s:Body></s:Envelope>`;
  assert.equal(textAt(parseSoapAnswer('GetTransportInfo', 200, ok), 'CurrentTransportState'), 'PLAYING');
  const fault = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode>s:Client</faultcode><faultstring>UPnPError</faultstring>
    <detail><UPnPError xmlns="urn:schemas-upnp-org:control-1-0"><errorCode>710</errorCode><errorDescription>Seek mode not supported</errorDescription></UPnPError></detail>
    </s:Fault></s:Body></s:Envelope>`;
  assert.throws(
    () => parseSoapAnswer('Seek', 500, fault),
    (e: unknown) => e instanceof SoapFault && e.upnpCode === 710 && /Seek mode not supported/.test(e.message),
  );
  assert.throws(() => parseSoapAnswer('Play', 200, '<html>hello</html>'), SoapFault);
  assert.throws(() => parseSoapAnswer('Play', 200, '<!DOCTYPE x [<!ENTITY a "b">]><x/>'), SoapFault);
});

test('SSDP: the search message, and only well-formed answers give a LOCATION', () => {
  assert.match(mSearch(MEDIA_RENDERER, 1), /^M-SEARCH \* HTTP\/1\.1\r\nHOST: 239\.255\.255\.250:1900\r\nMAN: "ssdp:discover"\r\nMX: 1\r\nST: urn:/);
  const answer = (lines: string[]) => Buffer.from(lines.join('\r\n'));
  assert.equal(
    answerLocation(
      answer(['HTTP/1.1 200 OK', 'CACHE-CONTROL: max-age=1800', 'Location: http://192.168.1.20:49494/description.xml', `ST: ${MEDIA_RENDERER}`]),
      MEDIA_RENDERER,
    ),
    'http://192.168.1.20:49494/description.xml',
  );
  for (const junk of [
    Buffer.from([0, 1, 2, 255, 254]),
    answer(['NOTIFY * HTTP/1.1', 'LOCATION: http://192.168.1.20/d.xml']),
    answer(['HTTP/1.1 200 OK', 'LOCATION: file:///etc/passwd']),
    answer(['HTTP/1.1 200 OK', 'LOCATION: not a url']),
    answer(['HTTP/1.1 200 OK', 'LOCATION: http://192.168.1.20/d.xml', 'ST: urn:schemas-upnp-org:device:MediaServer:1']),
    answer(['HTTP/1.1 200 OK']),
    Buffer.alloc(20_000, 'a'),
  ])
    assert.equal(answerLocation(junk, MEDIA_RENDERER), null);
});

test('the address a renderer is given: the listening one, the one facing the renderer, or the request origin', () => {
  assert.equal(streamBase({ address: '192.168.1.2', port: 4533 }, '192.168.1.2', '192.168.1.20'), 'http://192.168.1.2:4533');
  assert.equal(streamBase({ address: '0.0.0.0', port: 4533 }, '10.0.0.5', '10.0.0.9'), 'http://10.0.0.5:4533');
  assert.equal(streamBase({ address: '::', port: 4533 }, '::ffff:10.0.0.5', '10.0.0.9'), 'http://10.0.0.5:4533');
  assert.equal(streamBase({ address: '::', port: 4533 }, 'fe80::1', 'fe80::2'), 'http://[fe80::1]:4533');
  assert.equal(streamBase({ address: '127.0.0.1', port: 4533 }, '127.0.0.1', '127.0.0.1'), 'http://127.0.0.1:4533');
  assert.equal(streamBase({ address: '127.0.0.1', port: 4533 }, '127.0.0.1', '192.168.1.20', 'http://music.lan'), 'http://music.lan');
  assert.throws(() => streamBase({ address: '127.0.0.1', port: 4533 }, '127.0.0.1', '192.168.1.20'));
  assert.equal(streamBase(null, undefined, '192.168.1.20', 'http://192.168.1.2:4533'), 'http://192.168.1.2:4533');
  assert.deepEqual(codecsOf(['audio/mpeg', 'audio/x-flac', 'video/mp4', 'audio/l16']).sort(), ['flac', 'mp3']);
});
