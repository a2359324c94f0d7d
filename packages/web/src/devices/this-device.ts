import type { DeviceType } from '@runnel/api';
import { api } from '../api/client.ts';

const KEY = 'runnel.device';

/**
 * This tab's device id: made once per tab and kept in sessionStorage, so a reload keeps it
 * and two tabs of one browser are two devices (each plays on its own; one id would have
 * both obey every command).
 */
function deviceId(): string {
  const kept = sessionStorage.getItem(KEY);
  if (kept && /^[A-Za-z0-9_-]{8,64}$/.test(kept)) return kept;
  const made = `web-${Array.from(crypto.getRandomValues(new Uint8Array(9)), (b) => b.toString(16).padStart(2, '0')).join('')}`;
  sessionStorage.setItem(KEY, made);
  return made;
}

/** "Firefox on Linux", "Chrome on Android": what the listener sees in every "Play on…" list until they rename it. */
export function defaultName(ua = navigator.userAgent): string {
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /OPR\//.test(ua)
      ? 'Opera'
      : /Firefox\//.test(ua)
        ? 'Firefox'
        : /Chrom(e|ium)\//.test(ua)
          ? 'Chrome'
          : /Safari\//.test(ua)
            ? 'Safari'
            : 'Browser';
  const system = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad|iPod/.test(ua)
      ? 'iOS'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS X/.test(ua)
          ? 'macOS'
          : /CrOS/.test(ua)
            ? 'ChromeOS'
            : /Linux/.test(ua)
              ? 'Linux'
              : 'the web';
  return `${browser} on ${system}`;
}

const phoneLike = (ua = navigator.userAgent) => /Mobi|Android|iPhone|iPod/.test(ua);

export const thisDevice: { id: string; type: DeviceType } = { id: deviceId(), type: phoneLike() ? 'smartphone' : 'computer' };

const NAME = 'runnel.device-name';

/** Tells the server this tab is one of the user's devices, named as this browser was last renamed (else after it). */
export async function registerThisDevice(volume: number) {
  await api('PUT /me/player/devices/:id', {
    params: { id: thisDevice.id },
    body: { name: localStorage.getItem(NAME) || defaultName(), type: thisDevice.type, supports_volume: true, volume_percent: Math.round(volume * 100) },
  });
}

/** Renames this tab's device, and the next tabs of this browser too. */
export async function renameThisDevice(name: string) {
  await api('PATCH /me/player/devices/:id', { params: { id: thisDevice.id }, body: { name } });
  localStorage.setItem(NAME, name);
}
