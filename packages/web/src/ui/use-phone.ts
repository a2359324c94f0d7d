import { useSyncExternalStore } from 'react';

/** The width at and under which the player takes its phone layout (phone.css says the same). */
export const PHONE_QUERY = '(max-width: 720px)';

let query: MediaQueryList | undefined;
const phoneQuery = () => (query ??= matchMedia(PHONE_QUERY));

/** Whether the window is phone-sized now (not a guess at the device: a narrow desktop window counts). */
export const isPhone = () => phoneQuery().matches;

/** Whether the window is phone-sized; re-renders when it crosses the line (a rotation, a resize). */
export function usePhone(): boolean {
  return useSyncExternalStore((changed) => {
    phoneQuery().addEventListener('change', changed);
    return () => phoneQuery().removeEventListener('change', changed);
  }, isPhone);
}
