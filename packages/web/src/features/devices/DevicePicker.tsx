import { useEffect, useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Device } from '@runnel/api';
import { api } from '../../api/client.ts';
import { player } from '../../audio/player.ts';
import { playback, usePlayback } from '../../devices/playback-store.ts';
import { reportState } from '../../devices/report.ts';
import { thisDevice } from '../../devices/this-device.ts';
import { Icon } from '../../ui/icons.tsx';
import { AddSpeaker } from './AddSpeaker.tsx';
import { DeviceRow } from './DeviceRow.tsx';
import { useT } from '../../i18n/use-t.ts';
import { errorText } from '../../i18n/errors.ts';
import './devices.css';

/** Hands playback to a device: what this tab has loaded first becomes the user's playback, if nothing else is. */
async function playOn(device: Device) {
  if (!playback() && player.getSnapshot().current) reportState(undefined, true);
  await api('PUT /me/player', { body: { device_ids: [device.id], play: true } });
}

/**
 * "Play on…": the user's devices that are online (this browser first), the active one
 * marked; choosing one moves playback there from where it is. This browser can be renamed.
 */
export function DevicePicker() {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const state = usePlayback();
  const client = useQueryClient();
  const box = useRef<HTMLDivElement>(null);
  const devices = useQuery({ queryKey: ['devices'], queryFn: () => api('GET /me/player/devices'), enabled: open });
  useEffect(() => {
    if (!open) return;
    void client.invalidateQueries({ queryKey: ['devices'] });
    const close = (e: Event) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !box.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', close);
    document.addEventListener('pointerdown', close);
    return () => {
      document.removeEventListener('keydown', close);
      document.removeEventListener('pointerdown', close);
    };
  }, [open, client]);
  const list = [...(devices.data?.devices ?? [])].sort((a, b) => Number(b.id === thisDevice.id) - Number(a.id === thisDevice.id));
  const activeId = state?.device.is_active ? state.device.id : undefined;
  const elsewhere = activeId !== undefined && activeId !== thisDevice.id;
  return (
    <div className="device-picker" ref={box}>
      <button
        className={`icon ${elsewhere ? 'on' : ''}`}
        aria-label={elsewhere ? t('devices.listeningOn', { device: state?.device.name ?? t('devices.another') }) : t('devices.connect')}
        title={t('devices.playOnMenu')}
        aria-expanded={open}
        aria-haspopup="dialog"
        onClick={() => setOpen(!open)}
      >
        <Icon name="devices" size={18} />
      </button>
      {open && (
        <div className="device-list" role="dialog" aria-label={t('devices.playOn')}>
          <h2 className="kicker">{t('devices.playOn')}</h2>
          {devices.isPending && <p className="muted">{t('devices.looking')}</p>}
          <ul>
            {list.map((device) => (
              <DeviceRow
                key={device.id}
                device={device}
                here={device.id === thisDevice.id}
                active={device.id === activeId}
                onChoose={() =>
                  playOn(device).then(
                    () => (setError(null), setOpen(false)),
                    (e: Error) => setError(errorText(e, 'devices.failed')),
                  )
                }
                onRenamed={() => void client.invalidateQueries({ queryKey: ['devices'] })}
              />
            ))}
          </ul>
          {devices.isSuccess && list.length < 2 && <p className="muted small">{t('devices.hint')}</p>}
          <AddSpeaker onAdded={() => void client.invalidateQueries({ queryKey: ['devices'] })} />
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
