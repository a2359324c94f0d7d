import { useEffect, useRef } from 'react';

interface Props {
  /** The input's accessible name, e.g. "Name of the new playlist". */
  label: string;
  initial: string;
  /** Called once with the trimmed, non-empty name (Enter, or leaving the field). */
  onSave(name: string): void;
  onCancel(): void;
  className?: string;
}

/**
 * A name typed in place: focused with its text selected; Enter saves, Escape cancels, and
 * leaving the field saves a non-empty name (as Spotify's sidebar does).
 */
export function InlineName({ label, initial, onSave, onCancel, className }: Props) {
  const input = useRef<HTMLInputElement>(null);
  // Enter saves, then the unmount blurs the field: only the first of the two counts.
  const done = useRef(false);
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);

  function finish(save: boolean) {
    if (done.current) return;
    done.current = true;
    const name = input.current?.value.trim() ?? '';
    if (save && name) onSave(name);
    else onCancel();
  }

  return (
    <input
      ref={input}
      className={`inline-name ${className ?? ''}`}
      aria-label={label}
      defaultValue={initial}
      maxLength={100}
      onKeyDown={(e) => {
        if (e.key === 'Enter') finish(true);
        else if (e.key === 'Escape') finish(false);
        else return;
        e.preventDefault();
        e.stopPropagation();
      }}
      onBlur={() => finish(true)}
    />
  );
}
