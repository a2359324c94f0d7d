import { Icon } from '../../ui/icons.tsx';
import { useT } from '../../i18n/use-t.ts';

/**
 * The search box (the top bar's, and the phone's search page's): `onText` at every change,
 * so results come as the listener types. It is `#search-box`, which `/` focuses.
 */
export function SearchBox({
  placeholder,
  onText,
  defaultValue,
  className = 'search',
  iconSize = 18,
}: {
  placeholder: string;
  onText: (text: string) => void;
  defaultValue?: string;
  className?: string;
  iconSize?: number;
}) {
  const t = useT();
  return (
    <form className={className} role="search" onSubmit={(e) => e.preventDefault()}>
      <Icon name="search" size={iconSize} />
      <input
        id="search-box"
        type="search"
        placeholder={placeholder}
        aria-label={t('nav.search')}
        defaultValue={defaultValue}
        enterKeyHint="search"
        onChange={(e) => onText(e.target.value)}
      />
    </form>
  );
}
