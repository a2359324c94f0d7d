import assert from 'node:assert/strict';
import { assertValidXml, validCall } from './schema.ts';
import { asUser, rest, type SubsonicFixture } from './testing.ts';

type Params = Record<string, string | number | boolean | (string | number)[]>;

/**
 * Calls an endpoint as the fixture's user in XML and in JSON, checks both succeeded and are
 * valid against the strict 1.16.1 and the OpenSubsonic-relaxed schemas; returns both answers.
 */
export async function callBoth(fx: SubsonicFixture, name: string, params: Params = {}) {
  const { xml, json } = await validCall(fx.app, name, { ...asUser(fx.user), ...params });
  assert.match(xml.body, /status="ok"/, `${name}: ${xml.body.slice(0, 500)}`);
  assert.equal(json.json.status, 'ok', `${name}: ${JSON.stringify(json.json).slice(0, 500)}`);
  return { xml: xml.body, json: json.json };
}

/** Calls an endpoint in XML and JSON and checks both fail with `code` (the XML valid too). */
export async function failsWith(fx: SubsonicFixture, name: string, params: Params, code: number) {
  const xml = await rest(fx.app, name, { ...asUser(fx.user), f: 'xml', ...params });
  assert.match(xml.body, new RegExp(`<error code="${code}"`), `${name}: ${xml.body.slice(0, 500)}`);
  assertValidXml(xml.body, name);
  const json = await rest(fx.app, name, { ...asUser(fx.user), ...params });
  assert.equal(json.json.status, 'failed');
  assert.equal(json.json.error?.code, code, `${name}: ${JSON.stringify(json.json)}`);
}
