/** A toggle: one accessible name, its state in aria-pressed; the text says the state to the eye ("✓ Saved"). */
export function ToggleButton({
  on,
  label,
  onText,
  disabled,
  title,
  onToggle,
}: {
  on: boolean;
  label: string;
  onText: string;
  disabled?: boolean;
  title?: string;
  onToggle: (on: boolean) => void;
}) {
  return (
    <button className={on ? 'saved' : undefined} aria-pressed={on} aria-label={label} title={title} disabled={disabled} onClick={() => onToggle(!on)}>
      {on ? `✓ ${onText}` : label}
    </button>
  );
}
