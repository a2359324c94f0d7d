/**
 * Just enough XML for UPnP: device descriptions and SOAP answers, from devices we do not
 * trust. Elements and their text only (attributes are skipped; names lose their prefix), the
 * five predefined entities and character references, nothing else: a document type
 * (where entities would be declared) is refused outright, so nothing expands. Callers cap
 * the size; depth and element count are capped here.
 */
export interface XmlElement {
  name: string;
  children: XmlElement[];
  text: string;
}

export class XmlError extends Error {}

const MAX_DEPTH = 32;
const MAX_ELEMENTS = 5000;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Text with its references resolved; an unknown entity is an error (it would need a DTD). */
export function decodeText(raw: string): string {
  return raw.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,4});/gi, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) || code === 0) throw new XmlError(`bad character reference ${whole}`);
      return String.fromCodePoint(code);
    }
    const named = NAMED[ref];
    if (named === undefined) throw new XmlError(`unknown entity ${whole}`);
    return named;
  });
}

/** Escapes text for an XML element or attribute value (anything from tags or users). */
export function escapeXml(value: string): string {
  // Characters XML 1.0 cannot carry at all are dropped rather than sent.
  // eslint-disable-next-line no-control-regex
  const clean = value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
  return clean.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`);
}

const TOKEN = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<!([^>]*)>|<(\/?)([A-Za-z_][\w.:-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>|([^<]+)|</g;

/** Parses a document into its root element; throws XmlError on anything it does not accept. */
export function parseXml(source: string): XmlElement {
  const root: XmlElement = { name: '#document', children: [], text: '' };
  const stack: XmlElement[] = [root];
  let count = 0;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(source); m; m = TOKEN.exec(source)) {
    const [whole, cdata, declaration, closing, qname, , selfClosing, text] = m;
    const top = stack[stack.length - 1]!;
    if (text !== undefined) top.text += decodeText(text);
    else if (cdata !== undefined) top.text += cdata;
    else if (declaration !== undefined) throw new XmlError('document types and declarations are refused');
    else if (qname !== undefined) {
      const name = qname.includes(':') ? qname.slice(qname.indexOf(':') + 1) : qname;
      if (closing) {
        if (top.name !== name || stack.length === 1) throw new XmlError(`</${qname}> closes nothing open`);
        stack.pop();
      } else {
        if (++count > MAX_ELEMENTS) throw new XmlError('too many elements');
        const element: XmlElement = { name, children: [], text: '' };
        top.children.push(element);
        if (!selfClosing) {
          if (stack.length > MAX_DEPTH) throw new XmlError('nested too deeply');
          stack.push(element);
        }
      }
    } else if (whole === '<') throw new XmlError('a stray <');
  }
  if (stack.length !== 1) throw new XmlError(`<${stack[stack.length - 1]!.name}> is never closed`);
  if (root.children.length !== 1) throw new XmlError('a document has one root element');
  return root.children[0]!;
}

/** The first child with this name (names without prefix). */
export const child = (element: XmlElement | undefined, name: string): XmlElement | undefined => element?.children.find((c) => c.name === name);

/** Follows a path of child names; undefined when a step is missing. */
export function path(element: XmlElement | undefined, ...names: string[]): XmlElement | undefined {
  let at = element;
  for (const name of names) at = child(at, name);
  return at;
}

/** The trimmed text of the element at the path, or undefined. */
export const textAt = (element: XmlElement | undefined, ...names: string[]): string | undefined => path(element, ...names)?.text.trim();

/** Every element with this name, anywhere below (depth-first, document order). */
export function descendants(element: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  const walk = (e: XmlElement) => {
    for (const c of e.children) {
      if (c.name === name) found.push(c);
      walk(c);
    }
  };
  walk(element);
  return found;
}
