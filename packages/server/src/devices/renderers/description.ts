import { LanError, lanRequest, lanUrl, type LanRequest } from './lan.ts';
import { descendants, parseXml, textAt, XmlError, type XmlElement } from './xml.ts';

/** A renderer as its device description tells it. */
export interface RendererDescription {
  /** The description's URL (LOCATION): what the devices table keeps as `renderer_url`. */
  url: string;
  name: string;
  /** The device's unique name (`uuid:…`): the same renderer whatever its address. */
  udn: string;
  avTransport: string;
  /** Absent on renderers without volume. */
  renderingControl: string | null;
  connectionManager: string | null;
}

/** The description is no MediaRenderer we can drive (bad XML, no AVTransport, controls elsewhere). */
export class NotARendererError extends Error {}

export const MAX_DESCRIPTION_BYTES = 64 * 1024;
const SERVICE = (name: string) => new RegExp(`^urn:schemas-upnp-org:service:${name}:\\d+$`);

/**
 * Reads a device description (UPnP Device Architecture §2.3): the first device or embedded
 * device that offers AVTransport. Control URLs are resolved against the description's own
 * URL (or a URLBase on its host) and must stay on the description's host: a description
 * cannot send the server's SOAP requests to another machine.
 */
export function parseDescription(xml: string, location: string): RendererDescription {
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (error) {
    throw new NotARendererError(`the description is not acceptable XML: ${(error as XmlError).message}`);
  }
  if (root.name !== 'root') throw new NotARendererError('the description has no <root>');
  const home = lanUrl(location);
  // UDA 1.1 resolves against the description's URL (URLBase is 1.0's, and libupnp writes the
  // address it serves on): a URLBase is used only on the same host, so a renderer added
  // through another name or a forwarder still works, and a description cannot redirect.
  const baseText = textAt(root, 'URLBase');
  let base = home;
  try {
    const given = baseText ? lanUrl(baseText) : home;
    if (given.hostname === home.hostname) base = given;
  } catch {
    // not an http: URL: ignored
  }
  const resolve = (raw: string | undefined): string | null => {
    if (!raw) return null;
    let url: URL;
    try {
      url = new URL(raw, base);
    } catch {
      throw new NotARendererError(`a control URL is not a URL: ${raw.slice(0, 100)}`);
    }
    if (url.protocol !== 'http:' || url.hostname !== home.hostname || url.username || url.password)
      throw new NotARendererError('a control URL points away from the renderer');
    return url.href;
  };
  for (const device of descendants(root, 'device')) {
    const services = device.children.filter((c) => c.name === 'serviceList').flatMap((list) => list.children.filter((c) => c.name === 'service'));
    const control = (name: string) =>
      resolve(
        textAt(
          services.find((s) => SERVICE(name).test(textAt(s, 'serviceType') ?? '')),
          'controlURL',
        ),
      );
    const avTransport = control('AVTransport');
    if (!avTransport) continue;
    const udn = textAt(device, 'UDN') ?? '';
    if (!/^[\x21-\x7e]{1,200}$/.test(udn)) throw new NotARendererError('the renderer has no usable UDN');
    const name = (textAt(device, 'friendlyName') ?? '').replace(/\s+/g, ' ').trim().slice(0, 80) || 'UPnP renderer';
    return { url: home.href, name, udn, avTransport, renderingControl: control('RenderingControl'), connectionManager: control('ConnectionManager') };
  }
  throw new NotARendererError('the device offers no AVTransport service');
}

/** Fetches and parses a description (64 KiB, 3 s, LAN only: lan.ts). */
export async function fetchDescription(location: string, options: Pick<LanRequest, 'allow' | 'timeoutMs'> = {}): Promise<RendererDescription> {
  const answer = await lanRequest(location, { maxBytes: MAX_DESCRIPTION_BYTES, timeoutMs: 3000, ...options });
  if (answer.status !== 200) throw new LanError('device_unreachable', `the description answered ${answer.status}`);
  return parseDescription(answer.body, location);
}
