import { useEffect, useRef } from 'react';
import { Icon } from '../../ui/icons.tsx';
import { useT } from '../../i18n/use-t.ts';

/**
 * The search box (the top bar's, and the phone's search page's): `onText` at every change,
 * so results come as the listener types. It is `#search-box`, which `/` focuses. `value`,
 * when given, is what the page shows results for: the box follows it when the listener
 * goes back to earlier results or leaves them (and is empty then), not only as they type.
 */
export function SearchBox({
  placeholder,
  onText,
  defaultValue,
  value,
  className = 'search',
  iconSize = 18,
}: {
  placeholder: string;
  onText: (text: string) => void;
  defaultValue?: string;
  value?: string;
  className?: string;
  iconSize?: number;
}) {
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  /** What was typed and not yet echoed back as `value`. */
  const typed = useRef<string[]>([]);
  useEffect(() => {
    if (value === undefined || !input.current) return;
    const echo = typed.current.indexOf(value);
    // An echo of typing is left alone (the box may already be ahead of it); any other value came from elsewhere (Back, a link).
    if (echo >= 0) typed.current = typed.current.slice(echo + 1);
    else {
      typed.current = [];
      input.current.value = value;
    }
  }, [value]);
  return (
    <form className={className} role="search" onSubmit={(e) => e.preventDefault()}>
      <Icon name="search" size={iconSize} />
      <input
        id="search-box"
        ref={input}
        type="search"
        placeholder={placeholder}
        aria-label={t('nav.search')}
        defaultValue={defaultValue}
        enterKeyHint="search"
        onChange={(e) => {
          typed.current.push(e.target.value);
          onText(e.target.value);
        }}
      />
    </form>
  );
}
