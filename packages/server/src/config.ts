import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ROLES, type Role } from './cluster/roles.ts';

/** Runnel's whole configuration, parsed and checked once at start-up. */
export interface Config {
  /** Folder for the database, caches and generated files. */
  dataDir: string;
  /** `sqlite:` path or `postgres://` URL. */
  db: string;
  /** Address to listen on. */
  host: string;
  /** Port to listen on. */
  port: number;
  /** Music folders, read-only to Runnel. */
  music: string[];
  /** Log level for pino. */
  logLevel: string;
  /** Lifetime of a login session, in seconds. */
  sessionTtlS: number;
  /** Event bus between nodes: `memory` (one node) or a `redis://` URL. */
  bus: string;
  /**
   * Which proxies in front may tell the client's address and protocol (X-Forwarded-For/-Proto):
   * none (false), any (true), or these addresses/CIDRs. Fastify's `trustProxy` (whose hop
   * count trusts nothing since 5.12, as it can't tell the proxy from a client: not offered).
   */
  trustProxy: TrustProxy;
  /** Who may read `/metrics`: administrators (with a token), anyone, or nobody (no route). */
  metrics: MetricsAccess;
  /** What this node does in a cluster: all (one node), api, stream or worker (cluster/README.md). */
  role: Role;
  /** LRCLIB (or a server with its API) to ask for lyrics a track has neither in its tags nor beside it; off when undefined. */
  lrclib?: string;
  /** Measure the loudness of tracks without ReplayGain after each scan (on by default). */
  loudness: boolean;
  /** What public links play: each track in full, or its first 30 seconds. */
  sharePlayback: 'full' | 'preview';
  /** ListenBrainz's API (or a compatible server's) for listeners' scrobbles; https://api.listenbrainz.org when undefined. */
  listenbrainzUrl?: string;
  /** The operator's Last.fm API account; Last.fm scrobbling is offered only with both. */
  lastfmKey?: string;
  lastfmSecret?: string;
  /** Last.fm's API and web-auth addresses (another server with its API, such as Libre.fm); Last.fm's own when undefined. */
  lastfmUrl?: string;
  lastfmAuthUrl?: string;
}

export type TrustProxy = boolean | string[];
export type MetricsAccess = 'admin' | 'public' | 'off';

/** One setting: its flag, environment variable, default and meaning (shown by --help). */
interface Setting {
  key: keyof Config;
  flag: string;
  env: string;
  help: string;
  multiple?: boolean;
}

export const settings: Setting[] = [
  { key: 'dataDir', flag: 'data', env: 'RUNNEL_DATA', help: 'data folder (default ./runnel-data)' },
  { key: 'db', flag: 'db', env: 'RUNNEL_DB', help: 'database: a file path, sqlite:PATH or postgres://URL (default DATA/runnel.db)' },
  { key: 'host', flag: 'host', env: 'RUNNEL_HOST', help: 'address to listen on (default 127.0.0.1)' },
  { key: 'port', flag: 'port', env: 'RUNNEL_PORT', help: 'port to listen on (default 4533)' },
  { key: 'music', flag: 'music', env: 'RUNNEL_MUSIC', help: 'music folder, repeatable (env: separated by ":")', multiple: true },
  { key: 'logLevel', flag: 'log-level', env: 'RUNNEL_LOG_LEVEL', help: 'fatal|error|warn|info|debug|trace|silent (default info)' },
  { key: 'bus', flag: 'bus', env: 'RUNNEL_BUS', help: 'event bus between nodes: memory (default, one node) or redis://HOST:PORT' },
  { key: 'sessionTtlS', flag: 'session-ttl', env: 'RUNNEL_SESSION_TTL', help: 'login session lifetime in seconds (default 2592000, 30 days)' },
  {
    key: 'trustProxy',
    flag: 'trust-proxy',
    env: 'RUNNEL_TRUST_PROXY',
    help: 'believe X-Forwarded-For/-Proto from: off (default), true (any), or addresses/CIDRs, comma-separated',
  },
  { key: 'role', flag: 'role', env: 'RUNNEL_ROLE', help: 'all (default), or in a cluster: api, stream or worker (needs PostgreSQL and --bus redis://)' },
  { key: 'metrics', flag: 'metrics', env: 'RUNNEL_METRICS', help: "who may read /metrics: admin (default, an admin's token), public, or off" },
  {
    key: 'loudness',
    flag: 'loudness',
    env: 'RUNNEL_LOUDNESS',
    help: 'on (default) or off: measure the loudness of tracks without ReplayGain tags after each scan',
  },
  {
    key: 'sharePlayback',
    flag: 'share-playback',
    env: 'RUNNEL_SHARE_PLAYBACK',
    help: 'what public links play: full (default) or preview (the first 30 seconds of each track)',
  },
  { key: 'lrclib', flag: 'lrclib', env: 'RUNNEL_LRCLIB', help: 'ask this LRCLIB server for lyrics tracks lack, e.g. https://lrclib.net (default off)' },
  {
    key: 'listenbrainzUrl',
    flag: 'listenbrainz-url',
    env: 'RUNNEL_LISTENBRAINZ_URL',
    help: "where listeners' ListenBrainz scrobbles go (default https://api.listenbrainz.org; a compatible server's API works too)",
  },
  { key: 'lastfmKey', flag: 'lastfm-key', env: 'RUNNEL_LASTFM_KEY', help: 'your Last.fm API key: lets listeners scrobble to Last.fm (with --lastfm-secret)' },
  {
    key: 'lastfmSecret',
    flag: 'lastfm-secret',
    env: 'RUNNEL_LASTFM_SECRET',
    help: 'your Last.fm API shared secret (better in the environment than on the command line)',
  },
  {
    key: 'lastfmUrl',
    flag: 'lastfm-url',
    env: 'RUNNEL_LASTFM_URL',
    help: "Last.fm's API address, or a server with its API (default https://ws.audioscrobbler.com/2.0/)",
  },
  {
    key: 'lastfmAuthUrl',
    flag: 'lastfm-auth-url',
    env: 'RUNNEL_LASTFM_AUTH_URL',
    help: 'where listeners allow Runnel on Last.fm (default https://www.last.fm/api/auth/)',
  },
];

/** Raised for a bad setting; the message names it. */
export class ConfigError extends Error {}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Reads flags, then environment variables, then defaults; throws ConfigError naming a bad setting. */
export function loadConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): { config: Config; rest: string[] } {
  const options = Object.fromEntries(settings.map((s) => [s.flag, { type: 'string' as const, multiple: s.multiple ?? false }]));
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  const raw = (s: Setting): string | string[] | undefined => {
    const fromFlag = parsed.values[s.flag];
    if (fromFlag !== undefined) return fromFlag;
    const fromEnv = env[s.env];
    if (fromEnv === undefined || fromEnv === '') return undefined;
    return s.multiple ? fromEnv.split(':').filter(Boolean) : fromEnv;
  };
  const one = (key: keyof Config) => {
    const value = raw(settings.find((s) => s.key === key)!);
    return Array.isArray(value) ? value.at(-1) : value;
  };

  const dataDir = resolve(one('dataDir') ?? 'runnel-data');
  const db = normaliseDb(one('db') ?? `sqlite:${resolve(dataDir, 'runnel.db')}`);
  const port = integer('port (--port / RUNNEL_PORT)', one('port') ?? '4533', 0, 65535);
  const logLevel = one('logLevel') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel))
    throw new ConfigError(`log level (--log-level / RUNNEL_LOG_LEVEL) must be one of ${LOG_LEVELS.join(', ')}; got "${logLevel}"`);
  const sessionTtlS = integer('session lifetime (--session-ttl / RUNNEL_SESSION_TTL)', one('sessionTtlS') ?? '2592000', 60, 10 * 365 * 86400);
  const bus = one('bus') ?? 'memory';
  if (bus !== 'memory' && !/^rediss?:\/\/./.test(bus)) throw new ConfigError(`event bus (--bus / RUNNEL_BUS) must be "memory" or a redis:// URL; got "${bus}"`);
  const trustProxy = parseTrustProxy(one('trustProxy') ?? 'off');
  const metrics = one('metrics') ?? 'admin';
  if (metrics !== 'admin' && metrics !== 'public' && metrics !== 'off')
    throw new ConfigError(`metrics (--metrics / RUNNEL_METRICS) must be admin, public or off; got "${metrics}"`);
  const role = (one('role') ?? 'all') as Role;
  if (!ROLES.includes(role)) throw new ConfigError(`role (--role / RUNNEL_ROLE) must be one of ${ROLES.join(', ')}; got "${role}"`);
  if (role !== 'all' && (!db.startsWith('postgres') || bus === 'memory'))
    throw new ConfigError(`role ${role} is a node of a cluster: it needs a PostgreSQL database (--db postgres://…) and a Redis bus (--bus redis://…)`);
  const loudnessSetting = one('loudness') ?? 'on';
  if (loudnessSetting !== 'on' && loudnessSetting !== 'off')
    throw new ConfigError(`loudness (--loudness / RUNNEL_LOUDNESS) must be on or off; got "${loudnessSetting}"`);
  const sharePlayback = one('sharePlayback') ?? 'full';
  if (sharePlayback !== 'full' && sharePlayback !== 'preview')
    throw new ConfigError(`share playback (--share-playback / RUNNEL_SHARE_PLAYBACK) must be full or preview; got "${sharePlayback}"`);
  const url = (key: keyof Config, name: string) => {
    const value = one(key);
    if (value !== undefined && !/^https?:\/\/[^\s]+$/.test(value)) throw new ConfigError(`${name} must be an http(s) URL; got "${value}"`);
    return value;
  };
  const lrclib = url('lrclib', 'LRCLIB (--lrclib / RUNNEL_LRCLIB)');
  const listenbrainzUrl = url('listenbrainzUrl', 'ListenBrainz (--listenbrainz-url / RUNNEL_LISTENBRAINZ_URL)');
  const lastfmUrl = url('lastfmUrl', 'Last.fm API (--lastfm-url / RUNNEL_LASTFM_URL)');
  const lastfmAuthUrl = url('lastfmAuthUrl', 'Last.fm web auth (--lastfm-auth-url / RUNNEL_LASTFM_AUTH_URL)');
  const lastfmKey = one('lastfmKey');
  const lastfmSecret = one('lastfmSecret');
  if ((lastfmKey === undefined) !== (lastfmSecret === undefined))
    throw new ConfigError('Last.fm needs both the API key (--lastfm-key / RUNNEL_LASTFM_KEY) and its secret (--lastfm-secret / RUNNEL_LASTFM_SECRET)');
  const musicRaw = raw(settings.find((s) => s.key === 'music')!);
  const music = (Array.isArray(musicRaw) ? musicRaw : musicRaw ? [musicRaw] : []).map((m) => resolve(m));

  return {
    config: {
      dataDir,
      db,
      host: one('host') ?? '127.0.0.1',
      port,
      music,
      logLevel,
      sessionTtlS,
      bus,
      trustProxy,
      metrics,
      role,
      loudness: loudnessSetting === 'on',
      sharePlayback,
      ...(lrclib && { lrclib }),
      ...(listenbrainzUrl && { listenbrainzUrl }),
      ...(lastfmKey && lastfmSecret && { lastfmKey, lastfmSecret }),
      ...(lastfmUrl && { lastfmUrl }),
      ...(lastfmAuthUrl && { lastfmAuthUrl }),
    },
    rest: parsed.positionals,
  };
}

/** `off`/`false`, `true`, or a comma-separated list of addresses, CIDRs and proxy-addr's names (loopback, linklocal, uniquelocal). */
function parseTrustProxy(value: string): TrustProxy {
  const name = 'trust proxy (--trust-proxy / RUNNEL_TRUST_PROXY)';
  if (value === 'off' || value === 'false') return false;
  if (value === 'true') return true;
  const list = value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  const valid = (entry: string) => {
    if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
    const [address, bits, ...extra] = entry.split('/');
    const version = isIP(address!);
    if (!version || extra.length) return false;
    return bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128));
  };
  const bad = list.find((entry) => !valid(entry));
  if (!list.length || bad !== undefined)
    throw new ConfigError(
      `${name} must be off, true, or addresses/CIDRs separated by commas (the proxy's own address, not a hop count); "${bad ?? value}" is none of these`,
    );
  return list;
}

function integer(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new ConfigError(`${name} must be a whole number from ${min} to ${max}; got "${value}"`);
  return n;
}

function normaliseDb(value: string): string {
  if (/^postgres(ql)?:\/\//.test(value)) {
    try {
      new URL(value);
    } catch {
      throw new ConfigError(`database (--db / RUNNEL_DB) is not a valid PostgreSQL URL: "${value}"`);
    }
    return value;
  }
  if (value.startsWith('sqlite:')) return `sqlite:${resolve(value.slice('sqlite:'.length))}`;
  if (/^[a-z]+:\/\//i.test(value)) throw new ConfigError(`database (--db / RUNNEL_DB) must be a file path, sqlite:PATH or postgres://URL; got "${value}"`);
  return `sqlite:${resolve(value)}`;
}

/** The --help text for the configuration settings. */
export function settingsHelp(): string {
  return settings.map((s) => `  --${s.flag.padEnd(12)} ${s.env.padEnd(20)} ${s.help}`).join('\n');
}
