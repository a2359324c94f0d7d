import { readFileSync } from 'node:fs';
import type { TestApp } from '../testing/app.ts';
import { STRICT_XSD, RELAXED_XSD, rest, xmllint, type RestResult } from './testing.ts';

/**
 * Test support: checks a response against both schemas in ../shared/specs.
 * - the OpenSubsonic-relaxed XSD, as is;
 * - the strict Subsonic 1.16.1 XSD, after removing exactly the attributes and elements that
 *   the 1.16.1 schema does not define at that place — and each removed name must be one of
 *   OpenSubsonic's documented additions (below), so a misspelt or misplaced field fails.
 */

/** OpenSubsonic's additions to 1.16.1 responses (names only; where they may appear is up to the relaxed XSD). */
export const OPENSUBSONIC_ADDITIONS = new Set([
  // envelope
  'type',
  'serverVersion',
  'openSubsonic',
  // songs
  'played',
  'bpm',
  'comment',
  'sortName',
  'mediaType',
  'musicBrainzId',
  'isrc',
  'genres',
  'artists',
  'displayArtist',
  'albumArtists',
  'displayAlbumArtist',
  'contributors',
  'displayComposer',
  'moods',
  'replayGain',
  'explicitStatus',
  'channelCount',
  'samplingRate',
  'bitDepth',
  // albums and artists
  'userRating',
  'recordLabels',
  'releaseTypes',
  'originalReleaseDate',
  'releaseDate',
  'isCompilation',
  'discTitles',
  'roles',
  // playlists, queue, lyrics, scan
  'readonly',
  'validUntil',
  'currentIndex',
  'lastScan',
  'folderCount',
]);

interface XsdType {
  attributes: Set<string>;
  elements: Map<string, string>;
  base?: string;
}

interface XmlNode {
  name: string;
  attributes: [string, string][];
  children: (XmlNode | string)[];
}

let strictTypes: Map<string, XsdType> | undefined;

function types(): Map<string, XsdType> {
  if (strictTypes) return strictTypes;
  const root = parseXml(readFileSync(STRICT_XSD(), 'utf8'));
  const out = new Map<string, XsdType>();
  for (const child of root.children) {
    if (typeof child === 'string' || child.name !== 'xs:complexType') continue;
    const type: XsdType = { attributes: new Set(), elements: new Map() };
    const walk = (node: XmlNode) => {
      for (const c of node.children) {
        if (typeof c === 'string') continue;
        const attr = Object.fromEntries(c.attributes);
        if (c.name === 'xs:attribute') type.attributes.add(attr.name!);
        else if (c.name === 'xs:element') type.elements.set(attr.name!, attr.type!.replace(/^sub:/, ''));
        else if (c.name === 'xs:extension') {
          type.base = attr.base!.replace(/^sub:/, '');
          walk(c);
        } else walk(c);
      }
    };
    walk(child);
    out.set(Object.fromEntries(child.attributes).name!, type);
  }
  strictTypes = out;
  return out;
}

function allowed(typeName: string): { attributes: Set<string>; elements: Map<string, string> } {
  const type = types().get(typeName);
  if (!type) return { attributes: new Set(), elements: new Map() };
  const base = type.base ? allowed(type.base) : { attributes: new Set<string>(), elements: new Map<string, string>() };
  return { attributes: new Set([...base.attributes, ...type.attributes]), elements: new Map([...base.elements, ...type.elements]) };
}

/** The document with what 1.16.1 does not define removed, and the names removed. */
export function toStrict(xml: string): { xml: string; removed: Set<string> } {
  const removed = new Set<string>();
  const strip = (node: XmlNode, typeName: string): XmlNode => {
    const { attributes, elements } = allowed(typeName);
    const keptAttributes = node.attributes.filter(([name]) => {
      if (name === 'xmlns' || attributes.has(name)) return true;
      removed.add(name);
      return false;
    });
    const children: (XmlNode | string)[] = [];
    for (const child of node.children) {
      if (typeof child === 'string') children.push(child);
      else if (elements.has(child.name)) children.push(strip(child, elements.get(child.name)!));
      else removed.add(child.name);
    }
    return { name: node.name, attributes: keptAttributes, children };
  };
  const root = parseXml(xml);
  return { xml: `<?xml version="1.0" encoding="UTF-8"?>\n${serialise(strip(root, 'Response'))}`, removed };
}

/** Throws with xmllint's complaints unless the XML is valid against both schemas as described above. */
export function assertValidXml(xml: string, label = 'response'): void {
  const relaxed = xmllint(xml, RELAXED_XSD());
  if (relaxed) throw new Error(`${label}: not valid against the OpenSubsonic-relaxed XSD:\n${relaxed}\n${xml.slice(0, 2000)}`);
  const { xml: strictXml, removed } = toStrict(xml);
  const unknown = [...removed].filter((name) => !OPENSUBSONIC_ADDITIONS.has(name));
  if (unknown.length) throw new Error(`${label}: ${unknown.join(', ')} are neither Subsonic 1.16.1 nor OpenSubsonic fields where they appear`);
  const strict = xmllint(strictXml, STRICT_XSD());
  if (strict) throw new Error(`${label}: not valid against the Subsonic 1.16.1 XSD (OpenSubsonic additions removed):\n${strict}\n${strictXml.slice(0, 2000)}`);
}

/**
 * Checks the JSON form has the shape the XML form has: the JSON is turned into XML by
 * Subsonic's mapping (scalars → attributes, objects and arrays → elements, `value` → text)
 * and validated the same way. `textElements` are the string fields that are elements in XML.
 */
export function assertValidJson(json: unknown, label = 'response'): void {
  const body = (json as Record<string, unknown>)['subsonic-response'];
  if (!body || typeof body !== 'object') throw new Error(`${label}: no subsonic-response object`);
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n${jsonToXml('subsonic-response', body as Record<string, unknown>, ' xmlns="http://subsonic.org/restapi"')}`;
  assertValidXml(xml, `${label} (JSON)`);
}

/** String fields that XML carries as child elements, not attributes (from the XSD's xs:string elements). */
const TEXT_ELEMENTS = new Set([
  'biography',
  'musicBrainzId',
  'lastFmUrl',
  'smallImageUrl',
  'mediumImageUrl',
  'largeImageUrl',
  'notes',
  'allowedUser',
  'folder',
  'versions',
]);
/** OpenSubsonic fields only JSON carries (their XML form is not admitted by the 1.16.1 schemas where they appear). */
const JSON_ONLY = new Set([
  'genres',
  'artists',
  'releaseTypes',
  'recordLabels',
  'moods',
  'discTitles',
  'originalReleaseDate',
  'releaseDate',
  'roles',
  'albumArtists',
  'contributors',
  'isrc',
  'replayGain',
]);

const INFO_ELEMENTS = new Set(['artistInfo', 'artistInfo2', 'albumInfo']);
const isTextElement = (element: string, key: string) => (key === 'musicBrainzId' ? INFO_ELEMENTS.has(element) : TEXT_ELEMENTS.has(key));

function jsonToXml(name: string, node: Record<string, unknown>, extra = ''): string {
  let attributes = extra;
  let children = '';
  const inSong = ['song', 'child', 'entry', 'episode'].includes(name);
  for (const [key, value] of Object.entries(node)) {
    if (value === null || value === undefined) throw new Error(`${name}.${key} is null; leave it out instead`);
    if (key === 'value' && typeof value !== 'object') children += esc(String(value));
    else if (Array.isArray(value)) {
      if (value.length === 0) throw new Error(`${name}.${key} is an empty list; leave it out instead`);
      if (JSON_ONLY.has(key) && !inSong) continue;
      for (const item of value)
        children += typeof item === 'object' && item !== null ? jsonToXml(key, item as Record<string, unknown>) : `<${key}>${esc(String(item))}</${key}>`;
    } else if (typeof value === 'object') {
      if (JSON_ONLY.has(key) && !inSong) continue;
      children += jsonToXml(key, value as Record<string, unknown>);
    } else if (isTextElement(name, key)) children += `<${key}>${esc(String(value))}</${key}>`;
    else attributes += ` ${key}="${esc(String(value))}"`;
  }
  return children === '' ? `<${name}${attributes}/>` : `<${name}${attributes}>${children}</${name}>`;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A small parser for the well-formed XML Runnel and the XSD files produce (no DTDs, no CDATA). */
export function parseXml(xml: string): XmlNode {
  let i = 0;
  const stack: XmlNode[] = [{ name: '#document', attributes: [], children: [] }];
  while (i < xml.length) {
    if (xml.startsWith('<?', i)) i = xml.indexOf('?>', i) + 2;
    else if (xml.startsWith('<!--', i)) i = xml.indexOf('-->', i) + 3;
    else if (xml.startsWith('</', i)) {
      i = xml.indexOf('>', i) + 1;
      const done = stack.pop()!;
      stack.at(-1)!.children.push(done);
    } else if (xml[i] === '<') {
      const end = xml.indexOf('>', i);
      let inner = xml.slice(i + 1, end);
      const selfClosing = inner.endsWith('/');
      if (selfClosing) inner = inner.slice(0, -1);
      const name = /^[^\s/>]+/.exec(inner)![0];
      const attributes: [string, string][] = [];
      for (const m of inner.slice(name.length).matchAll(/([^\s=]+)\s*=\s*"([^"]*)"/g)) attributes.push([m[1]!, m[2]!]);
      const node: XmlNode = { name, attributes, children: [] };
      if (selfClosing) stack.at(-1)!.children.push(node);
      else stack.push(node);
      i = end + 1;
    } else {
      const next = xml.indexOf('<', i);
      const text = xml.slice(i, next === -1 ? undefined : next);
      if (text.trim() !== '') stack.at(-1)!.children.push(text);
      i = next === -1 ? xml.length : next;
    }
  }
  const root = stack[0]!.children.find((c): c is XmlNode => typeof c !== 'string');
  if (!root) throw new Error('no root element');
  return root;
}

function serialise(node: XmlNode): string {
  const attributes = node.attributes.map(([k, v]) => ` ${k}="${v}"`).join('');
  if (!node.children.length) return `<${node.name}${attributes}/>`;
  return `<${node.name}${attributes}>${node.children.map((c) => (typeof c === 'string' ? c : serialise(c))).join('')}</${node.name}>`;
}

/**
 * Calls an endpoint in XML and in JSON (same parameters, GET) and checks both against the
 * schemas; returns both answers for the test to look at.
 */
export async function validCall(
  app: TestApp,
  name: string,
  params: Record<string, string | number | boolean | (string | number)[]>,
): Promise<{ xml: RestResult; json: RestResult }> {
  const { f: _format, ...rest_ } = params;
  const xml = await rest(app, name, rest_);
  assertValidXml(xml.body, `${name} (XML)`);
  const json = await rest(app, name, { ...rest_, f: 'json' });
  assertValidJson(JSON.parse(json.body), name);
  return { xml, json };
}
