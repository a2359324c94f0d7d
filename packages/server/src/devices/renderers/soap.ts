import type { RendererDescription } from './description.ts';
import { parseTime } from './didl.ts';
import { LanError, lanRequest, type LanRequest } from './lan.ts';
import { escapeXml, parseXml, path, textAt, type XmlElement } from './xml.ts';

/** A renderer answered a SOAP action with a fault (UPnP error code and description). */
export class SoapFault extends Error {
  readonly upnpCode: number | null;
  constructor(action: string, upnpCode: number | null, description: string) {
    super(`${action} failed${upnpCode === null ? '' : ` (UPnP error ${upnpCode})`}: ${description}`);
    this.name = 'SoapFault';
    this.upnpCode = upnpCode;
  }
}

export type TransportState = 'STOPPED' | 'PLAYING' | 'PAUSED_PLAYBACK' | 'TRANSITIONING' | 'NO_MEDIA_PRESENT' | 'RECORDING' | 'PAUSED_RECORDING' | 'UNKNOWN';
const STATES = new Set<string>(['STOPPED', 'PLAYING', 'PAUSED_PLAYBACK', 'TRANSITIONING', 'NO_MEDIA_PRESENT', 'RECORDING', 'PAUSED_RECORDING']);

export interface PositionInfo {
  trackUri: string;
  /** null when the renderer does not know. */
  durationMs: number | null;
  positionMs: number | null;
}

/** The SOAP request body of one action (UPnP Device Architecture §3.1); argument values are escaped. */
export function soapEnvelope(service: string, action: string, args: [string, string | number][]): string {
  const body = args.map(([name, value]) => `<${name}>${escapeXml(String(value))}</${name}>`).join('');
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" s:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/">' +
    `<s:Body><u:${action} xmlns:u="${service}">${body}</u:${action}></s:Body></s:Envelope>`
  );
}

/** The arguments of an action's answer, or a SoapFault. */
export function parseSoapAnswer(action: string, status: number, xml: string): XmlElement {
  let envelope: XmlElement | undefined;
  try {
    envelope = parseXml(xml);
  } catch {
    envelope = undefined;
  }
  const fault = path(envelope, 'Body', 'Fault');
  if (fault) {
    const error = path(fault, 'detail', 'UPnPError');
    const code = Number(textAt(error, 'errorCode'));
    throw new SoapFault(
      action,
      Number.isInteger(code) ? code : null,
      (textAt(error, 'errorDescription') ?? textAt(fault, 'faultstring') ?? 'fault').slice(0, 200),
    );
  }
  const answer = path(envelope, 'Body', `${action}Response`);
  if (status !== 200 || !answer) throw new SoapFault(action, null, `an answer of HTTP ${status} without ${action}Response`);
  return answer;
}

const AV = 'urn:schemas-upnp-org:service:AVTransport:1';
const RC = 'urn:schemas-upnp-org:service:RenderingControl:1';
const CM = 'urn:schemas-upnp-org:service:ConnectionManager:1';

/** The actions Runnel uses on one renderer (AVTransport, RenderingControl, ConnectionManager; instance 0). */
export function soapClient(renderer: RendererDescription, options: Pick<LanRequest, 'allow' | 'timeoutMs'> = {}) {
  /** This server's address as seen on the last connection to the renderer. */
  let localAddress: string | undefined;
  async function call(controlUrl: string | null, service: string, action: string, args: [string, string | number][] = []): Promise<XmlElement> {
    if (!controlUrl) throw new SoapFault(action, null, 'the renderer has no such service');
    const answer = await lanRequest(controlUrl, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset="utf-8"', soapaction: `"${service}#${action}"` },
      body: soapEnvelope(service, action, args),
      maxBytes: 64 * 1024,
      timeoutMs: 3000,
      ...options,
    });
    localAddress = answer.localAddress ?? localAddress;
    return parseSoapAnswer(action, answer.status, answer.body);
  }
  const av = (action: string, args: [string, string | number][] = []) => call(renderer.avTransport, AV, action, [['InstanceID', 0], ...args]);
  const rc = (action: string, args: [string, string | number][] = []) => call(renderer.renderingControl, RC, action, [['InstanceID', 0], ...args]);

  return {
    get localAddress() {
      return localAddress;
    },
    supportsVolume: renderer.renderingControl !== null,
    setUri: (url: string, metadata: string) =>
      av('SetAVTransportURI', [
        ['CurrentURI', url],
        ['CurrentURIMetaData', metadata],
      ]),
    play: () => av('Play', [['Speed', '1']]),
    pause: () => av('Pause'),
    stop: () => av('Stop'),
    /** To a time in the current track; REL_TIME as `H:MM:SS`. */
    seek: (target: string) =>
      av('Seek', [
        ['Unit', 'REL_TIME'],
        ['Target', target],
      ]),
    async transportState(): Promise<TransportState> {
      const state = textAt(await av('GetTransportInfo'), 'CurrentTransportState') ?? '';
      return STATES.has(state) ? (state as TransportState) : 'UNKNOWN';
    },
    async positionInfo(): Promise<PositionInfo> {
      const answer = await av('GetPositionInfo');
      return {
        trackUri: textAt(answer, 'TrackURI') ?? '',
        durationMs: parseTime(textAt(answer, 'TrackDuration')),
        positionMs: parseTime(textAt(answer, 'RelTime')),
      };
    },
    setVolume: (percent: number) =>
      rc('SetVolume', [
        ['Channel', 'Master'],
        ['DesiredVolume', Math.round(Math.min(100, Math.max(0, percent)))],
      ]),
    async volume(): Promise<number | null> {
      const value = Number(textAt(await rc('GetVolume', [['Channel', 'Master']]), 'CurrentVolume'));
      return Number.isFinite(value) ? Math.round(Math.min(100, Math.max(0, value))) : null;
    },
    /** The MIME types the renderer plays (ConnectionManager's Sink); empty when it does not say. */
    async sinkTypes(): Promise<string[]> {
      if (!renderer.connectionManager) return [];
      const sink = textAt(await call(renderer.connectionManager, CM, 'GetProtocolInfo').catch(() => undefined), 'Sink') ?? '';
      return [...new Set(sink.split(',').map((entry) => entry.split(':')[2]?.trim().toLowerCase() ?? ''))].filter((m) => /^[a-z]+\/[\w.+-]+$/.test(m));
    },
  };
}

export type SoapClient = ReturnType<typeof soapClient>;

/** Whether an error means the renderer is not there (as against it refusing an action). */
export const unreachable = (error: unknown) => error instanceof LanError;
