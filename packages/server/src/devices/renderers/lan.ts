import { lookup } from 'node:dns/promises';
import { request } from 'node:http';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * The one way the renderers module talks HTTP: to a renderer on the local network, and only
 * there. A user can make the server fetch a URL here (adding a renderer), so every request
 * is held to the LAN rule below, for every connection (the address checked is the address
 * connected to: no DNS rebinding), with no redirects, a size cap and a deadline.
 */

/** Why a URL or answer was refused; `code` is shown to the client (see renderers/routes.ts). */
export class LanError extends Error {
  readonly code: 'renderer_url_invalid' | 'renderer_address_refused' | 'device_unreachable';
  constructor(code: LanError['code'], message: string) {
    super(message);
    this.name = 'LanError';
    this.code = code;
  }
}

const lan = new BlockList();
for (const [net, bits] of [
  ['10.0.0.0', 8],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
] as const)
  lan.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
] as const)
  lan.addSubnet(net, bits, 'ipv6');
/** Link-local, but the cloud's instance-metadata service, never a renderer. */
const METADATA = new Set(['169.254.169.254', 'fd00:ec2::254']);

/** Whether an address is on the LAN: private (RFC 1918, IPv6 ULA), loopback or link-local. */
export function isLanAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const ip = mapped ?? address;
  const version = isIP(ip);
  if (!version || METADATA.has(ip.toLowerCase())) return false;
  return lan.check(ip, version === 4 ? 'ipv4' : 'ipv6');
}

/** Checks a URL's form: `http:` only, no user or password, a host. */
export function lanUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new LanError('renderer_url_invalid', 'Not a URL');
  }
  if (url.protocol !== 'http:') throw new LanError('renderer_url_invalid', 'Only http: URLs are allowed for a renderer');
  if (url.username || url.password) throw new LanError('renderer_url_invalid', 'A renderer URL carries no user or password');
  if (!url.hostname) throw new LanError('renderer_url_invalid', 'The URL has no host');
  return url;
}

/** The host's addresses, all of which must be on the LAN; the first is the one to connect to. */
export async function lanAddress(hostname: string, allow: (address: string) => boolean = isLanAddress): Promise<string> {
  const host = hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
    } catch {
      throw new LanError('device_unreachable', `${host} does not resolve`);
    }
  }
  if (!addresses.length || !addresses.every(allow)) throw new LanError('renderer_address_refused', `${host} is not on the local network`);
  return addresses[0]!;
}

export interface LanRequest {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Largest answer body read (default 64 KiB); more is an error. */
  maxBytes?: number;
  /** The whole exchange, connect to last byte (default 3 s). */
  timeoutMs?: number;
  /** Which addresses may be connected to (default isLanAddress). */
  allow?: (address: string) => boolean;
}

export interface LanResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** This server's address on the connection (where the renderer can reach it). */
  localAddress: string | undefined;
}

/** One HTTP exchange with a host on the LAN. Rejects with a LanError; never follows a redirect. */
export async function lanRequest(raw: string, options: LanRequest = {}): Promise<LanResponse> {
  const url = lanUrl(raw);
  const address = await lanAddress(url.hostname, options.allow);
  const maxBytes = options.maxBytes ?? 64 * 1024;
  const family = isIP(address);
  // The checked address, whatever DNS says by the time the socket connects.
  const pinned: LookupFunction = (_host, opts, callback) => {
    if ((opts as { all?: boolean }).all) (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
  return new Promise((resolve, reject) => {
    const fail = (error: LanError) => {
      clearTimeout(timer);
      req.destroy();
      reject(error);
    };
    const req = request(
      url,
      {
        method: options.method ?? 'GET',
        headers: { ...options.headers, connection: 'close' },
        lookup: pinned,
        agent: false,
        insecureHTTPParser: false,
        maxHeaderSize: 16 * 1024,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400) return fail(new LanError('device_unreachable', `${url.host} redirects (${status}); redirects are not followed`));
        if (Number(res.headers['content-length'] ?? 0) > maxBytes)
          return fail(new LanError('device_unreachable', `${url.host} sent more than ${maxBytes} bytes`));
        const localAddress = res.socket?.localAddress;
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) return fail(new LanError('device_unreachable', `${url.host} sent more than ${maxBytes} bytes`));
          chunks.push(chunk);
        });
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), localAddress });
        });
        res.on('error', () => fail(new LanError('device_unreachable', `${url.host} broke off its answer`)));
      },
    );
    const timer = setTimeout(() => fail(new LanError('device_unreachable', `${url.host} did not answer in time`)), options.timeoutMs ?? 3000);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(new LanError('device_unreachable', `${url.host}: ${(error as NodeJS.ErrnoException).code ?? error.message}`));
    });
    req.end(options.body);
  });
}
