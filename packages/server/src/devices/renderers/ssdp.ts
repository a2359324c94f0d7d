import { createSocket } from 'node:dgram';

export const SSDP_ADDRESS = '239.255.255.250';
export const SSDP_PORT = 1900;
export const MEDIA_RENDERER = 'urn:schemas-upnp-org:device:MediaRenderer:1';

/** Most answers kept from one search (a LAN has a handful of renderers; a flood is cut off). */
const MOST = 64;

/** The M-SEARCH request (UPnP Device Architecture §1.3.2). */
export function mSearch(target: string, mx: number): string {
  return ['M-SEARCH * HTTP/1.1', `HOST: ${SSDP_ADDRESS}:${SSDP_PORT}`, 'MAN: "ssdp:discover"', `MX: ${mx}`, `ST: ${target}`, '', ''].join('\r\n');
}

/**
 * The LOCATION of one search answer, when the datagram is one: an `HTTP/1.1 200 OK` with a
 * LOCATION that is an http: URL and an ST that is the target (or `ssdp:all`). Anything else,
 * including junk, gives null.
 */
export function answerLocation(datagram: Buffer, target: string): string | null {
  if (datagram.length > 8192) return null;
  const lines = datagram.toString('latin1').split(/\r?\n/);
  if (!/^HTTP\/1\.[01] 200\b/i.test(lines[0] ?? '')) return null;
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const st = headers.get('st');
  if (st !== undefined && st !== target && st !== 'ssdp:all') return null;
  const location = headers.get('location') ?? '';
  try {
    const url = new URL(location);
    return url.protocol === 'http:' && location.length <= 1000 ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * Searches the LAN for devices of a type by SSDP multicast and collects the LOCATION URLs
 * of those that answer within `timeoutMs`. Never rejects: a machine without multicast finds
 * nothing (`error` says why).
 */
export function ssdpSearch(
  options: { target?: string; timeoutMs?: number; address?: string; port?: number } = {},
): Promise<{ locations: string[]; error?: string }> {
  const target = options.target ?? MEDIA_RENDERER;
  const timeoutMs = Math.max(200, options.timeoutMs ?? 2000);
  const mx = Math.max(1, Math.min(5, Math.floor(timeoutMs / 1000) - 1 || 1));
  const found = new Set<string>();
  return new Promise((resolve) => {
    const socket = createSocket({ type: 'udp4' });
    let error: string | undefined;
    let closed = false;
    const finish = () => {
      if (closed) return;
      closed = true;
      clearTimeout(timer);
      try {
        socket.close();
      } catch {
        // already closed
      }
      resolve({ locations: [...found], ...(error ? { error } : {}) });
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on('error', (e) => {
      error = e.message;
      finish();
    });
    socket.on('message', (datagram) => {
      const location = answerLocation(datagram, target);
      if (location && found.size < MOST) found.add(location);
    });
    socket.bind(0, () => {
      const message = Buffer.from(mSearch(target, mx));
      const send = () =>
        !closed &&
        socket.send(message, options.port ?? SSDP_PORT, options.address ?? SSDP_ADDRESS, (e) => {
          if (e) error = e.message;
        });
      // UDP may drop one: the search goes out twice, as control points do.
      send();
      setTimeout(send, 150).unref();
    });
  });
}
