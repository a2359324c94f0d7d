import { VERSION } from '../version.ts';

/** The Subsonic API version Runnel speaks (the last one Subsonic published). */
export const API_VERSION = '1.16.1';

/**
 * A response is built once as a tree and rendered as XML, JSON or JSONP. In the tree,
 * scalars are XML attributes (JSON fields), objects and arrays of objects are child elements,
 * a `value` key is an element's text (as in Subsonic's JSON), and `text(…)` marks a string
 * that is a child element in XML (`<biography>…</biography>`) but a plain field in JSON.
 * `undefined`, `null` and empty arrays are left out, so empty lists are omitted.
 */
export type Scalar = string | number | boolean;
export type Value = Scalar | Text | TextAndAttribute | JsonOnly | Node | undefined | null | readonly Value[];
export interface Node {
  [key: string]: Value;
}

export class Text {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}
export const text = (value: string | null | undefined): Text | undefined => (value === null || value === undefined ? undefined : new Text(value));

/**
 * A field only JSON carries: OpenSubsonic's lists on albums and artists (`genres`, `artists`)
 * would be child elements the XML schema does not admit there, so XML clients go without.
 */
export class JsonOnly {
  readonly value: Value;
  constructor(value: Value) {
    this.value = value;
  }
}
export const jsonOnly = (value: Value) => new JsonOnly(value);

/**
 * An element's text that XML also carries as an attribute of the same name: the 1.16.1 schema
 * wants `<genre value="Pop">` while Subsonic servers (and apps) put the name in the text.
 */
export class TextAndAttribute {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}
export const textAndAttribute = (value: string) => new TextAndAttribute(value);

export type Format = 'xml' | 'json' | 'jsonp';

/** The envelope's own fields; OpenSubsonic's `type`, `serverVersion` and `openSubsonic` on errors too. */
function envelope(status: 'ok' | 'failed', body: Node): Node {
  return { status, version: API_VERSION, type: 'runnel', serverVersion: VERSION, openSubsonic: true, ...body };
}

export interface Rendered {
  contentType: string;
  body: string;
}

/** The whole response in the format the client asked for. */
export function render(format: Format, status: 'ok' | 'failed', body: Node, callback?: string): Rendered {
  const tree = envelope(status, body);
  if (format === 'xml') {
    return {
      contentType: 'text/xml; charset=utf-8',
      body: `<?xml version="1.0" encoding="UTF-8"?>\n${xmlElement('subsonic-response', tree, ' xmlns="http://subsonic.org/restapi"')}`,
    };
  }
  const json = JSON.stringify({ 'subsonic-response': jsonValue(tree) });
  if (format === 'jsonp') return { contentType: 'application/javascript; charset=utf-8', body: `${callback}(${json});` };
  return { contentType: 'application/json; charset=utf-8', body: json };
}

function present(value: Value): boolean {
  if (value instanceof JsonOnly) return present(value.value);
  return value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0) && !(typeof value === 'number' && !Number.isFinite(value));
}

function jsonValue(value: Value): unknown {
  if (value instanceof Text || value instanceof TextAndAttribute) return value.text;
  if (value instanceof JsonOnly) return jsonValue(value.value);
  if (Array.isArray(value)) return value.filter(present).map(jsonValue);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value as Node)) if (present(child)) out[key] = jsonValue(child);
    return out;
  }
  return value;
}

function xmlElement(name: string, node: Node, extra = ''): string {
  let attributes = extra;
  let children = '';
  for (const [key, value] of Object.entries(node)) {
    if (!present(value) || value instanceof JsonOnly) continue;
    if (key === 'value' && !(typeof value === 'object')) children += escapeXml(String(value));
    else if (value instanceof Text) children += `<${key}>${escapeXml(value.text)}</${key}>`;
    else if (value instanceof TextAndAttribute) {
      attributes += ` ${key}="${escapeXml(value.text)}"`;
      children += escapeXml(value.text);
    } else if (Array.isArray(value))
      children += value
        .filter(present)
        .map((item) => xmlChild(key, item))
        .join('');
    else if (typeof value === 'object') children += xmlElement(key, value as Node);
    else attributes += ` ${key}="${escapeXml(String(value))}"`;
  }
  return children === '' ? `<${name}${attributes}/>` : `<${name}${attributes}>${children}</${name}>`;
}

function xmlChild(name: string, item: Value): string {
  if (item instanceof Text) return `<${name}>${escapeXml(item.text)}</${name}>`;
  if (typeof item === 'object' && item !== null && !Array.isArray(item)) return xmlElement(name, item as Node);
  return `<${name}>${escapeXml(String(item))}</${name}>`;
}

// Characters XML 1.0 cannot carry at all (tags can hold anything); they are dropped.
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\n': '&#10;', '\r': '&#13;', '\t': '&#9;' };

function escapeXml(value: string): string {
  return value.replace(INVALID_XML, '').replace(/[&<>"'\n\r\t]/g, (c) => ESCAPES[c]!);
}
