import type { DeviceType } from '@runnel/api';
import { api } from '../api/client.ts';

const KEY = 'runnel.device';

/** This browser's device id: made once, kept in localStorage (a new profile is a new device). */
function deviceId(): string {
  const kept = localStorage.getItem(KEY);
  if (kept && /^[A-Za-z0-9_-]{8,64}$/.test(kept)) return kept;
  const made = `web-${Array.from(crypto.getRandomValues(new Uint8Array(9)), (b) => b.toString(16).padStart(2, '0')).join('')}`;
  localStorage.setItem(KEY, made);
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

/** Tells the server this browser is one of the user's devices (the name sticks only the first time). */
export async function registerThisDevice(volume: number) {
  await api('PUT /me/player/devices/:id', {
    params: { id: thisDevice.id },
    body: { name: defaultName(), type: thisDevice.type, supports_volume: true, volume_percent: Math.round(volume * 100) },
  });
}
