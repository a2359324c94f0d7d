import assert from 'node:assert/strict';
import type { TestApp } from '../testing/app.ts';
import { assertValidJson, assertValidXml, validCall } from './schema.ts';
import { rest, type RestResult } from './testing.ts';
import { xmllint } from '../tools/xmllint.ts';

/**
 * Calls for Subsonic tests, all as `(app, who, endpoint, params)`: `ok` (JSON), `okXml`,
 * `okBoth` (XML and JSON) must succeed and are checked against both schemas; `fails` and
 * `failsBoth` must fail with a given Subsonic error code.
 */

type Params = Record<string, string | number | boolean | (string | number)[]>;

/** Someone who can sign in with `u` + `p`. */
export interface Caller {
  username: string;
  password: string;
}

/** A fixture or test user as a caller. */
export const caller = (user: { me: { username: string }; password: string }): Caller => ({ username: user.me.username, password: user.password });

const credentials = (who: Caller) => ({ u: who.username, p: who.password, c: 'test', v: '1.16.1' });

/**
 * A JSON call that must succeed, its shape checked against both schemas (`schema: false` for
 * OpenSubsonic elements 1.16.1 has no place for); returns `subsonic-response`.
 */
export async function ok(app: TestApp, who: Caller, name: string, params: Params = {}, options: { schema?: boolean } = {}): Promise<RestResult['json']> {
  const r = await rest(app, name, { ...credentials(who), f: 'json', ...params });
  assert.equal(r.json.status, 'ok', `${name}: ${JSON.stringify(r.json.error)}`);
  if (options.schema !== false) assertValidJson(JSON.parse(r.body), name);
  return r.json;
}

/** The same call in XML: valid against the relaxed schema and, without OpenSubsonic's additions, the strict one; returns the document. */
export async function okXml(app: TestApp, who: Caller, name: string, params: Params = {}): Promise<string> {
  const r = await rest(app, name, { ...credentials(who), ...params });
  assert.match(String(r.headers['content-type']), /^text\/xml/);
  assert.match(r.body, /status="ok"/, r.body);
  assertValidXml(r.body, name);
  return r.body;
}

/** The call in XML and in JSON, both succeeding and valid against both schemas; returns the XML document and `subsonic-response`. */
export async function okBoth(app: TestApp, who: Caller, name: string, params: Params = {}): Promise<{ xml: string; json: RestResult['json'] }> {
  const { xml, json } = await validCall(app, name, { ...credentials(who), ...params });
  assert.match(xml.body, /status="ok"/, `${name}: ${xml.body.slice(0, 500)}`);
  assert.equal(json.json.status, 'ok', `${name}: ${JSON.stringify(json.json).slice(0, 500)}`);
  return { xml: xml.body, json: json.json };
}

/** A JSON call that must fail with this Subsonic error code. */
export async function fails(app: TestApp, who: Caller, name: string, params: Params, code: number): Promise<{ code: number; message: string }> {
  const r = await rest(app, name, { ...credentials(who), f: 'json', ...params });
  assert.equal(r.json.status, 'failed', `${name} should fail with ${code}`);
  assert.equal(r.json.error?.code, code, `${name}: ${r.json.error?.message}`);
  return r.json.error!;
}

/** The call in XML (a valid error document) and in JSON, both failing with this code. */
export async function failsBoth(app: TestApp, who: Caller, name: string, params: Params, code: number): Promise<void> {
  const xml = await rest(app, name, { ...credentials(who), ...params });
  assert.match(xml.body, new RegExp(`<error code="${code}"`), `${name}: ${xml.body.slice(0, 500)}`);
  assertValidXml(xml.body, name);
  await fails(app, who, name, params, code);
}

/** Well-formed XML (for OpenSubsonic elements the 1.16.1 schema has no place for). */
export function wellFormed(xml: string): string {
  return xmllint(xml);
}

/** Catalogue track ids by title, from the scanned fixture library. */
export async function trackIds(app: TestApp): Promise<Map<string, string>> {
  const rows = await app.database.db.selectFrom('tracks').select(['id', 'name']).where('removed_at', 'is', null).execute();
  return new Map(rows.map((r) => [r.name, r.id]));
}
