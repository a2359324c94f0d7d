import { parentPort, workerData } from 'node:worker_threads';
import { validSample, type Schema } from './schema-samples.ts';

/**
 * The hostile client of fuzz.test.ts, in a worker of its own: building megabyte payloads and
 * reading answers makes garbage, and in its own heap that garbage is collected without
 * pausing the server being measured. Sends every request over real HTTP, one at a time,
 * and reports what came back.
 */

const MB = 'x'.repeat(1024 * 1024);
const NUL = 'a\u0000b';
const DEEP_ARRAY = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
const DEEP_OBJECT = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
const MB_JSON = [Buffer.from(JSON.stringify(MB)), Buffer.from(JSON.stringify({ blob: MB }))];
/** Node refuses longer request heads (431) before Fastify sees them: stay below, so the server sees it. */
const LONG_QUERY = 'x'.repeat(15_000);
/** Values of every wrong kind, for any one field. */
const WRONG: unknown[] = [NUL, 12345, -1, -1e308, 1e308, 2 ** 63, 1.5, true, null, [], [NUL, 1], {}, { a: NUL }, 'x'.repeat(20_000), ''];
const JUNK_IDS = ['%00', 'x'.repeat(190), '-1', '99999999999999999999', '..%2F..%2Fetc', '%7B%7D', '%E2%98%83'];
const QUERY_VALUES = [NUL, '-1', '1e999', '99999999999999999999', 'x'.repeat(5000), 'true', ''];

export interface Request {
  method: string;
  url: string;
  payload?: string | Buffer;
  contentType?: string;
}

export interface Operation {
  parameters?: { name: string; in: string; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

/** Requests for one OpenAPI operation: junk and real ids in the path, junk in each query parameter and body field. */
export function* restRequests(path: string, method: string, operation: Operation, realIds: string[]): Generator<Request> {
  const fill = (value: string) => path.replace(/\{\w+\}/g, value);
  const hasParams = path.includes('{');
  const ids = hasParams ? [...realIds.map(encodeURIComponent), ...JUNK_IDS] : ['-'];
  const url = fill(ids[0]!);
  const query = (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
  const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
  for (const id of ids) yield { method, url: fill(id) };
  for (const value of QUERY_VALUES) {
    for (const name of query) yield { method, url: `${url}?${name}=${encodeURIComponent(value)}&${name}=2` };
  }
  if (query.length) yield { method, url: `${url}?${query.map((name) => `${name}=${LONG_QUERY}`).join('&')}` };
  if (bodySchema || method !== 'GET') {
    const json = (payload: string | Buffer): Request => ({ method, url, payload, contentType: 'application/json' });
    for (const payload of [...MB_JSON, DEEP_ARRAY, DEEP_OBJECT]) yield json(payload);
    for (const whole of [NUL, -1, 1e308, null, [], [{}]]) yield json(JSON.stringify(whole));
    const valid = (bodySchema ? validSample(bodySchema) : {}) as Record<string, unknown>;
    for (const key of Object.keys(valid)) {
      for (const bad of WRONG) yield json(JSON.stringify({ ...valid, [key]: bad }));
    }
    for (const id of realIds.slice(0, 1)) yield json(JSON.stringify(Object.fromEntries(Object.keys(valid).map((k) => [k, id]))));
  }
}

/** The parameters Subsonic endpoints read. */
const SUBSONIC_PARAMS = [
  'id',
  'query',
  'name',
  'comment',
  'playlistId',
  'songId',
  'songIdToAdd',
  'songIndexToRemove',
  'username',
  'password',
  'type',
  'size',
  'offset',
  'count',
  'fromYear',
  'toYear',
  'genre',
  'musicFolderId',
  'artist',
  'title',
  'format',
  'maxBitRate',
  'timeOffset',
  'rating',
  'submission',
  'time',
  'position',
  'current',
  'ifModifiedSince',
  'public',
  'artistCount',
  'albumCount',
  'songCount',
  'artistOffset',
  'albumOffset',
  'songOffset',
  'albumId',
  'artistId',
  'estimateContentLength',
  'fullScan',
  'email',
];

/** Form bodies every endpoint gets (built once: the fuzz must not measure its own garbage). */
const FORMS: Array<string | Buffer> = [
  SUBSONIC_PARAMS.map((p) => `${p}=${'x'.repeat(20_000)}`).join('&'),
  `query=${'a '.repeat(120_000)}`,
  `name=${'n'.repeat(200_000)}`,
  `id=${'i'.repeat(200_000)}`,
  `query=${encodeURIComponent(Array.from({ length: 60 }, (_, i) => `word${i}`).join(' '))}&songCount=10000&albumCount=10000&artistCount=10000`,
  Buffer.from(`x=${MB}`),
  Array.from({ length: 6000 }, (_, i) => `songId=${i}&id=${i}`).join('&'),
];

export function* subsonicRequests(name: string, realIds: string[], token: string): Generator<Request> {
  const url = `/rest/${name}.view?apiKey=${encodeURIComponent(token)}&f=json`;
  const all = (value: string) => SUBSONIC_PARAMS.map((p) => `${p}=${encodeURIComponent(value)}`).join('&');
  for (const value of [NUL, '-1', '99999999999999999999', 'abc', '', 'true', '1e999', ...realIds]) yield { method: 'GET', url: `${url}&${all(value)}` };
  for (const payload of FORMS) yield { method: 'POST', url, payload, contentType: 'application/x-www-form-urlencoded' };
  yield { method: 'GET', url: `${url}&id=${LONG_QUERY}` };
  yield { method: 'POST', url, payload: DEEP_OBJECT, contentType: 'application/json' };
}

export interface FuzzPlan {
  base: string;
  token: string;
  endpoints: string[];
  operations: [string, string, Operation][];
  realIds: string[];
  subsonicIds: string[];
}

export interface FuzzReport {
  sent: number;
  failures: string[];
  /** Requests the server closed before answering (a body past its limit): not answers. */
  closed: number;
  /** Status of a 1 MB query string. */
  longStatus: number;
}

function* requests(plan: FuzzPlan): Generator<Request> {
  for (const name of plan.endpoints) yield* subsonicRequests(name, plan.subsonicIds, plan.token);
  for (const [path, method, operation] of plan.operations) yield* restRequests(path, method, operation, plan.realIds);
}

async function run(plan: FuzzPlan): Promise<FuzzReport> {
  const report: FuzzReport = { sent: 0, failures: [], closed: 0, longStatus: 0 };
  for (const r of requests(plan)) {
    const payload = r.method === 'GET' || r.method === 'HEAD' ? undefined : r.payload;
    const body = typeof payload === 'string' || payload === undefined ? payload : new Uint8Array(payload);
    try {
      const response = await fetch(`${plan.base}${r.url}`, {
        method: r.method,
        headers: { authorization: `Bearer ${plan.token}`, ...(r.contentType && payload !== undefined ? { 'content-type': r.contentType } : {}) },
        body,
      });
      const text = await response.text();
      if (response.status >= 500) report.failures.push(`${r.method} ${r.url.slice(0, 90)} answered ${response.status}: ${text.slice(0, 200)}`);
    } catch {
      report.closed += 1;
    }
    report.sent += 1;
  }
  // 0: the connection was closed without an answer (as a balancer does with a request line
  // past its buffer).
  report.longStatus = await fetch(`${plan.base}/api/v1/search?q=${MB}`, { headers: { authorization: `Bearer ${plan.token}` } }).then(
    (r) => r.status,
    () => 0,
  );
  return report;
}

if (parentPort && workerData) parentPort.postMessage(await run(workerData as FuzzPlan));
