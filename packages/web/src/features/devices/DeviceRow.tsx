import { useState } from 'react';
import type { Device } from '@runnel/api';
import { renameThisDevice } from '../../devices/this-device.ts';
import { useT } from '../../i18n/use-t.ts';

/** One device in "Play on…": choose it, or (this browser) rename it. */
export function DeviceRow({
  device,
  here,
  active,
  onChoose,
  onRenamed,
}: {
  device: Device;
  here: boolean;
  active: boolean;
  onChoose: () => void;
  onRenamed: () => void;
}) {
  const t = useT();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(device.name);
  const save = async () => {
    const trimmed = name.trim();
    setEditing(false);
    if (!trimmed || trimmed === device.name) return setName(device.name);
    await renameThisDevice(trimmed).catch(() => setName(device.name));
    onRenamed();
  };
  if (editing)
    return (
      <li className="device-row">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <input
            aria-label={t('devices.nameLabel')}
            value={name}
            maxLength={80}
            autoFocus
            onChange={(e) => setName(e.target.value)}
            onBlur={() => void save()}
          />
        </form>
      </li>
    );
  return (
    <li className={`device-row ${active ? 'active' : ''}`}>
      <button className="device-choose" aria-current={active ? 'true' : undefined} onClick={onChoose}>
        <span className="device-name">{name}</span>
        <span className="muted small">
          {t('devices.kind', { kind: here ? 'here' : device.type })}
          {active ? ` · ${t('devices.playing')}` : ''}
        </span>
      </button>
      {here && (
        <button className="link small" onClick={() => setEditing(true)}>
          {t('common.rename')}
        </button>
      )}
    </li>
  );
}
