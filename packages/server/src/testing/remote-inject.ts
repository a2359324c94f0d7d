import { request, type IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import type { InjectOptions, Response } from 'light-my-request';

/**
 * `inject()` over real HTTP, for the cluster mode of the tests: the request goes to `base`
 * (the balancer) on a connection of its own, and the answer comes back shaped like
 * light-my-request's, so a test reads it as it reads an in-process one. Defaults follow
 * light-my-request's (its user agent, `host: localhost:80`, a JSON body for an object).
 */
export function remoteInject(base: string): (options: InjectOptions | string) => Promise<Response> {
  return async (input) => {
    const options: InjectOptions = typeof input === 'string' ? { url: input } : input;
    if (options.remoteAddress !== undefined) throw new Error('remoteAddress cannot pass a balancer: this test runs single-node (scripts/test-cluster.mjs)');
    const headers: Record<string, string | string[]> = { 'user-agent': 'lightMyRequest', host: 'localhost:80' };
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.map(String) : String(value);
    }
    if (options.cookies) {
      const pairs = Object.entries(options.cookies).map(([name, value]) => `${name}=${value}`);
      headers.cookie = [headers.cookie, ...pairs].filter(Boolean).join('; ');
    }
    let body = options.payload ?? options.body;
    if (body !== undefined && !(body instanceof Readable) && typeof body !== 'string' && !Buffer.isBuffer(body)) {
      body = JSON.stringify(body);
      headers['content-type'] ??= 'application/json';
    }
    if ((typeof body === 'string' || Buffer.isBuffer(body)) && !headers['transfer-encoding']) headers['content-length'] ??= String(Buffer.byteLength(body));
    const url = new URL(pathOf(options), base);
    if (options.query) {
      const query = typeof options.query === 'string' ? new URLSearchParams(options.query) : options.query;
      for (const [name, value] of Object.entries(query)) for (const v of [value].flat()) url.searchParams.append(name, String(v));
    }
    return await new Promise<Response>((resolve, reject) => {
      const req = request(url, { method: options.method ?? 'GET', headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => resolve(response(res.statusCode ?? 0, res.statusMessage ?? '', res.headers, Buffer.concat(chunks), res.trailers)));
      });
      req.on('error', reject);
      if (body instanceof Readable) body.pipe(req);
      else req.end(body as string | Buffer | undefined);
    });
  };
}

function pathOf(options: InjectOptions): string {
  const url = options.url ?? options.path ?? '/';
  if (typeof url === 'string') return url;
  const query = typeof url.query === 'string' ? url.query : new URLSearchParams(url.query as Record<string, string>).toString();
  return query ? `${url.pathname}?${query}` : url.pathname;
}

function response(statusCode: number, statusMessage: string, headers: IncomingHttpHeaders, raw: Buffer, trailers: NodeJS.Dict<string>): Response {
  const body = raw.toString('utf8');
  return {
    statusCode,
    statusMessage,
    headers,
    trailers,
    rawPayload: raw,
    payload: body,
    body,
    json: () => JSON.parse(body),
    stream: () => Readable.from(raw),
    cookies: [headers['set-cookie'] ?? []].flat().map(parseCookie),
    raw: { res: undefined, req: undefined },
  } as unknown as Response;
}

/** One `set-cookie` line as light-my-request gives it (its names: httpOnly, sameSite, maxAge…). */
function parseCookie(line: string): Record<string, unknown> {
  const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
  const equals = pair.indexOf('=');
  const cookie: Record<string, unknown> = { name: pair.slice(0, equals), value: decodeURIComponent(pair.slice(equals + 1)) };
  const names: Record<string, string> = { httponly: 'httpOnly', samesite: 'sameSite', 'max-age': 'maxAge', secure: 'secure', path: 'path', domain: 'domain' };
  for (const attribute of attributes) {
    const [key = '', ...rest] = attribute.split('=');
    const value = rest.join('=');
    const name = key.toLowerCase();
    if (name === 'expires') cookie.expires = new Date(value);
    else if (name === 'max-age') cookie.maxAge = Number(value);
    else if (names[name]) cookie[names[name]] = rest.length ? value : true;
  }
  return cookie;
}
