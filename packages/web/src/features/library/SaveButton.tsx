import { ToggleButton } from '../../ui/ToggleButton.tsx';
import { useServerToggle } from '../../ui/use-server-toggle.ts';
import { isKept, listKey, setKept } from './api.ts';
import { useT } from '../../i18n/use-t.ts';

/** "Save to Library" on an album page, "Follow" on an artist's: shows the state and toggles it. */
export function SaveButton({ kind, id, name }: { kind: 'albums' | 'artists'; id: string; name: string }) {
  const t = useT();
  const kept = useServerToggle(
    ['kept', kind, id],
    () => isKept(kind, id),
    (keep) => setKept(kind, [id], keep),
    [[listKey[kind]]],
  );
  const [label, onText] = kind === 'albums' ? [t('library.save'), t('library.saved')] : [t('people.follow'), t('people.following')];
  return (
    <ToggleButton
      on={kept.on}
      label={label}
      onText={onText}
      disabled={!kept.ready}
      title={kept.on ? t('library.undo', { name }) : undefined}
      onToggle={kept.set}
    />
  );
}
