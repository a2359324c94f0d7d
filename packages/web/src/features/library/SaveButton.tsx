import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { isKept, listKey, setKept } from './api.ts';

/** "Save to Library" on an album page, "Follow" on an artist's: shows the state and toggles it. */
export function SaveButton({ kind, id, name }: { kind: 'albums' | 'artists'; id: string; name: string }) {
  const client = useQueryClient();
  const key = ['kept', kind, id];
  const kept = useQuery({ queryKey: key, queryFn: () => isKept(kind, id) });
  const toggle = useMutation({
    mutationFn: (keep: boolean) => setKept(kind, [id], keep),
    onMutate: (keep) => client.setQueryData(key, keep),
    onError: () => void client.invalidateQueries({ queryKey: key }),
    onSettled: () => void client.invalidateQueries({ queryKey: [listKey[kind]] }),
  });
  const on = kept.data === true;
  const [label, onLabel] = kind === 'albums' ? ['Save to Library', 'Saved'] : ['Follow', 'Following'];
  // A toggle: one name, its state in aria-pressed; the text says the state to the eye.
  return (
    <button className={on ? 'saved' : undefined} aria-pressed={on} aria-label={label} title={on ? `Click to undo: ${name}` : undefined} disabled={!kept.isSuccess} onClick={() => toggle.mutate(!on)}>
      {on ? `✓ ${onLabel}` : label}
    </button>
  );
}
