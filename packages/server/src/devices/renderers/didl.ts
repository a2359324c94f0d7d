import { escapeXml } from './xml.ts';

/** `H+:MM:SS` (UPnP AV's duration and REL_TIME form), from milliseconds; fractions dropped. */
export function formatTime(ms: number): string {
  const total = Math.max(0, Math.floor((Number.isFinite(ms) ? ms : 0) / 1000));
  const two = (n: number) => String(n).padStart(2, '0');
  return `${Math.floor(total / 3600)}:${two(Math.floor(total / 60) % 60)}:${two(total % 60)}`;
}

/**
 * Milliseconds from a renderer's time: `H+:MM:SS`, optionally `.F+` or `.F0/F1` (UPnP AV
 * allows both fractions). null for anything else, including `NOT_IMPLEMENTED`.
 */
export function parseTime(value: string | undefined): number | null {
  const m = /^\s*\+?(\d{1,6}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,9})|\.(\d{1,6})\/(\d{1,6}))?\s*$/.exec(value ?? '');
  if (!m) return null;
  const [, h, min, s, decimals, num, den] = m;
  if (Number(min) > 59 || Number(s) > 59) return null;
  let fraction = 0;
  if (decimals) fraction = Number(`0.${decimals}`);
  else if (num && den && Number(den) > 0) fraction = Math.min(1, Number(num) / Number(den));
  return (Number(h) * 3600 + Number(min) * 60 + Number(s) + fraction) * 1000;
}

export interface TrackMetadata {
  /** Our own id for the item (the catalogue track's). */
  id: string;
  title: string;
  artist?: string;
  album?: string;
  durationMs?: number | null;
  /** The MIME type of what the URL sends (`audio/mpeg`…); its parameters are dropped. */
  mime: string;
  url: string;
  /** Bytes, when known. */
  size?: number | null;
  albumArtUrl?: string | null;
}

/** The protocolInfo of an HTTP resource of this MIME type (DLNA's fourth field left open). */
export const protocolInfo = (mime: string) => `http-get:*:${mime.split(';')[0]!.trim().toLowerCase() || 'application/octet-stream'}:*`;

/**
 * A DIDL-Lite document describing one music track, as SetAVTransportURI's
 * CurrentURIMetaData takes it (the caller escapes the whole document once more for SOAP).
 * Everything from tags is escaped here.
 */
export function didlLite(track: TrackMetadata): string {
  const e = escapeXml;
  const optional = (tag: string, value: string | undefined | null) => (value ? `<${tag}>${e(value)}</${tag}>` : '');
  const attributes = [`protocolInfo="${e(protocolInfo(track.mime))}"`];
  if (track.durationMs) attributes.push(`duration="${formatTime(track.durationMs)}"`);
  if (track.size) attributes.push(`size="${Math.floor(track.size)}"`);
  return (
    '<DIDL-Lite xmlns="urn:schemas-upnp-org:metadata-1-0/DIDL-Lite/" xmlns:dc="http://purl.org/dc/elements/1.1/" ' +
    'xmlns:upnp="urn:schemas-upnp-org:metadata-1-0/upnp/">' +
    `<item id="${e(track.id)}" parentID="0" restricted="1">` +
    `<dc:title>${e(track.title)}</dc:title>` +
    optional('dc:creator', track.artist) +
    optional('upnp:artist', track.artist) +
    optional('upnp:album', track.album) +
    optional('upnp:albumArtURI', track.albumArtUrl) +
    '<upnp:class>object.item.audioItem.musicTrack</upnp:class>' +
    `<res ${attributes.join(' ')}>${e(track.url)}</res>` +
    '</item></DIDL-Lite>'
  );
}
